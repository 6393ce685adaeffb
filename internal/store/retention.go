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
// changes at most one batch of rows and returns how many, one count for
// each of counts. $1 is the cut-off (data from before it goes) and the
// last parameter the batch size; a step that stamps rows anonymised has
// the time of the run as $2. The rows are claimed with FOR UPDATE SKIP
// LOCKED, and the statement changes only rows still to do, so two runs at
// once (a second instance, a run still going when the next starts) share
// the work and never both change a row. Each batch finds its rows through
// an index that leads only to rows still to do (never by walking a primary
// key past the rows done before it), so that a first run over years of
// data takes time in proportion to it, not to its square.
type retentionStep struct {
	what   string
	stamps bool
	query  string
	counts func(*model.Anonymised) []*int
}

var retentionSteps = []retentionStep{
	// From the sessions that ended before the cut-off (by their end) to
	// their bookings not yet anonymised (by the partial index of those),
	// with the outgoing mail log of the same bookings (by its booking
	// index): a refusal quoted in last_error may name the address too.
	{"anonymise bookings", true, `
		WITH b AS (
			UPDATE bookings SET name = '', email = '', phone = '', postcode = '', access_needs = '',
				token_sealed = NULL, reminders = false, anonymised_at = $2
			WHERE anonymised_at IS NULL AND id = ANY(ARRAY(
				SELECT b.id FROM programme_sessions ps
				JOIN bookings b ON b.session_id = ps.id AND b.anonymised_at IS NULL
				WHERE ps.ends_at < $1
				LIMIT $3
				FOR UPDATE OF b SKIP LOCKED))
			RETURNING id
		), m AS (
			UPDATE mail_log SET recipient = '', last_error = replace(last_error, recipient, '')
			WHERE booking_id IN (SELECT id FROM b) AND recipient <> ''
			RETURNING id
		)
		SELECT (SELECT count(*) FROM b), (SELECT count(*) FROM m)`,
		func(a *model.Anonymised) []*int { return []*int{&a.Bookings, &a.Mail} }},
	// Comments are free text that may name someone; scores stay. Feedback
	// given from the session page (walk-ins) has no booking: it goes by
	// its session too.
	{"empty feedback comments", false, `
		WITH f AS (
			UPDATE feedback SET comment = ''
			WHERE comment <> '' AND id = ANY(ARRAY(
				SELECT f.id FROM programme_sessions ps
				JOIN feedback f ON f.session_id = ps.id AND f.comment <> ''
				WHERE ps.ends_at < $1
				LIMIT $2
				FOR UPDATE OF f SKIP LOCKED))
			RETURNING id
		)
		SELECT count(*) FROM f`,
		func(a *model.Anonymised) []*int { return []*int{&a.Comments} }},
	// Outgoing mail older than the cut-off that is about no booking and
	// not to a staff or partner account. (A booking's mail goes with the
	// booking, above.)
	{"forget mail recipients", false, `
		WITH m AS (
			UPDATE mail_log SET recipient = '', last_error = replace(last_error, recipient, '')
			WHERE recipient <> '' AND id = ANY(ARRAY(
				SELECT id FROM mail_log
				WHERE recipient <> '' AND booking_id IS NULL AND user_id IS NULL AND created_at < $1
				LIMIT $2
				FOR UPDATE SKIP LOCKED))
			RETURNING id
		)
		SELECT count(*) FROM m`,
		func(a *model.Anonymised) []*int { return []*int{&a.Mail} }},
	{"anonymise suggestions", true, `
		WITH g AS (
			UPDATE suggestions SET contact_name = '', contact_email = '', contact_phone = '', person_key = NULL,
				anonymised_at = $2
			WHERE anonymised_at IS NULL AND id = ANY(ARRAY(
				SELECT id FROM suggestions
				WHERE anonymised_at IS NULL AND created_at < $1
				LIMIT $3
				FOR UPDATE SKIP LOCKED))
			RETURNING id
		)
		SELECT count(*) FROM g`,
		func(a *model.Anonymised) []*int { return []*int{&a.Suggestions} }},
}

// Anonymise removes the personal data the service no longer needs: of
// every booking whose session ended more than retention ago, the name,
// contacts, postcode, access needs and manage link (its data zone, SIMD
// decile, party, attendance, status, source and person key stay, so the
// evaluation's figures do not change); the comments of feedback on those
// sessions (the scores stay); the recipients in the outgoing mail log of
// those bookings, and of other messages that old about no booking and not
// sent to an account;
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
			counts := step.counts(&done)
			got := make([]int, len(counts))
			dest := make([]any, len(counts))
			for i := range got {
				dest[i] = &got[i]
			}
			if err := s.q.QueryRowxContext(ctx, step.query, args...).Scan(dest...); err != nil {
				return done, wrap(err, "retention: "+step.what)
			}
			for i, n := range got {
				*counts[i] += n
			}
			if got[0] == 0 {
				break
			}
		}
	}
	return done, nil
}
