package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hubbook/internal/model"
)

// A register is kept on its session's bookings (attended, marked_at,
// marked_by) and closed on the session (register_closed_at, _by). Every
// change to it follows one order of locks: the session's row first, then
// the booking's. Marking takes the session FOR SHARE, so many people can
// mark one register at once; closing and reopening take it FOR UPDATE, so
// that no mark lands after a close and none is lost to it.

// registerSession is what a register's changes decide with.
type registerSession struct {
	ID       int64      `db:"id"`
	PublicID string     `db:"public_id"`
	Title    string     `db:"title"`
	Status   string     `db:"status"`
	StartsAt time.Time  `db:"starts_at"`
	ClosedAt *time.Time `db:"register_closed_at"`
}

// scopeID is the partner id a scope limits a query to, or NULL for staff
// and navigators, who see every register.
func scopeID(scope *PartnerScope) *int64 {
	if scope == nil {
		return nil
	}
	return &scope.PartnerID
}

// lockRegister reads and locks (lock is "FOR SHARE" or "FOR UPDATE") the
// session publicID whose register scope may see: a session in the
// programme (scheduled or cancelled), the partner's own for a partner.
func (s *Store) lockRegister(ctx context.Context, publicID string, scope *PartnerScope, lock string) (registerSession, error) {
	var r registerSession
	err := s.getContext(ctx, &r, `
		SELECT id, public_id, title, status, starts_at, register_closed_at
		FROM programme_sessions
		WHERE public_id = $1 AND status IN ('scheduled', 'cancelled')
		  AND ($2::bigint IS NULL OR partner_id = $2)
		`+lock, publicID, scopeID(scope))
	return r, wrap(err, "register of session "+publicID)
}

// Register returns the register of the session publicID: the session, its
// confirmed bookings by name and its walk-ins. A partner's scope sees only
// its own sessions' registers; any other is model.ErrNotFound, as is a
// session not in the programme.
func (s *Store) Register(ctx context.Context, publicID string, scope *PartnerScope) (model.Register, error) {
	var r struct {
		sessionRow
		ClosedAt     *time.Time `db:"register_closed_at"`
		ClosedByName string     `db:"closed_by_name"`
	}
	err := s.getContext(ctx, &r, `SELECT `+sessionColumns+`,
			ps.register_closed_at, coalesce(cu.name, '') AS closed_by_name`+sessionJoins+`
		LEFT JOIN users cu ON cu.id = ps.register_closed_by
		WHERE ps.public_id = $1 AND ps.status IN ('scheduled', 'cancelled')
		  AND ($2::bigint IS NULL OR ps.partner_id = $2)`, publicID, scopeID(scope))
	if err != nil {
		return model.Register{}, wrap(err, "register of session "+publicID)
	}
	reg := model.Register{Session: r.session(), ClosedAt: r.ClosedAt, ClosedByName: r.ClosedByName}
	var rows []bookingRow
	err = s.selectContext(ctx, &rows, `SELECT `+bookingColumns+`
		FROM bookings b LEFT JOIN users u ON u.id = b.created_by
		WHERE b.session_id = $1 AND b.status = 'confirmed'
		ORDER BY b.source = 'walk_in', CASE WHEN b.source = 'walk_in' THEN '' ELSE lower(b.name) END, b.id`, reg.Session.ID)
	if err != nil {
		return model.Register{}, wrap(err, "bookings on the register of "+publicID)
	}
	for _, row := range rows {
		b := row.booking(reg.Session)
		if b.Source == model.SourceWalkIn {
			reg.WalkIns = append(reg.WalkIns, b)
		} else {
			reg.Bookings = append(reg.Bookings, b)
		}
	}
	return reg, nil
}

// Mark is one booking marked on a register.
type Mark struct {
	SessionPublicID string
	// Reference is the booking's reference as typed: any case, with or
	// without "HB-".
	Reference string
	// Came is how many of the party came, 0 for a no-show; nil clears the
	// mark (a tap on the wrong row put right).
	Came *int
	// Scope limits a partner to its own sessions; nil for staff and
	// navigators.
	Scope *PartnerScope
	// Until is the end of today in the service's time zone: a session that
	// starts later cannot be marked yet.
	Until time.Time
}

// MarkAttendance marks one booking on a register, by a member of staff, a
// navigator or the session's partner. It returns the booking as marked,
// and model.ErrNotFound (no such session for scope, or no such booking),
// model.ErrOtherSession, model.ErrBookingCancelled, model.ErrNotConfirmed,
// model.ErrSessionCancelled, model.ErrRegisterNotYet,
// model.ErrRegisterClosed, or a *PartyError when Came is more than the
// party.
func (s *Store) MarkAttendance(ctx context.Context, by model.Actor, m Mark) (model.Booking, error) {
	b, _, err := s.markBooking(ctx, by, m.SessionPublicID, m.Reference, m.Scope, m.Until,
		func(b model.Booking) (*int, error) {
			if m.Came != nil && (*m.Came < 0 || *m.Came > b.PartySize) {
				return nil, &PartyError{PartySize: b.PartySize}
			}
			return m.Came, nil
		})
	return b, err
}

// PartyError means more people were marked as come than the booking's
// party.
type PartyError struct {
	PartySize int
}

func (e *PartyError) Error() string {
	return fmt.Sprintf("the party is %d people", e.PartySize)
}

// CheckIn marks the booking m.Reference names as arrived in full, from a
// reference typed at the door or a check-in link (m.Came is not used). A
// booking already marked as come in full is left as it was: already is
// true; one marked a no-show, or with part of its party come, is marked
// in full. It returns the errors of MarkAttendance.
func (s *Store) CheckIn(ctx context.Context, by model.Actor, m Mark) (b model.Booking, already bool, err error) {
	return s.markBooking(ctx, by, m.SessionPublicID, m.Reference, m.Scope, m.Until,
		func(b model.Booking) (*int, error) {
			return &b.PartySize, nil
		})
}

// markBooking marks the booking typed on the register of the session
// publicID with what decide says, unless it already says that (unchanged
// is then true), with the session held FOR SHARE and the booking FOR
// UPDATE.
func (s *Store) markBooking(ctx context.Context, by model.Actor, publicID, typed string, scope *PartnerScope,
	until time.Time, decide func(b model.Booking) (*int, error)) (model.Booking, bool, error) {
	var b model.Booking
	var unchanged bool
	err := s.InTx(ctx, func(tx *Store) error {
		m, err := tx.lockRegister(ctx, publicID, scope, "FOR SHARE")
		if err != nil {
			return err
		}
		if err := markable(m, until); err != nil {
			return err
		}
		if b, err = tx.registerBooking(ctx, m, referenceOf(typed)); err != nil {
			return err
		}
		came, err := decide(b)
		if err != nil {
			return err
		}
		if unchanged = sameMark(b.Attended, came); unchanged {
			return nil
		}
		var at *time.Time
		if came != nil {
			at = new(tx.now())
		}
		b.Attended, b.MarkedAt = came, at
		_, err = tx.q.ExecContext(ctx, `UPDATE bookings SET attended = $2, marked_at = $3, marked_by = $4 WHERE id = $1`,
			b.ID, came, at, markedBy(by, came))
		return wrap(err, "mark "+b.Reference)
	})
	return b, unchanged, err
}

// markable says why the register of m cannot take a mark now, if it
// cannot: until is the end of today.
func markable(m registerSession, until time.Time) error {
	switch {
	case m.Status == string(model.StatusCancelled):
		return model.ErrSessionCancelled
	case m.ClosedAt != nil:
		return model.ErrRegisterClosed
	case !m.StartsAt.Before(until):
		return model.ErrRegisterNotYet
	}
	return nil
}

// registerBooking reads and locks the booking ref on m's register: a
// confirmed booking that is not a walk-in (walk-ins came by definition).
func (s *Store) registerBooking(ctx context.Context, m registerSession, ref string) (model.Booking, error) {
	var row bookingRow
	err := s.getContext(ctx, &row, `SELECT `+bookingColumns+`
		FROM bookings b LEFT JOIN users u ON u.id = b.created_by
		WHERE b.reference = $1 AND b.session_id = $2 AND b.source <> 'walk_in'
		FOR UPDATE OF b`, ref, m.ID)
	if errors.Is(err, sql.ErrNoRows) {
		var elsewhere bool
		if err := s.getContext(ctx, &elsewhere, `
			SELECT EXISTS (SELECT 1 FROM bookings WHERE reference = $1 AND session_id <> $2 AND source <> 'walk_in')`,
			ref, m.ID); err != nil {
			return model.Booking{}, wrap(err, "find booking "+ref)
		}
		if elsewhere {
			return model.Booking{}, model.ErrOtherSession
		}
		return model.Booking{}, model.ErrNotFound
	}
	if err != nil {
		return model.Booking{}, wrap(err, "lock booking "+ref)
	}
	b := row.booking(model.Session{ID: m.ID, PublicID: m.PublicID, Title: m.Title, StartsAt: m.StartsAt})
	switch b.Status {
	case model.BookingCancelled:
		return b, model.ErrBookingCancelled
	case model.BookingWaitlisted:
		return b, model.ErrNotConfirmed
	}
	return b, nil
}

func sameMark(a, b *int) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// markedBy is who marked a booking: nobody once the mark is cleared.
func markedBy(by model.Actor, came *int) *int64 {
	if came == nil {
		return nil
	}
	return actorID(by)
}

// PaperRegister is a register kept on paper, typed in afterwards: how many
// came of each booking (by reference; bookings not named stay as they
// are), and how many walked in.
type PaperRegister struct {
	SessionPublicID string
	Came            map[string]int
	WalkIns         int
	Scope           *PartnerScope
	Until           time.Time
}

// RecordPaperRegister saves p in one transaction: every mark and the
// walk-ins, or, on any refusal, nothing. It returns the errors of
// MarkAttendance (a *PaperMarkError names the booking), and those of
// RecordWalkIns for the walk-ins.
func (s *Store) RecordPaperRegister(ctx context.Context, by model.Actor, p PaperRegister) error {
	return s.InTx(ctx, func(tx *Store) error {
		// FOR UPDATE, as recording the walk-ins will: two transactions
		// holding it FOR SHARE could not both move up.
		m, err := tx.lockRegister(ctx, p.SessionPublicID, p.Scope, "FOR UPDATE")
		if err != nil {
			return err
		}
		if err := markable(m, p.Until); err != nil {
			return err
		}
		now := tx.now()
		for ref, came := range p.Came {
			b, err := tx.registerBooking(ctx, m, referenceOf(ref))
			if err == nil && (came < 0 || came > b.PartySize) {
				err = &PartyError{PartySize: b.PartySize}
			}
			if err != nil {
				return &PaperMarkError{Reference: ref, Err: err}
			}
			if sameMark(b.Attended, &came) {
				continue
			}
			if _, err := tx.q.ExecContext(ctx, `UPDATE bookings SET attended = $2, marked_at = $3, marked_by = $4 WHERE id = $1`,
				b.ID, came, now, actorID(by)); err != nil {
				return wrap(err, "mark "+b.Reference)
			}
		}
		if p.WalkIns == 0 {
			return nil
		}
		_, err = tx.RecordWalkIns(ctx, by, WalkIns{SessionPublicID: p.SessionPublicID, Count: p.WalkIns,
			Register: true, DayEnd: p.Until})
		return err
	})
}

// PaperMarkError is a refused mark of a paper register, with the
// booking's reference as it was given.
type PaperMarkError struct {
	Reference string
	Err       error
}

func (e *PaperMarkError) Error() string { return e.Reference + ": " + e.Err.Error() }
func (e *PaperMarkError) Unwrap() error { return e.Err }

// CloseRegister closes the register of the session publicID, by by:
// every confirmed booking still unmarked is marked a no-show, and the
// marks are final until staff reopen it. Closing a closed register
// changes nothing. It returns how many bookings it marked no-shows, and
// model.ErrNotFound, model.ErrSessionCancelled or model.ErrNotStarted.
func (s *Store) CloseRegister(ctx context.Context, by model.Actor, publicID string, scope *PartnerScope) (int, error) {
	var noShows int
	err := s.InTx(ctx, func(tx *Store) error {
		m, err := tx.lockRegister(ctx, publicID, scope, "FOR UPDATE")
		if err != nil {
			return err
		}
		now := tx.now()
		switch {
		case m.Status == string(model.StatusCancelled):
			return model.ErrSessionCancelled
		case m.ClosedAt != nil:
			return nil
		case now.Before(m.StartsAt):
			return model.ErrNotStarted
		}
		res, err := tx.q.ExecContext(ctx, `
			UPDATE bookings SET attended = 0, marked_at = $2, marked_by = $3
			WHERE session_id = $1 AND status = 'confirmed' AND source <> 'walk_in' AND attended IS NULL`,
			m.ID, now, actorID(by))
		if err != nil {
			return wrap(err, "mark no-shows of "+publicID)
		}
		n, _ := res.RowsAffected()
		noShows = int(n)
		if _, err := tx.q.ExecContext(ctx, `
			UPDATE programme_sessions SET register_closed_at = $2, register_closed_by = $3 WHERE id = $1`,
			m.ID, now, actorID(by)); err != nil {
			return wrap(err, "close register of "+publicID)
		}
		return tx.audit(ctx, by, change{action: "session.close_register", entity: "session", key: publicID, label: m.Title,
			after: struct {
				NoShows int `json:"no_shows_marked"`
			}{noShows}})
	})
	return noShows, err
}

// ReopenRegister opens the closed register of the session publicID again,
// by a member of staff, to correct it: marks stay as they are (the
// no-shows the close made included) until changed. Reopening an open
// register changes nothing. It returns model.ErrNotFound.
func (s *Store) ReopenRegister(ctx context.Context, by model.Actor, publicID string) error {
	return s.InTx(ctx, func(tx *Store) error {
		m, err := tx.lockRegister(ctx, publicID, nil, "FOR UPDATE")
		if err != nil || m.ClosedAt == nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, `
			UPDATE programme_sessions SET register_closed_at = NULL, register_closed_by = NULL WHERE id = $1`, m.ID); err != nil {
			return wrap(err, "reopen register of "+publicID)
		}
		return tx.audit(ctx, by, change{action: "session.reopen_register", entity: "session", key: publicID, label: m.Title,
			before: struct {
				ClosedAt time.Time `json:"closed_at"`
			}{*m.ClosedAt}})
	})
}
