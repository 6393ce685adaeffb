package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hubbook/internal/model"
)

// BookingKey names one booking: by the hash of its manage link's token (a
// citizen) or by its reference (the desk). Exactly one is set.
type BookingKey struct {
	TokenHash []byte
	Reference string
	// ID is for the email worker, which knows the booking by its id.
	ID int64
}

// where is the key as a condition on bookings b, with its argument.
func (k BookingKey) where() (string, any) {
	if k.TokenHash != nil {
		return "b.token_hash = $1", k.TokenHash
	}
	if k.ID != 0 {
		return "b.id = $1", k.ID
	}
	return "b.reference = $1", k.Reference
}

// bookingColumns read a booking with the name of who made it; the session
// comes from sessionColumns.
const bookingColumns = `
	b.id AS b_id, b.reference AS b_reference, b.session_id AS b_session_id, b.status AS b_status,
	b.source AS b_source, b.name AS b_name, b.email AS b_email, b.phone AS b_phone,
	b.party_size AS b_party_size, b.children AS b_children, b.access_needs AS b_access_needs,
	b.reminders AS b_reminders, b.postcode AS b_postcode, b.promoted_at AS b_promoted_at,
	b.cancelled_at AS b_cancelled_at, b.email_failed_at AS b_email_failed_at,
	b.token_sealed AS b_token_sealed, b.attended AS b_attended, b.marked_at AS b_marked_at,
	coalesce(b.data_zone, '') AS b_data_zone, coalesce(b.simd_decile, 0) AS b_simd_decile,
	b.anonymised_at AS b_anonymised_at, coalesce(u.name, '') AS b_created_by_name,
	b.created_at AS b_created_at, b.updated_at AS b_updated_at`

// bookingJoins follow sessionJoins.
const bookingJoins = `
	JOIN bookings b ON b.session_id = ps.id
	LEFT JOIN users u ON u.id = b.created_by`

type bookingRow struct {
	ID            int64      `db:"b_id"`
	Reference     string     `db:"b_reference"`
	SessionID     int64      `db:"b_session_id"`
	Status        string     `db:"b_status"`
	Source        string     `db:"b_source"`
	Name          string     `db:"b_name"`
	Email         string     `db:"b_email"`
	Phone         string     `db:"b_phone"`
	PartySize     int        `db:"b_party_size"`
	Children      *int       `db:"b_children"`
	AccessNeeds   string     `db:"b_access_needs"`
	Reminders     bool       `db:"b_reminders"`
	Postcode      string     `db:"b_postcode"`
	PromotedAt    *time.Time `db:"b_promoted_at"`
	CancelledAt   *time.Time `db:"b_cancelled_at"`
	EmailFailedAt *time.Time `db:"b_email_failed_at"`
	TokenSealed   []byte     `db:"b_token_sealed"`
	Attended      *int       `db:"b_attended"`
	MarkedAt      *time.Time `db:"b_marked_at"`
	DataZone      string     `db:"b_data_zone"`
	SIMDDecile    int        `db:"b_simd_decile"`
	AnonymisedAt  *time.Time `db:"b_anonymised_at"`
	CreatedByName string     `db:"b_created_by_name"`
	CreatedAt     time.Time  `db:"b_created_at"`
	UpdatedAt     time.Time  `db:"b_updated_at"`
}

// bookingSessionRow is a booking with its session.
type bookingSessionRow struct {
	bookingRow
	sessionRow
}

func (r bookingSessionRow) booking() model.Booking {
	return r.bookingRow.booking(r.sessionRow.session())
}

// booking is the row as a model.Booking of session m.
func (b bookingRow) booking(m model.Session) model.Booking {
	return model.Booking{
		ID: b.ID, Reference: b.Reference, SessionID: b.SessionID, Status: model.BookingStatus(b.Status),
		Source: model.BookingSource(b.Source), Name: b.Name, Email: b.Email, Phone: b.Phone,
		PartySize: b.PartySize, Children: b.Children, AccessNeeds: b.AccessNeeds, Reminders: b.Reminders,
		Postcode: b.Postcode, PromotedAt: b.PromotedAt, CancelledAt: b.CancelledAt,
		EmailFailedAt: b.EmailFailedAt, TokenSealed: b.TokenSealed,
		Attended: b.Attended, MarkedAt: b.MarkedAt, DataZone: b.DataZone, SIMDDecile: b.SIMDDecile, AnonymisedAt: b.AnonymisedAt,
		CreatedByName: b.CreatedByName, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt,
		Session: m,
	}
}

// manageLinkLife is how long after a session ends its manage links keep
// working: long enough to check what was booked, short enough that an old
// link found later shows nothing.
const manageLinkLife = 30 * 24 * time.Hour

// Booking returns the booking k names, with its session. A manage link
// (k.TokenHash) stops working 30 days after the session ends; it then
// answers model.ErrNotFound like an unknown one.
func (s *Store) Booking(ctx context.Context, k BookingKey) (model.Booking, error) {
	where, arg := k.where()
	args := []any{arg}
	if k.TokenHash != nil {
		where += " AND ps.ends_at > $2"
		args = append(args, s.now().Add(-manageLinkLife))
	}
	var r bookingSessionRow
	// From the booking to its session and names, in that order: planning
	// the eight tables' join orders otherwise costs several times the
	// query (the mail workers read a booking for every message).
	err := s.readInWrittenOrder(ctx, func(tx *Store) error {
		return tx.getContext(ctx, &r, `SELECT `+bookingColumns+`, `+sessionColumns+`
			FROM bookings b
			JOIN programme_sessions ps ON ps.id = b.session_id`+sessionNames+`
			LEFT JOIN users u ON u.id = b.created_by
			WHERE `+where, args...)
	})
	if err != nil {
		return model.Booking{}, wrap(err, "booking")
	}
	return r.booking(), nil
}

// lockBooking locks the session of the booking k names, then the booking
// (the order every change of places follows), and returns both, the
// session as lockSession reads it.
func (s *Store) lockBooking(ctx context.Context, k BookingKey) (model.Booking, model.Session, error) {
	where, arg := k.where()
	m, err := s.lockSession(ctx, `ps.id = (SELECT b.session_id FROM bookings b WHERE `+where+`)`, arg)
	if err != nil {
		return model.Booking{}, model.Session{}, err
	}
	var r bookingRow
	err = s.getContext(ctx, &r, `SELECT `+bookingColumns+` FROM bookings b LEFT JOIN users u ON u.id = b.created_by
		WHERE `+where+` FOR UPDATE OF b`, arg)
	if err != nil {
		return model.Booking{}, model.Session{}, wrap(err, "lock booking")
	}
	return r.booking(m), m, nil
}

// changeBooking runs change on the booking k names, by (zero for the person
// themselves), with its session locked. Places the session can give to its
// waitlist (the walk-in reserve opened, say) go there first, so that a
// change never jumps the queue; places the change frees go there after.
// It returns the booking as it was, model.ErrBookingCancelled when it
// already was cancelled, and model.ErrBookingClosed when a citizen tries
// once the session has started. A *model.NotEnoughPlacesError from change
// is returned with what came before it kept.
func (s *Store) changeBooking(ctx context.Context, by model.Actor, k BookingKey,
	change func(tx *Store, b model.Booking, m *model.Session, now time.Time) error) (model.Booking, error) {
	var b model.Booking
	err := s.InTx(ctx, func(tx *Store) error {
		var m model.Session
		var err error
		b, m, err = tx.lockBooking(ctx, k)
		if err != nil {
			return err
		}
		now := tx.now()
		switch {
		case b.Status == model.BookingCancelled:
			return model.ErrBookingCancelled
		case by.ID == 0 && !now.Before(m.StartsAt):
			return model.ErrBookingClosed
		}
		if err := tx.promote(ctx, &m, now); err != nil {
			return err
		}
		if b.Status == model.BookingWaitlisted {
			// The promotion may have been this booking's.
			if err := tx.getContext(ctx, &b.Status, `SELECT status FROM bookings WHERE id = $1`, b.ID); err != nil {
				return wrap(err, "reread booking")
			}
		}
		if err := change(tx, b, &m, now); err != nil {
			if _, ok := errors.AsType[*model.NotEnoughPlacesError](err); ok {
				return refuse(err) // with the promotion above kept
			}
			return err
		}
		return tx.promote(ctx, &m, now)
	})
	return b, err
}

// CancelBooking cancels the booking k names, by (zero for the person
// themselves), freeing its places or its place in line; freed places go to
// the waitlist in the same transaction. It returns the booking as it was
// and the errors of changeBooking.
func (s *Store) CancelBooking(ctx context.Context, by model.Actor, k BookingKey) (model.Booking, error) {
	return s.changeBooking(ctx, by, k, func(tx *Store, b model.Booking, m *model.Session, now time.Time) error {
		var event int64
		if err := tx.getContext(ctx, &event, `
			WITH b AS (
				UPDATE bookings SET status = 'cancelled', cancelled_at = $2, updated_at = $2, updated_by = $3
				WHERE id = $1 RETURNING id, party_size
			)
			INSERT INTO booking_events (booking_id, kind, party_size, actor_id, at)
			SELECT id, 'cancelled', party_size, $3, $2 FROM b RETURNING id`, b.ID, now, actorID(by)); err != nil {
			return wrap(err, "cancel booking "+b.Reference)
		}
		if err := tx.moveCounters(ctx, m, b.Status, -b.PartySize); err != nil {
			return err
		}
		if err := tx.queueEvents(ctx, eventOf(event, "cancelled", b, *m)); err != nil {
			return err
		}
		return tx.auditBooking(ctx, by, "booking.cancel", b, &b.PartySize, nil)
	})
}

// PartyChange is a new party size for a booking.
type PartyChange struct {
	PartySize int
	// Children is nil to leave the number of children as it was (capped at
	// the new size).
	Children *int
}

// ChangeParty changes the size of the party of the booking k names, by
// (zero for the person themselves). A smaller confirmed party frees places
// for the waitlist; a smaller waitlisted one may now fit and be promoted.
// A larger confirmed party needs the places: *model.NotEnoughPlacesError
// says how many are left. It returns the booking as it was before, and
// the errors of changeBooking.
func (s *Store) ChangeParty(ctx context.Context, by model.Actor, k BookingKey, c PartyChange) (model.Booking, error) {
	return s.changeBooking(ctx, by, k, func(tx *Store, b model.Booking, m *model.Session, now time.Time) error {
		delta := c.PartySize - b.PartySize
		if delta > 0 && b.Status == model.BookingConfirmed {
			source := model.SourceOnline
			if by.ID != 0 {
				source = model.SourceNavigator
			}
			if left := tx.rules.PlacesLeft(*m, source, now); delta > left {
				return &model.NotEnoughPlacesError{Left: left}
			}
		}
		children := c.Children
		if children == nil && b.Children != nil {
			children = new(min(*b.Children, c.PartySize))
		}
		var event int64
		if err := tx.getContext(ctx, &event, `
			WITH b AS (
				UPDATE bookings SET party_size = $2, children = $3, updated_at = $4, updated_by = $5,
					attended = CASE WHEN attended IS NULL THEN NULL WHEN source = 'walk_in' THEN $2 ELSE least(attended, $2) END
				WHERE id = $1 RETURNING id
			)
			INSERT INTO booking_events (booking_id, kind, party_size, actor_id, at)
			SELECT id, 'changed', $2, $5, $4 FROM b RETURNING id`, b.ID, c.PartySize, children, now, actorID(by)); err != nil {
			return wrap(err, "change party of "+b.Reference)
		}
		if err := tx.moveCounters(ctx, m, b.Status, delta); err != nil {
			return err
		}
		if err := tx.queueEvents(ctx, eventOf(event, "changed", b, *m)); err != nil {
			return err
		}
		return tx.auditBooking(ctx, by, "booking.change", b, &b.PartySize, &c.PartySize)
	})
}

// auditBooking writes a desk or staff change of a booking to the audit
// log; a citizen's own changes are in the booking's history only. The log
// keeps the reference and the party size, not the person's details.
func (s *Store) auditBooking(ctx context.Context, by model.Actor, action string, b model.Booking, before, after *int) error {
	if by.ID == 0 {
		return nil
	}
	type party struct {
		PartySize int `json:"party_size"`
	}
	c := change{action: action, entity: "booking", key: b.Reference,
		label: fmt.Sprintf("%s on %s", b.Reference, b.Session.Title)}
	if before != nil {
		c.before = party{*before}
	}
	if after != nil {
		c.after = party{*after}
	}
	return s.audit(ctx, by, c)
}
