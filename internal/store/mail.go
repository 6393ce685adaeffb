package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"

	"hubbook/internal/model"
)

// MailAttempts is how many times a message is tried before it is marked
// failed: with River's backoff (attempt⁴ seconds) the last try is about 11
// hours after the first.
const MailAttempts = 12

// newJobs is an insert-only job client: it puts jobs in River's table in
// the caller's transaction; the workers (internal/notify) run them.
func newJobs(db *sqlx.DB) *river.Client[*sql.Tx] {
	c, err := river.NewClient(riverdatabasesql.New(db.DB), &river.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		panic(fmt.Sprintf("store: an insert-only job client: %v", err)) // only a programming error gets here
	}
	return c
}

// mailJob is one email as a job to insert: unique by its key (while one
// with that key waits, runs or has run), and scheduled at at when set.
func mailJob(a model.MailArgs, at time.Time) river.InsertManyParams {
	return river.InsertManyParams{Args: a, InsertOpts: &river.InsertOpts{
		MaxAttempts: MailAttempts,
		ScheduledAt: at,
		UniqueOpts:  river.UniqueOpts{ByArgs: true},
	}}
}

// insertJobs inserts jobs in s's transaction: they run only if it commits.
func (s *Store) insertJobs(ctx context.Context, jobs []river.InsertManyParams) error {
	if len(jobs) == 0 {
		return nil
	}
	tx, ok := s.q.(*sqlx.Tx)
	if !ok {
		return errors.New("queue mail: not in a transaction")
	}
	_, err := s.jobs.InsertManyTx(ctx, tx.Tx, jobs)
	return wrap(err, "queue mail")
}

// mailEvent is a line of a booking's history, with what deciding its
// emails needs.
type mailEvent struct {
	ID        int64     `db:"event_id"`
	BookingID int64     `db:"booking_id"`
	Kind      string    `db:"kind"`
	Email     string    `db:"email"`
	Reminders bool      `db:"reminders"`
	StartsAt  time.Time `db:"starts_at"`
	EndsAt    time.Time `db:"ends_at"`
}

// eventOf is history line id of kind about booking b on session m.
func eventOf(id int64, kind string, b model.Booking, m model.Session) mailEvent {
	return mailEvent{ID: id, BookingID: b.ID, Kind: kind, Email: b.Email, Reminders: b.Reminders,
		StartsAt: m.StartsAt, EndsAt: m.EndsAt}
}

// eventMail is the email each kind of history line sends.
var eventMail = map[string]model.MailKind{
	"booked":     model.MailConfirmed,
	"waitlisted": model.MailWaitlisted,
	"promoted":   model.MailPromoted,
	"changed":    model.MailChanged,
	"cancelled":  model.MailCancelled,
}

// queueEvents queues, in s's transaction, the emails of booking history
// lines just written: one message for each line of a booking with an
// email address, and the reminders (and feedback request) of a booking
// just confirmed.
func (s *Store) queueEvents(ctx context.Context, events ...mailEvent) error {
	now := s.now()
	var jobs []river.InsertManyParams
	for _, e := range events {
		kind, ok := eventMail[e.Kind]
		if e.Email == "" || !ok {
			continue
		}
		jobs = append(jobs, mailJob(model.MailArgs{
			Message: kind, Booking: e.BookingID,
			Key: fmt.Sprintf("booking/%d/%s/%d", e.BookingID, kind, e.ID),
		}, time.Time{}))
		if kind == model.MailConfirmed || kind == model.MailPromoted {
			jobs = append(jobs, s.followUps(e.BookingID, e.Reminders, e.StartsAt, e.EndsAt, now)...)
		}
	}
	return s.insertJobs(ctx, jobs)
}

// followUps are a confirmed booking's scheduled emails for a session from
// starts to ends: a reminder at each offset still to come (when the person
// asked for reminders) and the feedback request (when it is on). Each is
// keyed by the start it was made for, so moving the session makes new ones
// and the old ones find they no longer apply.
func (s *Store) followUps(booking int64, reminders bool, starts, ends, now time.Time) []river.InsertManyParams {
	var jobs []river.InsertManyParams
	for _, d := range s.rules.Reminders {
		at := starts.Add(-d)
		if !reminders || !at.After(now) {
			continue
		}
		jobs = append(jobs, mailJob(model.MailArgs{
			Message: model.MailReminder, Booking: booking, StartsAt: starts,
			Key: fmt.Sprintf("booking/%d/reminder/%s/%d", booking, d, starts.Unix()),
		}, at))
	}
	if s.rules.FeedbackAfter > 0 {
		jobs = append(jobs, mailJob(model.MailArgs{
			Message: model.MailFeedback, Booking: booking, StartsAt: starts, EndsAt: ends,
			Key: fmt.Sprintf("booking/%d/feedback/%d-%d", booking, starts.Unix(), ends.Unix()),
		}, ends.Add(s.rules.FeedbackAfter)))
	}
	return jobs
}

// noticeSession queues, in s's transaction, what a staff change to a
// session (locked by the caller; before is how it was) tells the people
// booked and waiting: that it was cancelled, is back on, or that its time
// or place changed (with new reminders when the time did). It returns how
// many bookings will be told.
func (s *Store) noticeSession(ctx context.Context, before model.Session) (int, error) {
	after, err := s.sessionForUpdate(ctx, before.PublicID)
	if err != nil {
		return 0, err
	}
	var kind model.MailKind
	moved := !after.StartsAt.Equal(before.StartsAt) || !after.EndsAt.Equal(before.EndsAt)
	switch {
	case after.Cancelled() && !before.Cancelled():
		kind = model.MailSessionCancelled
	case before.Cancelled() && after.Status == model.StatusScheduled:
		kind = model.MailSessionBackOn
	case after.Status == model.StatusScheduled && (moved || after.Where() != before.Where()):
		kind = model.MailSessionChanged
	default:
		return 0, nil
	}
	var live []struct {
		ID        int64               `db:"id"`
		Status    model.BookingStatus `db:"status"`
		Reminders bool                `db:"reminders"`
	}
	if err := s.selectContext(ctx, &live, `
		SELECT id, status, reminders FROM bookings
		WHERE session_id = $1 AND status IN ('confirmed', 'waitlisted') AND email <> ''
		ORDER BY id`, after.ID); err != nil {
		return 0, wrap(err, "read bookings to tell")
	}
	now := s.now()
	var jobs []river.InsertManyParams
	for _, b := range live {
		a := model.MailArgs{
			Message: kind, Booking: b.ID,
			Key: fmt.Sprintf("booking/%d/%s/%d", b.ID, kind, after.UpdatedAt.UnixMicro()),
		}
		if kind == model.MailSessionChanged {
			a.Before = &model.SessionPlace{StartsAt: before.StartsAt, EndsAt: before.EndsAt, Where: before.Where()}
		}
		jobs = append(jobs, mailJob(a, time.Time{}))
		if kind == model.MailSessionChanged && moved && b.Status == model.BookingConfirmed {
			jobs = append(jobs, s.followUps(b.ID, b.Reminders, after.StartsAt, after.EndsAt, now)...)
		}
	}
	return len(live), s.insertJobs(ctx, jobs)
}

// QueuePasswordReset queues the email of a reset link to an enabled
// account with this email address, if there is one; the worker makes the
// link when it sends. nonce keeps two requests apart.
func (s *Store) QueuePasswordReset(ctx context.Context, email, nonce string) error {
	return s.InTx(ctx, func(tx *Store) error {
		var id int64
		err := tx.getContext(ctx, &id, `SELECT id FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL`, email)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return wrap(err, "find account to reset")
		}
		return tx.insertJobs(ctx, []river.InsertManyParams{mailJob(model.MailArgs{
			Message: model.MailPasswordReset, User: id,
			Key: fmt.Sprintf("user/%d/password_reset/%s", id, nonce),
		}, time.Time{})})
	})
}

// QueueBookingLinks queues, for a person who lost a manage link, an email
// with the link of each live booking made with this email address on a
// session not yet over (to that address only, so nobody learns what
// another person booked). nonce keeps two requests apart.
func (s *Store) QueueBookingLinks(ctx context.Context, email, nonce string) error {
	return s.InTx(ctx, func(tx *Store) error {
		var ids []int64
		if err := tx.selectContext(ctx, &ids, `
			SELECT b.id FROM bookings b JOIN programme_sessions ps ON ps.id = b.session_id
			WHERE b.email = lower($1) AND b.status IN ('confirmed', 'waitlisted') AND b.token_sealed IS NOT NULL
			  AND ps.ends_at > $2
			ORDER BY ps.starts_at`, email, tx.now()); err != nil {
			return wrap(err, "find bookings to send links for")
		}
		jobs := make([]river.InsertManyParams, len(ids))
		for i, id := range ids {
			jobs[i] = mailJob(model.MailArgs{Message: model.MailBookingLink, Booking: id,
				Key: fmt.Sprintf("booking/%d/%s/%s", id, model.MailBookingLink, nonce)}, time.Time{})
		}
		return tx.insertJobs(ctx, jobs)
	})
}

// MailAttempt is the start of one try at sending a message.
type MailAttempt struct {
	Key       string
	Kind      model.MailKind
	BookingID int64
	UserID    int64
	Recipient string
	Subject   string
	MessageID string
}

// Interrupted is the note on a message whose earlier attempt began
// sending and never recorded how it ended (the worker stopped): this try
// may deliver a second copy, which the receiving server can drop by its
// Message-ID.
const Interrupted = "An earlier attempt stopped after it began sending; this one may be a second copy."

// ErrErased means the booking a message is about was anonymised (by
// retention, or erased on the person's request) after the message was
// read: it must not go, nor its address be written down.
var ErrErased = errors.New("the booking's personal details were removed")

// BeginMail records that a try at sending the message a.Key begins. It
// reports sent when the ledger says the message already went (nothing to
// do), and interrupted when an earlier try began and never ended; and
// ErrErased, recording nothing, when its booking has been anonymised since
// the worker read it.
func (s *Store) BeginMail(ctx context.Context, a MailAttempt) (sent, interrupted bool, err error) {
	var r struct {
		Status string `db:"status"`
		Was    string `db:"was"`
	}
	err = s.getContext(ctx, &r, `
		WITH old AS (SELECT status FROM mail_log WHERE key = $1)
		INSERT INTO mail_log (key, kind, booking_id, user_id, recipient, subject, message_id, status, attempts)
		SELECT $1, $2, $3, $4, $5, $6, $7, 'sending', 1
		WHERE NOT EXISTS (SELECT 1 FROM bookings WHERE id = $3 AND anonymised_at IS NOT NULL)
		ON CONFLICT (key) DO UPDATE SET
			status = CASE WHEN mail_log.status = 'sent' THEN 'sent' ELSE 'sending' END,
			attempts = mail_log.attempts + CASE WHEN mail_log.status = 'sent' THEN 0 ELSE 1 END,
			recipient = CASE WHEN mail_log.status = 'sent' THEN mail_log.recipient ELSE EXCLUDED.recipient END,
			subject = CASE WHEN mail_log.status = 'sent' THEN mail_log.subject ELSE EXCLUDED.subject END,
			note = CASE WHEN mail_log.status = 'sending' THEN $8 ELSE mail_log.note END,
			updated_at = now()
		RETURNING status, coalesce((SELECT status FROM old), '') AS was`,
		a.Key, a.Kind, nullID(a.BookingID), nullID(a.UserID), a.Recipient, a.Subject, a.MessageID, Interrupted)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, ErrErased
	}
	if err != nil {
		return false, false, wrap(err, "begin mail "+a.Key)
	}
	return r.Was == string(model.MailSent), r.Was == string(model.MailSending), nil
}

// MailSent records that the mail server accepted the message key: the
// ledger then keeps it from going again.
func (s *Store) MailSent(ctx context.Context, key string) error {
	// An address that takes a message again is no longer marked failing.
	_, err := s.q.ExecContext(ctx, `
		WITH m AS (
			UPDATE mail_log SET status = 'sent', last_error = '', sent_at = now(), updated_at = now()
			WHERE key = $1 RETURNING booking_id
		)
		UPDATE bookings SET email_failed_at = NULL
		WHERE id = (SELECT booking_id FROM m) AND email_failed_at IS NOT NULL`, key)
	return wrap(err, "record mail sent")
}

// MailFailed records why a try at sending key failed: for good (final:
// refused, or out of attempts), or to be tried again. badAddress says the
// server refused the recipient itself: the booking is then marked as not
// getting emails, for staff and navigators to see.
func (s *Store) MailFailed(ctx context.Context, key string, final, badAddress bool, why string) error {
	status := model.MailRetrying
	if final {
		status = model.MailFailed
	}
	_, err := s.q.ExecContext(ctx, `
		WITH m AS (
			UPDATE mail_log SET status = $2, last_error = $3, updated_at = now()
			WHERE key = $1 RETURNING booking_id
		)
		UPDATE bookings SET email_failed_at = now()
		WHERE $4 AND id = (SELECT booking_id FROM m) AND email_failed_at IS NULL`,
		key, status, why, badAddress)
	return wrap(err, "record mail failure")
}

// MailFailedToMake records that a message could not be made (a template
// or an address the mail library cannot write): it is not tried again.
func (s *Store) MailFailedToMake(ctx context.Context, a MailAttempt, why string) error {
	_, err := s.q.ExecContext(ctx, `
		INSERT INTO mail_log (key, kind, booking_id, user_id, recipient, subject, message_id, status, attempts, last_error)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'failed', 1, $8)
		ON CONFLICT (key) DO UPDATE SET status = 'failed', last_error = $8, updated_at = now()
		WHERE mail_log.status <> 'sent'`,
		a.Key, a.Kind, nullID(a.BookingID), nullID(a.UserID), a.Recipient, a.Subject, a.MessageID, why)
	return wrap(err, "record mail failure")
}

// SessionOffNews says, for a booking, whether news that its session was
// cancelled is still on its way (queued, running or to be tried again),
// and whether it was told so more often than that the session is back on:
// whether a "back on" email means anything to the person.
func (s *Store) SessionOffNews(ctx context.Context, bookingID int64) (pending, told bool, err error) {
	var r struct {
		Pending bool `db:"pending"`
		Told    bool `db:"told"`
	}
	err = s.getContext(ctx, &r, `
		SELECT EXISTS (SELECT 1 FROM river_job
				WHERE kind = 'mail' AND state IN ('available', 'pending', 'running', 'retryable', 'scheduled')
				  AND args->>'booking' = $1::bigint::text AND args->>'message' = 'session_cancelled') AS pending,
			(SELECT count(*) FILTER (WHERE kind = 'session_cancelled') > count(*) FILTER (WHERE kind = 'session_back_on')
				FROM mail_log WHERE booking_id = $1::bigint AND status = 'sent') AS told`, bookingID)
	return r.Pending, r.Told, wrap(err, "read news of a cancelled session")
}

// MailDropped records that a message no longer applied when its time came
// (the booking was cancelled, the session moved), and why.
func (s *Store) MailDropped(ctx context.Context, a MailAttempt, why string) error {
	_, err := s.q.ExecContext(ctx, `
		INSERT INTO mail_log (key, kind, booking_id, user_id, recipient, status, note)
		VALUES ($1, $2, $3, $4, $5, 'dropped', $6)
		ON CONFLICT (key) DO UPDATE SET status = 'dropped', note = $6, updated_at = now()
		WHERE mail_log.status <> 'sent'`,
		a.Key, a.Kind, nullID(a.BookingID), nullID(a.UserID), a.Recipient, why)
	return wrap(err, "record mail dropped")
}

// MailLogFilter narrows the outgoing mail log.
type MailLogFilter struct {
	// Status is one model.MailStatus, or empty for all.
	Status model.MailStatus
	// Reference finds one booking's messages (as typed: any case, with or
	// without "HB-").
	Reference string
	Limit     int
}

// MailLog returns the outgoing mail log, the latest change first.
func (s *Store) MailLog(ctx context.Context, f MailLogFilter) ([]model.MailLogEntry, error) {
	var c conditions
	if f.Status != "" {
		c.add("m.status = ?", f.Status)
	}
	if f.Reference != "" {
		c.add("b.reference = ?", referenceOf(f.Reference))
	}
	var out []model.MailLogEntry
	err := s.selectContext(ctx, &out, `
		SELECT m.id, m.key, m.kind, m.booking_id, b.reference, m.recipient, m.subject, m.status,
			m.attempts, m.last_error, m.note, m.message_id, m.created_at, m.updated_at, m.sent_at
		FROM mail_log m LEFT JOIN bookings b ON b.id = m.booking_id
		WHERE `+c.sql()+`
		ORDER BY m.updated_at DESC, m.id DESC LIMIT `+fmt.Sprint(max(f.Limit, 1)), c.args...)
	return out, wrap(err, "read the mail log")
}

// MailQueue counts the messages not yet sent: due now (or retrying), and
// scheduled for later (reminders).
type MailQueue struct {
	Due       int `db:"due"`
	Scheduled int `db:"scheduled"`
}

// MailQueued counts the email jobs still to run.
func (s *Store) MailQueued(ctx context.Context) (MailQueue, error) {
	var q MailQueue
	err := s.getContext(ctx, &q, `
		SELECT count(*) FILTER (WHERE state IN ('available', 'running', 'retryable') OR scheduled_at <= now()) AS due,
		       count(*) FILTER (WHERE state = 'scheduled' AND scheduled_at > now()) AS scheduled
		FROM river_job WHERE kind = 'mail' AND state IN ('available', 'running', 'retryable', 'scheduled')`)
	return q, wrap(err, "count queued mail")
}

// StopReminders turns off reminder emails for the booking k names (the
// one-click opt-out in every email); the booking stays as it is. Stopping
// them twice is no error.
func (s *Store) StopReminders(ctx context.Context, k BookingKey) error {
	where, arg := k.where()
	res, err := s.q.ExecContext(ctx, `UPDATE bookings b SET reminders = false, updated_at = now() WHERE `+where, arg)
	if err != nil {
		return wrap(err, "stop reminders")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.ErrNotFound
	}
	return nil
}
