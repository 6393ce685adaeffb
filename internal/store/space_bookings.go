package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/lib/pq"
	"github.com/riverqueue/river"

	"hubbook/internal/model"
)

// SpaceRefused is a space booking refused for what was asked, with the
// field to show the reason next to.
type SpaceRefused struct {
	Field  string // starts_at, ends_at, attendees, purpose or space
	Reason string
}

func (r *SpaceRefused) Error() string { return r.Reason }

// SpaceBookingRequest is what it takes to book a space.
type SpaceBookingRequest struct {
	SpaceID int64
	// Kind is a booking (the zero value) or a closure.
	Kind model.SpaceBookingKind
	// Status is confirmed or requested (waiting for staff).
	Status    model.SpaceBookingStatus
	PartnerID *int64
	Purpose   string
	Attendees *int
	StartsAt  time.Time
	EndsAt    time.Time
	Series    string
}

// spaceBookingColumns and spaceBookingJoins read a space booking with its
// space, venue and partner.
const spaceBookingColumns = `
	sb.id, sb.public_id, sb.kind, sb.status, coalesce(ps.public_id, '') AS session_public_id,
	sb.purpose, sb.attendees, sb.starts_at, sb.ends_at,
	sb.starts_at - lower(sb.during) AS before, upper(sb.during) - sb.ends_at AS after,
	coalesce(sb.series::text, '') AS series, sb.booked_by, coalesce(u.name, '') AS booked_by_name,
	sb.decline_reason, sb.sequence, sb.created_at, sb.updated_at,
	sp.id AS space_id, sp.slug AS space_slug, sp.name AS space_name, sp.kind AS space_kind,
	sp.capacity AS space_capacity, sp.parent_id AS space_parent_id,
	v.id AS venue_id, v.slug AS venue_slug, v.name AS venue_name,
	p.id AS partner_id, p.slug AS partner_slug, p.name AS partner_name`

const spaceBookingJoins = `
	FROM space_bookings sb
	JOIN spaces sp ON sp.id = sb.space_id
	JOIN venues v ON v.id = sp.venue_id
	LEFT JOIN programme_sessions ps ON ps.id = sb.session_id
	LEFT JOIN partners p ON p.id = sb.partner_id
	LEFT JOIN users u ON u.id = sb.booked_by`

type spaceBookingRow struct {
	ID              int64          `db:"id"`
	PublicID        string         `db:"public_id"`
	Kind            string         `db:"kind"`
	Status          string         `db:"status"`
	SessionPublicID string         `db:"session_public_id"`
	Purpose         string         `db:"purpose"`
	Attendees       *int           `db:"attendees"`
	StartsAt        time.Time      `db:"starts_at"`
	EndsAt          time.Time      `db:"ends_at"`
	Before          string         `db:"before"`
	After           string         `db:"after"`
	Series          string         `db:"series"`
	BookedBy        *int64         `db:"booked_by"`
	BookedByName    string         `db:"booked_by_name"`
	DeclineReason   string         `db:"decline_reason"`
	Sequence        int            `db:"sequence"`
	CreatedAt       time.Time      `db:"created_at"`
	UpdatedAt       time.Time      `db:"updated_at"`
	SpaceID         int64          `db:"space_id"`
	SpaceSlug       string         `db:"space_slug"`
	SpaceName       string         `db:"space_name"`
	SpaceKind       string         `db:"space_kind"`
	SpaceCapacity   int            `db:"space_capacity"`
	SpaceParentID   *int64         `db:"space_parent_id"`
	VenueID         int64          `db:"venue_id"`
	VenueSlug       string         `db:"venue_slug"`
	VenueName       string         `db:"venue_name"`
	PartnerID       sql.NullInt64  `db:"partner_id"`
	PartnerSlug     sql.NullString `db:"partner_slug"`
	PartnerName     sql.NullString `db:"partner_name"`
}

// spaceBooking is the row as viewer may see it: another partner's
// purpose is hidden ("Booked"); nil viewer is staff, who see everything.
func (r spaceBookingRow) spaceBooking(viewer *PartnerScope) model.SpaceBooking {
	b := model.SpaceBooking{
		ID: r.ID, PublicID: r.PublicID, Kind: model.SpaceBookingKind(r.Kind), Status: model.SpaceBookingStatus(r.Status),
		SessionPublicID: r.SessionPublicID, Purpose: r.Purpose, Attendees: r.Attendees,
		StartsAt: r.StartsAt, EndsAt: r.EndsAt, Before: pgInterval(r.Before), After: pgInterval(r.After),
		Series: r.Series, BookedBy: r.BookedByName, BookedByID: r.BookedBy, DeclineReason: r.DeclineReason,
		Sequence: r.Sequence, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Space: model.Space{ID: r.SpaceID, VenueID: r.VenueID, Slug: r.SpaceSlug, Name: r.SpaceName,
			Kind: model.SpaceKind(r.SpaceKind), Capacity: r.SpaceCapacity, ParentID: r.SpaceParentID},
		Venue: model.Venue{ID: r.VenueID, Slug: r.VenueSlug, Name: r.VenueName},
	}
	if r.PartnerID.Valid {
		b.Partner = &model.Partner{ID: r.PartnerID.Int64, Slug: r.PartnerSlug.String, Name: r.PartnerName.String}
	}
	if viewer != nil {
		return b.SeenBy(viewer.PartnerID)
	}
	return b
}

// pgInterval reads an interval of whole minutes as PostgreSQL writes it
// ("00:15:00", or "00:00:00").
func pgInterval(s string) time.Duration {
	var h, m, sec int
	if _, err := fmt.Sscanf(s, "%d:%d:%d", &h, &m, &sec); err != nil {
		return 0
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second
}

// BookSpace books a space, or says why not: a *SpaceRefused for the
// times, the number of people or the purpose, a *model.Clash naming the
// live booking in the way (the database refuses every clash, spaces
// within spaces included: see migration 6), or model.ErrNotFound for no
// such space.
func (s *Store) BookSpace(ctx context.Context, by model.Actor, r SpaceBookingRequest) (model.SpaceBooking, error) {
	if r.Kind == "" {
		r.Kind = model.SpaceForBooking
	}
	if r.Status == "" {
		r.Status = model.SpaceConfirmed
	}
	r.Purpose = strings.TrimSpace(r.Purpose)
	var publicID string
	err := s.InTx(ctx, func(tx *Store) error {
		sp, buffers, err := tx.spaceForBooking(ctx, r.SpaceID, true)
		if err != nil {
			return err
		}
		if err := tx.checkSpaceBooking(ctx, sp, r); err != nil {
			return err
		}
		before, after := buffers[0], buffers[1]
		if r.Kind == model.SpaceClosed {
			before, after = 0, 0
		}
		var series *string
		if r.Series != "" {
			series = &r.Series
		}
		err = wrap(tx.getContext(ctx, &publicID, `
			INSERT INTO space_bookings (space_id, kind, status, partner_id, purpose, attendees, starts_at, ends_at, during, series, booked_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
			        tstzrange($7::timestamptz - make_interval(mins => $9), $8::timestamptz + make_interval(mins => $10), '[)'), $11, $12)
			RETURNING public_id`,
			r.SpaceID, r.Kind, r.Status, r.PartnerID, r.Purpose, r.Attendees, r.StartsAt, r.EndsAt,
			before, after, series, actorID(by)), "book space")
		if err != nil {
			return err
		}
		return tx.audit(ctx, by, change{action: "space_booking.create", entity: "space_booking", key: publicID,
			label: sp.Name + ": " + r.Purpose, after: map[string]any{"status": r.Status, "kind": r.Kind,
				"starts_at": r.StartsAt, "ends_at": r.EndsAt, "partner_id": r.PartnerID}})
	})
	if err != nil {
		return model.SpaceBooking{}, err
	}
	return s.SpaceBooking(ctx, publicID, nil)
}

// spaceForBooking reads the space and its set-up and clear-down minutes,
// and locks the outermost space around it (space_root), so that bookings
// anywhere in one building's tree of rooms and zones are made one at a
// time: the two exclusion constraints then never wait on each other in
// opposite orders (a deadlock), and the second of two clashing bookings
// always sees the first. A preview reads it without the lock.
func (s *Store) spaceForBooking(ctx context.Context, id int64, lock bool) (model.Space, [2]int, error) {
	var r struct {
		model.Space
		Setup     int `db:"setup_minutes"`
		Cleardown int `db:"cleardown_minutes"`
	}
	root := `SELECT id FROM spaces WHERE id = space_root($1)`
	if lock {
		root += ` FOR NO KEY UPDATE`
	}
	err := s.getContext(ctx, &r, `
		WITH root AS (`+root+`)
		SELECT sp.id, sp.venue_id, sp.parent_id, sp.slug, sp.name, sp.kind, sp.description, sp.capacity,
		       sp.setup_minutes, sp.cleardown_minutes
		FROM spaces sp, root WHERE sp.id = $1`, id)
	return r.Space, [2]int{r.Setup, r.Cleardown}, wrap(err, "space to book")
}

// checkSpaceBooking refuses what no booking of sp may be, before the
// database is asked about clashes.
func (s *Store) checkSpaceBooking(ctx context.Context, sp model.Space, r SpaceBookingRequest) error {
	longest := s.rules.SpaceMaxLength
	if longest == 0 {
		longest = 24 * time.Hour
	}
	switch {
	case r.Kind != model.SpaceClosed && r.Purpose == "":
		return &SpaceRefused{"purpose", "Say what the booking is for."}
	case len([]rune(r.Purpose)) > 200:
		return &SpaceRefused{"purpose", "Say what the booking is for in 200 characters or fewer."}
	case r.EndsAt.Before(r.StartsAt):
		return &SpaceRefused{"ends_at", "The end must be after the start."}
	case !r.EndsAt.After(r.StartsAt):
		return &SpaceRefused{"ends_at", "The booking has no length: the end must be after the start."}
	case r.StartsAt.Before(s.now()):
		return &SpaceRefused{"starts_at", "That time has passed: choose a time from now on."}
	case r.Kind != model.SpaceClosed && r.EndsAt.Sub(r.StartsAt) > longest:
		return &SpaceRefused{"ends_at", fmt.Sprintf("A booking can be at most %s long.", hoursText(longest))}
	case r.Attendees != nil && *r.Attendees < 1:
		return &SpaceRefused{"attendees", "Enter how many people, 1 or more."}
	case r.Attendees != nil && *r.Attendees > sp.Capacity:
		return &SpaceRefused{"attendees", fmt.Sprintf("%s holds %d people at most.", sp.Name, sp.Capacity)}
	}
	if r.Kind == model.SpaceClosed {
		return nil // a closure may cover any time, open or not
	}
	return s.checkOpen(ctx, sp, r.StartsAt, r.EndsAt)
}

func hoursText(d time.Duration) string {
	if d%time.Hour == 0 {
		if d == time.Hour {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return d.String()
}

// OpeningHours returns the hours of the space (its own, or else its
// venue's); none means no hours are set and any time is open.
func (s *Store) OpeningHours(ctx context.Context, sp model.Space) ([]model.OpeningPeriod, error) {
	var rows []struct {
		Weekday int  `db:"weekday"`
		Opens   int  `db:"opens"`
		Closes  int  `db:"closes"`
		Own     bool `db:"own"`
	}
	err := s.selectContext(ctx, &rows, `
		SELECT weekday, extract(epoch FROM opens)::int / 60 AS opens, extract(epoch FROM closes)::int / 60 AS closes,
		       space_id IS NOT NULL AS own
		FROM opening_hours
		WHERE venue_id = $1 AND (space_id = $2 OR space_id IS NULL)
		ORDER BY weekday, opens`, sp.VenueID, sp.ID)
	if err != nil {
		return nil, wrap(err, "opening hours")
	}
	own := false
	for _, r := range rows {
		own = own || r.Own
	}
	var out []model.OpeningPeriod
	for _, r := range rows {
		if r.Own == own {
			out = append(out, model.OpeningPeriod{Weekday: r.Weekday, Opens: r.Opens, Closes: r.Closes})
		}
	}
	return out, nil
}

// checkOpen refuses a booking outside the space's opening hours: it must
// fall within one open period of one day.
func (s *Store) checkOpen(ctx context.Context, sp model.Space, start, end time.Time) error {
	hours, err := s.OpeningHours(ctx, sp)
	if err != nil || len(hours) == 0 {
		return err
	}
	loc := s.location()
	from, to := start.In(loc), end.In(loc)
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
	weekday := (int(from.Weekday())+6)%7 + 1
	if next := day.AddDate(0, 0, 1); to.After(next) {
		return &SpaceRefused{"ends_at", fmt.Sprintf("%s is closed overnight: a booking must end on the day it starts.", sp.Name)}
	}
	mins := func(t time.Time) int {
		if !t.Before(day.AddDate(0, 0, 1)) {
			return 24 * 60
		}
		return t.Hour()*60 + t.Minute()
	}
	var open []string
	for _, p := range hours {
		if p.Weekday != weekday {
			continue
		}
		if mins(from) >= p.Opens && mins(to) <= p.Closes {
			return nil
		}
		open = append(open, fmt.Sprintf("%02d:%02d to %02d:%02d", p.Opens/60, p.Opens%60, p.Closes/60, p.Closes%60))
	}
	if len(open) == 0 {
		return &SpaceRefused{"starts_at", fmt.Sprintf("%s is closed on %ss.", sp.Name, from.Weekday())}
	}
	return &SpaceRefused{"starts_at", fmt.Sprintf("%s is open %s on %ss: the booking must fit within that.",
		sp.Name, strings.Join(open, " and "), from.Weekday())}
}

func (s *Store) location() *time.Location {
	if s.rules.Location != nil {
		return s.rules.Location
	}
	return time.UTC
}

// isClash reports whether err is an exclusion violation: two live bookings
// overlapping on a space, or on a space within another.
func isClash(err error) bool {
	pqErr := pq.As(err)
	return pqErr != nil && pqErr.Code == "23P01"
}

// conflictingKey is the part of an exclusion violation's detail that names
// the row already there: "conflicts with existing key (space_id,
// during)=(3, ["2027-01-05 10:00:00+00","2027-01-05 11:00:00+00"))".
var conflictingKey = regexp.MustCompile(`conflicts with existing key \(space_id, during\)=\((\d+), (.+)\)\.?$`)

// clashOf turns the database's refusal of a clash (SQLSTATE 23P01, from
// either constraint of migration 6, whatever statement or trigger ran
// into it) into a *model.Clash naming the live booking in the way. It
// asks after the refused transaction has ended, so it sees the winner of a
// race; if that has since gone, or the detail cannot be read, it is
// model.ErrClash with no name.
func (s *Store) clashOf(ctx context.Context, refused error) error {
	pqErr := pq.As(refused)
	m := conflictingKey.FindStringSubmatch(pqErr.Detail)
	if m == nil {
		return fmt.Errorf("%w (%v)", model.ErrClash, refused)
	}
	var r spaceBookingRow
	err := s.getContext(ctx, &r, `SELECT `+spaceBookingColumns+spaceBookingJoins+`
		WHERE sb.status IN ('requested', 'confirmed') AND sb.id IN (
			SELECT c.booking_id FROM space_claims c WHERE c.space_id = $1 AND c.during = $2::tstzrange
			UNION ALL
			SELECT b.id FROM space_bookings b WHERE b.space_id = $1 AND b.during = $2::tstzrange)
		ORDER BY sb.id LIMIT 1`, m[1], m[2])
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w (%v)", model.ErrClash, refused)
	}
	if err != nil {
		return wrap(err, "find clash")
	}
	return &model.Clash{With: r.spaceBooking(nil), Loc: s.location()}
}

// SpaceBooking returns the space booking publicID as viewer may see it
// (nil: staff), or model.ErrNotFound.
func (s *Store) SpaceBooking(ctx context.Context, publicID string, viewer *PartnerScope) (model.SpaceBooking, error) {
	var r spaceBookingRow
	err := s.getContext(ctx, &r, `SELECT `+spaceBookingColumns+spaceBookingJoins+` WHERE sb.public_id = $1`, publicID)
	if err != nil {
		return model.SpaceBooking{}, wrap(err, "space booking "+publicID)
	}
	return r.spaceBooking(viewer), nil
}

// SpaceBookingsAt returns the live bookings of the venue's spaces that
// overlap from to to, in start order, as viewer may see them (nil: staff).
func (s *Store) SpaceBookingsAt(ctx context.Context, venueID int64, from, to time.Time, viewer *PartnerScope) ([]model.SpaceBooking, error) {
	var rows []spaceBookingRow
	err := s.selectContext(ctx, &rows, `SELECT `+spaceBookingColumns+spaceBookingJoins+`
		WHERE sp.venue_id = $1 AND sb.status IN ('requested', 'confirmed')
		  AND sb.during && tstzrange($2, $3, '[)')
		ORDER BY sb.starts_at, sp.name, sb.id`, venueID, from, to)
	if err != nil {
		return nil, wrap(err, "space bookings")
	}
	return spaceBookings(rows, viewer), nil
}

// CancelSpaceBooking frees the slot of a live booking. A partner (scope
// set) may cancel only its own; another's is model.ErrNotFound, as is a
// session's hold (cancel the session) or a booking no longer live.
func (s *Store) CancelSpaceBooking(ctx context.Context, by model.Actor, publicID string, scope *PartnerScope) error {
	var cond string
	args := []any{publicID, actorID(by)}
	if scope != nil {
		cond = " AND partner_id = $3"
		args = append(args, scope.PartnerID)
	}
	return s.InTx(ctx, func(tx *Store) error {
		var label string
		err := tx.getContext(ctx, &label, `
			UPDATE space_bookings sb SET status = 'cancelled', decided_by = $2, decided_at = now(), updated_at = now()
			FROM spaces sp
			WHERE sp.id = sb.space_id AND sb.public_id = $1 AND sb.kind <> 'session'
			  AND sb.status IN ('requested', 'confirmed')`+strings.ReplaceAll(cond, "partner_id", "sb.partner_id")+`
			RETURNING sp.name || ': ' || sb.purpose`, args...)
		if err != nil {
			return wrap(err, "cancel space booking")
		}
		return tx.audit(ctx, by, change{action: "space_booking.cancel", entity: "space_booking", key: publicID, label: label})
	})
}

// DecideSpaceBooking approves or, with a reason, declines a request
// waiting for staff, and queues in the same transaction the email telling
// the person who asked (space_approved or space_declined). A request no
// longer waiting is model.ErrConflict.
func (s *Store) DecideSpaceBooking(ctx context.Context, by model.Actor, publicID string, approve bool, reason string) error {
	status, reason := model.SpaceConfirmed, strings.TrimSpace(reason)
	action, kind := "space_booking.approve", model.MailSpaceApproved
	if !approve {
		status, action, kind = model.SpaceDeclined, "space_booking.decline", model.MailSpaceDeclined
		if reason == "" {
			return &SpaceRefused{"reason", "Say why the request is declined: the partner is told."}
		}
	}
	err := s.InTx(ctx, func(tx *Store) error {
		// Approving rewrites the request's claims: one change at a time in
		// its tree of spaces, as bookings are made (spaceForBooking).
		if _, err := tx.q.ExecContext(ctx, `
			SELECT 1 FROM spaces WHERE id = (SELECT space_root(space_id) FROM space_bookings WHERE public_id = $1)
			FOR NO KEY UPDATE`, publicID); err != nil {
			return wrap(err, "lock spaces")
		}
		var decided []struct {
			BookedBy *int64 `db:"booked_by"`
			Purpose  string `db:"purpose"`
		}
		err := tx.selectContext(ctx, &decided, `
			UPDATE space_bookings SET status = $2, decline_reason = $3, decided_by = $4, decided_at = now(), updated_at = now()
			WHERE public_id = $1 AND kind = 'booking' AND status = 'requested'
			RETURNING booked_by, purpose`, publicID, status, reason, actorID(by))
		if err != nil {
			return wrap(err, "decide space booking")
		}
		if len(decided) == 0 {
			return model.ErrConflict
		}
		after := map[string]string{"status": string(status)}
		if reason != "" {
			after["decline_reason"] = reason
		}
		if err := tx.audit(ctx, by, change{action: action, entity: "space_booking", key: publicID, label: decided[0].Purpose,
			before: map[string]string{"status": string(model.SpaceRequested)}, after: after}); err != nil {
			return err
		}
		if decided[0].BookedBy == nil {
			return nil
		}
		return tx.insertJobs(ctx, []river.InsertManyParams{mailJob(model.MailArgs{
			Message: kind, User: *decided[0].BookedBy, SpaceBooking: publicID,
			Key: fmt.Sprintf("space_booking/%s/%s", publicID, kind),
		}, time.Time{})})
	})
	if errors.Is(err, model.ErrConflict) {
		if _, err := s.SpaceBooking(ctx, publicID, nil); err != nil {
			return err
		}
	}
	return err
}
