package store

import (
	"context"
	"time"

	"hubbook/internal/model"
)

// retentionBatch is how many rows one retention statement changes. Each
// batch is its own transaction, so that a first run over years of data
// never holds many row locks for long, and bookings being changed at the
// time wait for a moment at most.
const retentionBatch = 1000

// retentionStep is one kind of data retention removes, as a statement that
// changes at most one batch of rows. $1 is the cut-off (data from before it
// goes) and the last parameter the batch size; a step that stamps rows
// anonymised has the time of the run as $2. The rows are claimed
// with FOR UPDATE SKIP LOCKED, and the statement changes only rows still
// to do, so two runs at once (a second instance, a run still going when
// the next starts) share the work and never both change a row.
type retentionStep struct {
	what   string
	stamps bool
	query  string
	count  func(*model.Anonymised) *int
}

var retentionSteps = []retentionStep{
	{"anonymise bookings", true, `
		UPDATE bookings SET name = '', email = '', phone = '', postcode = '', access_needs = '',
			token_sealed = NULL, reminders = false, anonymised_at = $2
		WHERE anonymised_at IS NULL AND id IN (
			SELECT b.id FROM bookings b JOIN programme_sessions ps ON ps.id = b.session_id
			WHERE b.anonymised_at IS NULL AND ps.ends_at < $1
			ORDER BY b.id LIMIT $3
			FOR UPDATE OF b SKIP LOCKED)`,
		func(a *model.Anonymised) *int { return &a.Bookings }},
	// Comments are free text that may name someone; scores stay. Feedback
	// given from the session page (walk-ins) has no booking: it goes by
	// its session too.
	{"empty feedback comments", false, `
		UPDATE feedback SET comment = ''
		WHERE comment <> '' AND id IN (
			SELECT f.id FROM feedback f JOIN programme_sessions ps ON ps.id = f.session_id
			WHERE f.comment <> '' AND ps.ends_at < $1
			ORDER BY f.id LIMIT $2
			FOR UPDATE OF f SKIP LOCKED)`,
		func(a *model.Anonymised) *int { return &a.Comments }},
	// The outgoing mail log of anonymised bookings, and any other entry
	// older than the cut-off that is not to a staff or partner account
	// (lost-link emails, say). A refusal quoted in last_error may name the
	// address too.
	{"forget mail recipients", false, `
		UPDATE mail_log SET recipient = '', last_error = replace(last_error, recipient, '')
		WHERE recipient <> '' AND id IN (
			SELECT m.id FROM mail_log m LEFT JOIN bookings b ON b.id = m.booking_id
			WHERE m.recipient <> ''
			  AND (b.anonymised_at IS NOT NULL OR (m.user_id IS NULL AND m.created_at < $1))
			ORDER BY m.id LIMIT $2
			FOR UPDATE OF m SKIP LOCKED)`,
		func(a *model.Anonymised) *int { return &a.Mail }},
	{"anonymise suggestions", true, `
		UPDATE suggestions SET contact_name = '', contact_email = '', contact_phone = '', person_key = NULL,
			anonymised_at = $2
		WHERE anonymised_at IS NULL AND id IN (
			SELECT id FROM suggestions
			WHERE anonymised_at IS NULL AND created_at < $1
			ORDER BY id LIMIT $3
			FOR UPDATE SKIP LOCKED)`,
		func(a *model.Anonymised) *int { return &a.Suggestions }},
}

// Anonymise removes the personal data the service no longer needs: of
// every booking whose session ended more than retention ago, the name,
// contacts, postcode, access needs and manage link (its data zone, SIMD
// decile, party, attendance, status, source and person key stay, so the
// evaluation's figures do not change); the comments of feedback on those
// sessions (the scores stay); the recipients in the outgoing mail log of
// those bookings and of other messages that old not sent to an account;
// and the contact left with suggestions made more than retention ago. It
// works in batches, each its own transaction, and is safe to run twice at
// once. It returns what it removed.
func (s *Store) Anonymise(ctx context.Context, retention time.Duration) (model.Anonymised, error) {
	now := s.now()
	cutoff := now.Add(-retention)
	var done model.Anonymised
	for _, step := range retentionSteps {
		args := []any{cutoff, retentionBatch}
		if step.stamps {
			args = []any{cutoff, now, retentionBatch}
		}
		for {
			res, err := s.q.ExecContext(ctx, step.query, args...)
			if err != nil {
				return done, wrap(err, "retention: "+step.what)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return done, wrap(err, "retention: "+step.what)
			}
			*step.count(&done) += int(n)
			if n == 0 {
				break
			}
		}
	}
	return done, nil
}
