package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"hubbook/internal/model"
)

// feedbackColumns are a feedback row as model.Feedback reads it.
const feedbackColumns = `id, session_id, booking_id, score, comment, created_at`

// RecordBookingFeedback keeps a booking's answer to the pulse survey, on
// the booking's session. A booking answers once: when it already has an
// answer (two submits at once included), that one stands and
// model.ErrAlreadyAnswered is returned. The caller checks that the
// booking may answer (confirmed, the session started and not long over).
func (s *Store) RecordBookingFeedback(ctx context.Context, bookingID int64, score int, comment string) error {
	var id int64
	err := s.getContext(ctx, &id, `
		INSERT INTO feedback (session_id, booking_id, score, comment)
		SELECT b.session_id, b.id, $2, $3 FROM bookings b WHERE b.id = $1
		ON CONFLICT (booking_id) DO NOTHING
		RETURNING id`, bookingID, score, comment)
	return s.answered(ctx, err, fmt.Sprintf("record feedback of booking %d", bookingID), `
		SELECT EXISTS (SELECT 1 FROM bookings WHERE id = $1)`, bookingID)
}

// RecordSessionFeedback keeps an answer from the form on a session's page,
// one per browser (browserKey, the SHA-256 of its cookie): when the
// browser has already answered, the first answer stands and
// model.ErrAlreadyAnswered is returned.
func (s *Store) RecordSessionFeedback(ctx context.Context, sessionID int64, browserKey []byte, score int, comment string) error {
	var id int64
	err := s.getContext(ctx, &id, `
		INSERT INTO feedback (session_id, browser_key, score, comment)
		SELECT ps.id, $2, $3, $4 FROM programme_sessions ps WHERE ps.id = $1
		ON CONFLICT (session_id, browser_key) DO NOTHING
		RETURNING id`, sessionID, browserKey, score, comment)
	return s.answered(ctx, err, fmt.Sprintf("record feedback on session %d", sessionID), `
		SELECT EXISTS (SELECT 1 FROM programme_sessions WHERE id = $1)`, sessionID)
}

// answered turns an insert's outcome into the answer: no row inserted is
// an answer already there, or, when exists (a query of owner) finds
// nothing, model.ErrNotFound.
func (s *Store) answered(ctx context.Context, err error, what, exists string, owner int64) error {
	if !errors.Is(err, sql.ErrNoRows) {
		return wrap(err, what)
	}
	var found bool
	if err := s.getContext(ctx, &found, exists, owner); err != nil {
		return wrap(err, what)
	}
	if !found {
		return model.ErrNotFound
	}
	return model.ErrAlreadyAnswered
}

// BookingFeedback is the answer a booking gave, or model.ErrNotFound.
func (s *Store) BookingFeedback(ctx context.Context, bookingID int64) (model.Feedback, error) {
	var f model.Feedback
	err := s.getContext(ctx, &f, `SELECT `+feedbackColumns+` FROM feedback WHERE booking_id = $1`, bookingID)
	return f, wrap(err, fmt.Sprintf("feedback of booking %d", bookingID))
}

// BrowserFeedback is the answer a browser gave on a session's page, or
// model.ErrNotFound.
func (s *Store) BrowserFeedback(ctx context.Context, sessionID int64, browserKey []byte) (model.Feedback, error) {
	var f model.Feedback
	err := s.getContext(ctx, &f, `SELECT `+feedbackColumns+` FROM feedback WHERE session_id = $1 AND browser_key = $2`,
		sessionID, browserKey)
	return f, wrap(err, fmt.Sprintf("feedback on session %d from a browser", sessionID))
}

// RegisterClosedFor reports whether the register of the session was
// closed: then an unmarked booking of it counts as a no-show, and its
// feedback request is not held back for a register typed in later.
func (s *Store) RegisterClosedFor(ctx context.Context, sessionID int64) (bool, error) {
	var closed bool
	err := s.getContext(ctx, &closed, `SELECT register_closed_at IS NOT NULL FROM programme_sessions WHERE id = $1`, sessionID)
	return closed, wrap(err, fmt.Sprintf("register of session %d", sessionID))
}
