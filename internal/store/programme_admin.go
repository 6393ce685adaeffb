package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hubbook/internal/model"
)

// Partners returns every partner organisation by name.
func (s *Store) Partners(ctx context.Context) ([]model.Partner, error) {
	var partners []model.Partner
	err := s.selectContext(ctx, &partners, `
		SELECT id, slug, name, description, website, phone FROM partners ORDER BY lower(name), id`)
	return partners, wrap(err, "partners")
}

// AllSpaces returns every space of every venue, by venue then name, for
// the session form's choice of place.
func (s *Store) AllSpaces(ctx context.Context) ([]model.Space, error) {
	var spaces []model.Space
	err := s.selectContext(ctx, &spaces, `
		SELECT sp.id, sp.venue_id, sp.parent_id, sp.slug, sp.name, sp.kind, sp.description, sp.capacity
		FROM spaces sp JOIN venues v ON v.id = sp.venue_id
		ORDER BY lower(v.name), lower(sp.name), sp.id`)
	return spaces, wrap(err, "all spaces")
}

// sessionAudit is the part of a session the audit log records.
type sessionAudit struct {
	Title           string              `json:"title"`
	Status          model.SessionStatus `json:"status"`
	StartsAt        time.Time           `json:"starts_at"`
	EndsAt          time.Time           `json:"ends_at"`
	VenueID         int64               `json:"venue_id"`
	SpaceID         *int64              `json:"space_id,omitempty"`
	PartnerID       *int64              `json:"partner_id,omitempty"`
	ThemeID         int64               `json:"theme_id"`
	AudienceID      int64               `json:"audience_id"`
	BookingRequired bool                `json:"booking_required"`
	Capacity        *int                `json:"capacity,omitempty"`
	WalkInReserve   int                 `json:"walk_in_reserve,omitempty"`
	CancelReason    string              `json:"cancel_reason,omitempty"`
	ReviewNote      string              `json:"review_note,omitempty"`
}

func auditOfSession(m model.Session) sessionAudit {
	a := sessionAudit{
		Title: m.Title, Status: m.Status, StartsAt: m.StartsAt.UTC(), EndsAt: m.EndsAt.UTC(),
		VenueID: m.Venue.ID, ThemeID: m.Theme.ID, AudienceID: m.Audience.ID,
		BookingRequired: m.BookingRequired, Capacity: m.Capacity, WalkInReserve: m.WalkInReserve, CancelReason: m.CancelReason, ReviewNote: m.ReviewNote,
	}
	if m.Space != nil {
		a.SpaceID = &m.Space.ID
	}
	if m.Partner != nil {
		a.PartnerID = &m.Partner.ID
	}
	return a
}

// sessionForUpdate reads the session publicID and locks its row until the
// transaction ends.
func (s *Store) sessionForUpdate(ctx context.Context, publicID string) (model.Session, error) {
	var r sessionRow
	err := s.getContext(ctx, &r, `SELECT `+sessionColumns+sessionJoins+` WHERE ps.public_id = $1 FOR UPDATE OF ps`, publicID)
	if err != nil {
		return model.Session{}, wrap(err, "lock session "+publicID)
	}
	return r.session(), nil
}

// auditSession writes a session change to the audit log, reading the
// session as it now is.
func (s *Store) auditSession(ctx context.Context, by model.Actor, action string, before *model.Session, publicID string) error {
	after, err := s.Session(ctx, publicID)
	if err != nil {
		return err
	}
	c := change{action: action, entity: "session", key: publicID, label: after.Title, after: auditOfSession(after)}
	if before != nil {
		c.before = auditOfSession(*before)
	}
	return s.audit(ctx, by, c)
}

// insertSession adds one session and returns its public id.
func (s *Store) insertSession(ctx context.Context, n NewSession, proposedBy *int64) (string, error) {
	var publicID string
	err := s.getContext(ctx, &publicID, `
		INSERT INTO programme_sessions (title, summary, description, theme_id, audience_id, venue_id,
			space_id, partner_id, series_id, starts_at, ends_at, booking_required, capacity,
			children_welcome, access_notes, status, cancel_reason, proposed_by, walk_in_reserve)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
		RETURNING public_id`,
		n.Title, n.Summary, n.Description, n.ThemeID, n.AudienceID, n.VenueID,
		n.SpaceID, n.PartnerID, n.SeriesID, n.StartsAt, n.EndsAt, n.BookingRequired, n.Capacity,
		n.ChildrenWelcome, n.AccessNotes, n.Status, n.CancelReason, proposedBy, n.WalkInReserve)
	return publicID, wrap(err, "insert session "+n.Title)
}

// Occurrence is one dated session of a new series.
type Occurrence struct {
	StartsAt, EndsAt time.Time
}

// SeriesRule is the recurrence a run of new sessions came from.
type SeriesRule struct {
	RRULE   string
	DTStart time.Time
	TZID    string
}

// AddSessions adds n to the programme once, or once per occurrence when
// rule is not nil (a series, recorded with its rule), all in one
// transaction with an audit line each. It returns the public ids in date
// order.
func (s *Store) AddSessions(ctx context.Context, by model.Actor, n NewSession, rule *SeriesRule, at []Occurrence) ([]string, error) {
	if n.Status == "" {
		n.Status = model.StatusScheduled
	}
	if len(at) == 0 {
		at = []Occurrence{{n.StartsAt, n.EndsAt}}
	}
	var ids []string
	err := s.InTx(ctx, func(tx *Store) error {
		if rule != nil {
			var seriesID int64
			err := tx.getContext(ctx, &seriesID, `
				INSERT INTO series (rrule, dtstart, tzid) VALUES ($1, $2, $3) RETURNING id`,
				rule.RRULE, rule.DTStart, rule.TZID)
			if err != nil {
				return wrap(err, "create series")
			}
			n.SeriesID = &seriesID
		}
		var proposedBy *int64
		if n.Status == model.StatusProposed {
			proposedBy = nullID(by.ID)
		}
		for _, o := range at {
			n.StartsAt, n.EndsAt = o.StartsAt, o.EndsAt
			id, err := tx.insertSession(ctx, n, proposedBy)
			if err != nil {
				return err
			}
			action := "session.create"
			if n.Status == model.StatusProposed {
				action = "session.propose"
			}
			if err := tx.auditSession(ctx, by, action, nil, id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	return ids, err
}

// ErrChanged means the thing was changed since the person looked at it, so
// the decision they made about it was not applied.
var ErrChanged = fmt.Errorf("%w since it was shown", model.ErrConflict)

// Version is a row's updated_at as an edit form carries it, to tell
// whether someone else saved in between.
func Version(t time.Time) string { return strconv.FormatInt(t.UnixMicro(), 10) }

// sameVersion reports whether the version a form carried is the row's.
func sameVersion(version string, updated time.Time) bool { return version == Version(updated) }

// SessionEdit is a change to one session: its fields (n's Status and
// SeriesID are ignored) and the version the form was opened at.
type SessionEdit struct {
	Fields  NewSession
	Version string
	// Seen is the latest version among the sessions "this and following"
	// would change, when the form was opened (FollowingInSeries): it
	// refuses to overwrite one changed since. Empty checks only Version.
	Seen string
}

// updateSession writes e's fields to the session publicID, locked by the
// caller.
func (s *Store) updateSession(ctx context.Context, publicID string, n NewSession) error {
	_, err := s.q.ExecContext(ctx, `
		UPDATE programme_sessions SET title = $2, summary = $3, description = $4, theme_id = $5,
			audience_id = $6, venue_id = $7, space_id = $8, partner_id = $9, starts_at = $10, ends_at = $11,
			booking_required = $12, capacity = $13, children_welcome = $14, access_notes = $15,
			walk_in_reserve = $16
		WHERE public_id = $1`,
		publicID, n.Title, n.Summary, n.Description, n.ThemeID, n.AudienceID, n.VenueID, n.SpaceID,
		n.PartnerID, n.StartsAt, n.EndsAt, n.BookingRequired, n.Capacity, n.ChildrenWelcome, n.AccessNotes,
		n.WalkInReserve)
	return wrap(err, "update session "+publicID)
}

// UpdateSession saves an edit of one session. It returns model.ErrConflict
// when the session changed since e.Version, and model.ErrNotFound when
// scope (nil for staff) names a partner the session is not run by or the
// session is no longer a proposal the partner may change.
func (s *Store) UpdateSession(ctx context.Context, by model.Actor, publicID string, e SessionEdit, scope *PartnerScope) (Changed, error) {
	done := Changed{Sessions: 1}
	err := s.InTx(ctx, func(tx *Store) error {
		before, err := tx.sessionForUpdate(ctx, publicID)
		if err != nil {
			return err
		}
		if scope != nil && !scope.mayEdit(before) {
			return model.ErrNotFound
		}
		if !sameVersion(e.Version, before.UpdatedAt) {
			return model.ErrConflict
		}
		if err := belowBooked(before, e.Fields); err != nil {
			return err
		}
		if err := tx.updateSession(ctx, publicID, e.Fields); err != nil {
			return err
		}
		if _, err := tx.promoteAfterEdit(ctx, publicID); err != nil {
			return err
		}
		action := "session.update"
		if scope != nil {
			// A partner changing a declined proposal sends it back to the queue.
			if _, err := tx.q.ExecContext(ctx, `
				UPDATE programme_sessions SET status = 'proposed' WHERE public_id = $1`, publicID); err != nil {
				return wrap(err, "propose again")
			}
			action = "session.update_proposal"
		}
		if done.Notified, err = tx.noticeSession(ctx, before); err != nil {
			return err
		}
		return tx.auditSession(ctx, by, action, &before, publicID)
	})
	return done, err
}

// Changed is what a staff change to sessions did: how many sessions it
// changed, and how many bookings it is telling by email.
type Changed struct {
	Sessions int
	Notified int
}

// Retime gives a session of a series its new start and end when "this and
// following" is edited.
type Retime func(m model.Session) (start, end time.Time)

// BelowBookedError means an edit would give a session fewer places than
// are already booked on it.
type BelowBookedError struct {
	Session model.Session
}

// belowBooked returns a *BelowBookedError when n would leave before's
// bookings without their places: fewer places than are booked, or a drop-in
// (which nobody books) while people are booked or waiting. The caller holds
// the session's lock, so no booking slips in between.
func belowBooked(before model.Session, n NewSession) error {
	if n.Capacity != nil && *n.Capacity < before.PlacesBooked ||
		!n.BookingRequired && before.BookingRequired && before.PlacesBooked+before.WaitlistLength > 0 {
		return &BelowBookedError{Session: before}
	}
	return nil
}

func (e *BelowBookedError) Error() string {
	return fmt.Sprintf("session %s has %d places booked", e.Session.PublicID, e.Session.PlacesBooked)
}

// followingQuery reads the session $3 and the later sessions of its series
// $1 from $2 on that are still scheduled or proposed: what "this and
// following" changes. Cancelled sessions are left as they are.
const followingQuery = `SELECT ` + sessionColumns + sessionJoins + `
	WHERE ps.public_id = $3
	   OR (ps.series_id = $1 AND ps.starts_at >= $2 AND ps.status IN ('scheduled', 'proposed'))
	ORDER BY ps.starts_at, ps.id`

// FollowingInSeries counts the sessions "this and following" would change
// for m, m included, and returns the latest version among them: an edit
// form carries it, so that saving refuses to overwrite one of them changed
// since (by the database's clock, the one updated_at is written by).
func (s *Store) FollowingInSeries(ctx context.Context, m model.Session) (n int, latest string, err error) {
	if m.SeriesID == nil {
		return 1, Version(m.UpdatedAt), nil
	}
	var row struct {
		N      int       `db:"n"`
		Latest time.Time `db:"latest"`
	}
	err = s.getContext(ctx, &row, `SELECT count(*) AS n, max(f.updated_at) AS latest FROM (`+followingQuery+`) AS f`,
		*m.SeriesID, m.StartsAt, m.PublicID)
	return row.N, Version(row.Latest), wrap(err, "count following sessions")
}

// UpdateSessionAndFollowing saves an edit of a session of a series and
// applies the same fields to every later session of the series that is
// still scheduled or proposed, each given its times by retime (which moves
// them by shift days), and splits the series there so that its rule stays
// true (see splitSeries). It returns model.ErrConflict when the session
// changed since e.Version or any of the others since e.Seen, a
// *BelowBookedError when one of them has more places booked than the edit
// gives it, and ErrMonthlyShift for a monthly series moved to other days.
// It returns how many sessions changed.
func (s *Store) UpdateSessionAndFollowing(ctx context.Context, by model.Actor, publicID string, e SessionEdit, shift int, retime Retime) (Changed, error) {
	var done Changed
	err := s.InTx(ctx, func(tx *Store) error {
		first, err := tx.sessionForUpdate(ctx, publicID)
		if err != nil {
			return err
		}
		if !sameVersion(e.Version, first.UpdatedAt) {
			return model.ErrConflict
		}
		if first.SeriesID == nil {
			return fmt.Errorf("session %s is not in a series", publicID)
		}
		// What the split needs is read before anything moves.
		split, err := tx.planSplit(ctx, *first.SeriesID, first)
		if err != nil {
			return err
		}
		var rows []sessionRow
		if err := tx.selectContext(ctx, &rows, followingQuery+` FOR UPDATE OF ps`, *first.SeriesID, first.StartsAt, publicID); err != nil {
			return wrap(err, "lock following sessions")
		}
		seen := versionTime(e.Seen)
		var newFirst time.Time
		for _, r := range rows {
			before := r.session()
			if e.Seen != "" && before.UpdatedAt.After(seen) {
				return model.ErrConflict
			}
			if err := belowBooked(before, e.Fields); err != nil {
				return err
			}
			n := e.Fields
			n.StartsAt, n.EndsAt = retime(before)
			if before.PublicID == publicID {
				newFirst = n.StartsAt
			}
			if err := tx.updateSession(ctx, before.PublicID, n); err != nil {
				return err
			}
			if _, err := tx.promoteAfterEdit(ctx, before.PublicID); err != nil {
				return err
			}
			told, err := tx.noticeSession(ctx, before)
			if err != nil {
				return err
			}
			if err := tx.auditSession(ctx, by, "session.update", &before, before.PublicID); err != nil {
				return err
			}
			done.Sessions++
			done.Notified += told
		}
		return tx.splitSeries(ctx, split, newFirst, shift)
	})
	return done, err
}

// setStatus moves the session publicID from one of the statuses from to
// status, with its reason, audited as action. It returns model.ErrConflict
// when the session is not in one of from (someone else moved it first), and
// ErrChanged when version is given and the session has changed since. It
// returns how many bookings it is telling by email.
func (s *Store) setStatus(ctx context.Context, by model.Actor, publicID, version string, from []model.SessionStatus, to model.SessionStatus, reason, action string) (notified int, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		before, err := tx.sessionForUpdate(ctx, publicID)
		if err != nil {
			return err
		}
		ok := false
		for _, f := range from {
			ok = ok || before.Status == f
		}
		if !ok {
			return model.ErrConflict
		}
		if version != "" && !sameVersion(version, before.UpdatedAt) {
			return ErrChanged
		}
		q, args := `UPDATE programme_sessions SET status = $2, cancel_reason = '' WHERE public_id = $1`, []any{publicID, to}
		switch to {
		case model.StatusCancelled:
			q, args = `UPDATE programme_sessions SET status = $2, cancel_reason = $3 WHERE public_id = $1`, append(args, reason)
		case model.StatusDeclined:
			q, args = `UPDATE programme_sessions SET status = $2, review_note = $3 WHERE public_id = $1`, append(args, reason)
		}
		if _, err := tx.q.ExecContext(ctx, q, args...); err != nil {
			return wrap(err, action+" "+publicID)
		}
		if to == model.StatusScheduled {
			// Reinstated: places freed while it was off go to its waitlist.
			if _, err := tx.promoteAfterEdit(ctx, publicID); err != nil {
				return err
			}
		}
		if notified, err = tx.noticeSession(ctx, before); err != nil {
			return err
		}
		return tx.auditSession(ctx, by, action, &before, publicID)
	})
	return notified, err
}

// CancelSession marks a scheduled session cancelled, with the reason people
// will see, and tells everyone booked or waiting by email. It is kept,
// never deleted.
func (s *Store) CancelSession(ctx context.Context, by model.Actor, publicID, reason string) (Changed, error) {
	n, err := s.setStatus(ctx, by, publicID, "", []model.SessionStatus{model.StatusScheduled}, model.StatusCancelled, reason, "session.cancel")
	return Changed{Sessions: 1, Notified: n}, err
}

// FollowingScheduled is what cancelling "this and following" would cancel:
// the scheduled sessions of m's series from m on (m included), and the
// places booked and waitlist entries on them.
type FollowingScheduled struct {
	Sessions int `db:"sessions"`
	Places   int `db:"places"`
	Waitlist int `db:"waitlist"`
}

// ScheduledFrom returns what cancelling m and the following sessions of its
// series would cancel.
func (s *Store) ScheduledFrom(ctx context.Context, m model.Session) (FollowingScheduled, error) {
	var f FollowingScheduled
	if m.SeriesID == nil {
		return f, nil
	}
	err := s.getContext(ctx, &f, `
		SELECT count(*) AS sessions, coalesce(sum(places_booked), 0) AS places, coalesce(sum(waitlist_length), 0) AS waitlist
		FROM programme_sessions
		WHERE series_id = $1 AND starts_at >= $2 AND status = 'scheduled'`, *m.SeriesID, m.StartsAt)
	return f, wrap(err, "scheduled sessions from "+m.PublicID)
}

// CancelSessionAndFollowing cancels a scheduled session of a series and
// every later scheduled session of the series, each with the reason and an
// audit line, and returns how many it cancelled. A session that is no
// longer scheduled is model.ErrConflict.
func (s *Store) CancelSessionAndFollowing(ctx context.Context, by model.Actor, publicID, reason string) (Changed, error) {
	var done Changed
	err := s.InTx(ctx, func(tx *Store) error {
		first, err := tx.sessionForUpdate(ctx, publicID)
		if err != nil {
			return err
		}
		if first.Status != model.StatusScheduled || first.SeriesID == nil {
			return model.ErrConflict
		}
		var rows []sessionRow
		err = tx.selectContext(ctx, &rows, `SELECT `+sessionColumns+sessionJoins+`
			WHERE ps.series_id = $1 AND ps.starts_at >= $2 AND ps.status = 'scheduled'
			ORDER BY ps.starts_at, ps.id FOR UPDATE OF ps`, *first.SeriesID, first.StartsAt)
		if err != nil {
			return wrap(err, "lock following sessions")
		}
		for _, r := range rows {
			before := r.session()
			if _, err := tx.q.ExecContext(ctx, `
				UPDATE programme_sessions SET status = 'cancelled', cancel_reason = $2 WHERE public_id = $1`,
				before.PublicID, reason); err != nil {
				return wrap(err, "cancel "+before.PublicID)
			}
			told, err := tx.noticeSession(ctx, before)
			if err != nil {
				return err
			}
			if err := tx.auditSession(ctx, by, "session.cancel", &before, before.PublicID); err != nil {
				return err
			}
			done.Sessions++
			done.Notified += told
		}
		return nil
	})
	return done, err
}

// ReinstateSession puts a cancelled session back in the programme and
// tells everyone still booked or waiting that it is back on.
func (s *Store) ReinstateSession(ctx context.Context, by model.Actor, publicID string) (Changed, error) {
	n, err := s.setStatus(ctx, by, publicID, "", []model.SessionStatus{model.StatusCancelled}, model.StatusScheduled, "", "session.reinstate")
	return Changed{Sessions: 1, Notified: n}, err
}

// ApproveProposal puts a partner's proposal in the programme, as it was at
// version (when given): a proposal the partner changed since staff looked
// at it is ErrChanged.
func (s *Store) ApproveProposal(ctx context.Context, by model.Actor, publicID, version string) error {
	_, err := s.setStatus(ctx, by, publicID, version, []model.SessionStatus{model.StatusProposed}, model.StatusScheduled, "", "session.approve")
	return err
}

// DeclineProposal turns a proposal down, telling the partner why.
func (s *Store) DeclineProposal(ctx context.Context, by model.Actor, publicID, reason string) error {
	_, err := s.setStatus(ctx, by, publicID, "", []model.SessionStatus{model.StatusProposed}, model.StatusDeclined, reason, "session.decline")
	return err
}

// PartnerScope limits what a partner's account sees and changes to its own
// organisation's sessions.
type PartnerScope struct {
	PartnerID int64
}

// mayEdit reports whether the partner may change m: its own proposal,
// waiting or declined. Scheduled sessions are changed by staff.
func (p PartnerScope) mayEdit(m model.Session) bool {
	return m.Partner != nil && m.Partner.ID == p.PartnerID &&
		(m.Status == model.StatusProposed || m.Status == model.StatusDeclined)
}

// PartnerSession returns the session publicID if it is run by the
// partner, and model.ErrNotFound otherwise: another partner's session does
// not exist as far as this one can tell.
func (s *Store) PartnerSession(ctx context.Context, scope PartnerScope, publicID string) (model.Session, error) {
	var r sessionRow
	err := s.getContext(ctx, &r, `SELECT `+sessionColumns+sessionJoins+
		` WHERE ps.public_id = $1 AND ps.partner_id = $2`, publicID, scope.PartnerID)
	if err != nil {
		return model.Session{}, wrap(err, "partner session "+publicID)
	}
	return r.session(), nil
}

// PartnerSessions is Sessions for a partner's own pages: always scoped to
// its partner id, whatever f says; a scope with no partner lists nothing.
func (s *Store) PartnerSessions(ctx context.Context, scope PartnerScope, f SessionList) ([]model.Session, int, error) {
	if scope.PartnerID == 0 {
		return nil, 0, model.ErrNotFound
	}
	f.PartnerID = scope.PartnerID
	return s.Sessions(ctx, f)
}

// SessionList is what a back-office list of sessions shows.
type SessionList struct {
	// Status is one of the model statuses, or "" for any.
	Status model.SessionStatus
	// Upcoming keeps sessions that have not ended at Now; Past those that have.
	Upcoming, Past bool
	Now            time.Time
	VenueID        int64
	ThemeID        int64
	PartnerID      int64
	SeriesID       int64
	// Text matches the title.
	Text          string
	Limit, Offset int
}

// Sessions returns the sessions matching f: upcoming ones soonest first,
// others latest first, and how many match in all.
func (s *Store) Sessions(ctx context.Context, f SessionList) ([]model.Session, int, error) {
	var c conditions
	if f.Status != "" {
		c.add("ps.status = ?", f.Status)
	}
	if f.Upcoming {
		c.add("ps.ends_at > ?", f.Now)
	}
	if f.Past {
		c.add("ps.ends_at <= ?", f.Now)
	}
	if f.VenueID != 0 {
		c.add("ps.venue_id = ?", f.VenueID)
	}
	if f.ThemeID != 0 {
		c.add("ps.theme_id = ?", f.ThemeID)
	}
	if f.PartnerID != 0 {
		c.add("ps.partner_id = ?", f.PartnerID)
	}
	if f.SeriesID != 0 {
		c.add("ps.series_id = ?", f.SeriesID)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		c.add("ps.title ILIKE ?", likeContains(t))
	}
	cond, args := c.sql(), c.args
	order := "ps.starts_at DESC, ps.id DESC"
	if f.Upcoming {
		order = "ps.starts_at, ps.id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	var rows []sessionRow
	err := s.selectContext(ctx, &rows, `SELECT `+sessionColumns+sessionJoins+` WHERE `+cond+
		` ORDER BY `+order+fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, wrap(err, "sessions")
	}
	var total int
	if err := s.getContext(ctx, &total, `SELECT count(*) FROM programme_sessions ps WHERE `+cond, args...); err != nil {
		return nil, 0, wrap(err, "count sessions")
	}
	out := make([]model.Session, len(rows))
	for i, r := range rows {
		out[i] = r.session()
	}
	return out, total, nil
}

// StaffCounts are the figures on the staff home page.
type StaffCounts struct {
	Proposals     int `db:"proposals"`
	NextSevenDays int `db:"next_seven_days"`
	// CancelledSoon counts cancelled sessions in the next 30 days: people
	// may still turn up.
	CancelledSoon int `db:"cancelled_soon"`
	// FullSoon counts bookable sessions in the next 30 days with no places left.
	FullSoon int `db:"full_soon"`
	// SpaceRequests counts partners' space requests waiting for staff.
	SpaceRequests int `db:"space_requests"`
}

// Counts returns the staff home page's figures at now.
func (s *Store) Counts(ctx context.Context, now time.Time) (StaffCounts, error) {
	var c StaffCounts
	err := s.getContext(ctx, &c, `
		SELECT
			count(*) FILTER (WHERE status = 'proposed' AND ends_at > $1) AS proposals,
			count(*) FILTER (WHERE status = 'scheduled' AND ends_at > $1 AND starts_at < $1::timestamptz + interval '7 days') AS next_seven_days,
			count(*) FILTER (WHERE status = 'cancelled' AND ends_at > $1 AND starts_at < $1::timestamptz + interval '30 days') AS cancelled_soon,
			count(*) FILTER (WHERE status = 'scheduled' AND booking_required AND places_booked >= capacity
				AND ends_at > $1 AND starts_at < $1::timestamptz + interval '30 days') AS full_soon,
			(SELECT count(*) FROM space_bookings WHERE status = 'requested' AND kind = 'booking' AND ends_at > $1) AS space_requests
		FROM programme_sessions
		WHERE ends_at > $1`, now)
	return c, wrap(err, "staff counts")
}
