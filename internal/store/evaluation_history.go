package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// PastSession is a session that has ended and what happened at it, written
// in bulk by RecordHistory: the demo's past months and the benchmarks'
// years are made so, where a live service gets there through the session
// form, booking forms, the desk, registers and feedback one at a time.
type PastSession struct {
	Session NewSession
	// ClosedAt, when set, is when the register was closed.
	ClosedAt *time.Time
	Bookings []PastBooking
	// Answers are feedback given on the session page (one per browser).
	Answers []PastAnswer
}

// PastBooking is a confirmed booking (or a record of walk-ins) at a past
// session, as the register left it, with its feedback.
type PastBooking struct {
	Source                       model.BookingSource
	Name, Email, Phone, Postcode string
	PartySize                    int
	// Attended is how many of the party came (0 a no-show); nil is not
	// yet marked. Walk-ins came in full, whatever it says.
	Attended *int
	// BookedAt is when the booking was made, MarkedAt when the register
	// marked it.
	BookedAt, MarkedAt time.Time
	// Answer is the booking's answer to the feedback survey, if any.
	Answer *PastAnswer
}

// PastAnswer is an answer to "How useful was this session?".
type PastAnswer struct {
	Score   int
	Comment string
	At      time.Time
}

// historyReferenceLength is the length of history bookings' references:
// thousands are written at once, so two more characters than a booking's
// first try keep collisions (retried) rare.
const historyReferenceLength = 6

// RecordHistory creates the sessions of past, with their places booked
// counted and their registers closed where ClosedAt says, and writes their
// bookings and walk-ins (the SIMD decile of each postcode filled in by the
// database, person keys by the store), marks and feedback, by the actor
// by (who recorded walk-ins, booked at the desk and marked registers). A
// handful of statements in one transaction, whatever the number of
// sessions; it sends no email.
func (s *Store) RecordHistory(ctx context.Context, by model.Actor, past []PastSession) error {
	if len(past) == 0 {
		return nil
	}
	return s.InTx(ctx, func(tx *Store) error {
		ids, err := tx.insertPastSessions(ctx, by, past)
		if err != nil {
			return err
		}
		var pending []pastRow
		for i, p := range past {
			for _, b := range p.Bookings {
				pending = append(pending, pastRow{session: ids[i], PastBooking: b})
			}
		}
		for attempt := 0; len(pending) > 0; attempt++ {
			if attempt == maxReferenceTries {
				return errors.New("record history: no free references after many tries")
			}
			if pending, err = tx.insertPastBookings(ctx, by, pending); err != nil {
				return err
			}
		}
		var sessions, scores []int64
		var comments, at []string
		for i, p := range past {
			for _, a := range p.Answers {
				sessions, scores = append(sessions, ids[i]), append(scores, int64(a.Score))
				comments, at = append(comments, a.Comment), append(at, a.At.Format(time.RFC3339Nano))
			}
		}
		// Each answer from a browser of its own (a random key).
		_, err = tx.q.ExecContext(ctx, `
			INSERT INTO feedback (session_id, browser_key, score, comment, created_at)
			SELECT x.session_id, sha256(convert_to(gen_random_uuid()::text, 'UTF8')), x.score, x.comment, x.at
			FROM unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[]) AS x (session_id, score, comment, at)`,
			pq.Array(sessions), pq.Array(scores), pq.Array(comments), pq.Array(at))
		return wrap(err, "record history: feedback from session pages")
	})
}

// insertPastSessions creates the sessions in one statement and returns
// their ids in order.
func (s *Store) insertPastSessions(ctx context.Context, by model.Actor, past []PastSession) ([]int64, error) {
	n := len(past)
	var (
		titles, summaries, descriptions, notes = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		statuses, reasons, starts, ends        = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		closed                                 = make([]string, n)
		themes, audiences, venues, spaces      = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		partners, capacities, reserves, booked = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		required, children                     = make([]bool, n), make([]bool, n)
	)
	for i, p := range past {
		m := p.Session
		titles[i], summaries[i], descriptions[i], notes[i] = m.Title, m.Summary, m.Description, m.AccessNotes
		statuses[i], reasons[i] = string(m.Status), m.CancelReason
		if m.Status == "" {
			statuses[i] = string(model.StatusScheduled)
		}
		starts[i], ends[i] = m.StartsAt.Format(time.RFC3339Nano), m.EndsAt.Format(time.RFC3339Nano)
		if p.ClosedAt != nil {
			closed[i] = p.ClosedAt.Format(time.RFC3339Nano)
		}
		themes[i], audiences[i], venues[i] = m.ThemeID, m.AudienceID, m.VenueID
		if m.SpaceID != nil {
			spaces[i] = *m.SpaceID
		}
		if m.PartnerID != nil {
			partners[i] = *m.PartnerID
		}
		capacities[i] = -1
		if m.Capacity != nil {
			capacities[i] = int64(*m.Capacity)
		}
		reserves[i], required[i], children[i] = int64(m.WalkInReserve), m.BookingRequired, m.ChildrenWelcome
		for _, b := range p.Bookings {
			booked[i] += int64(b.PartySize)
		}
	}
	var ids []int64
	err := s.selectContext(ctx, &ids, `
		WITH input AS MATERIALIZED (
			SELECT x.*, random_public_id() AS public_id
			FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[],
			            $9::text[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::int[], $16::int[],
			            $17::int[], $18::boolean[], $19::boolean[])
			    WITH ORDINALITY AS x (title, summary, description, access_notes, status, cancel_reason, starts_at, ends_at,
			                          closed_at, theme_id, audience_id, venue_id, space_id, partner_id, capacity, walk_in_reserve,
			                          places_booked, booking_required, children_welcome, n)
		), made AS (
			INSERT INTO programme_sessions (public_id, title, summary, description, theme_id, audience_id, venue_id, space_id,
				partner_id, starts_at, ends_at, booking_required, capacity, walk_in_reserve, places_booked, children_welcome,
				access_notes, status, cancel_reason, register_closed_at, register_closed_by)
			SELECT public_id, title, summary, description, theme_id, audience_id, venue_id, nullif(space_id, 0),
			       nullif(partner_id, 0), starts_at, ends_at, booking_required, nullif(capacity, -1), walk_in_reserve, places_booked,
			       children_welcome, access_notes, status, cancel_reason, nullif(closed_at, '')::timestamptz,
			       CASE WHEN closed_at <> '' THEN $20::bigint END
			FROM input ORDER BY n
			RETURNING id, public_id
		)
		SELECT made.id FROM made JOIN input USING (public_id) ORDER BY input.n`,
		pq.Array(titles), pq.Array(summaries), pq.Array(descriptions), pq.Array(notes), pq.Array(statuses), pq.Array(reasons),
		pq.Array(starts), pq.Array(ends), pq.Array(closed), pq.Array(themes), pq.Array(audiences), pq.Array(venues),
		pq.Array(spaces), pq.Array(partners), pq.Array(capacities), pq.Array(reserves), pq.Array(booked),
		pq.Array(required), pq.Array(children), actorID(by))
	if err == nil && len(ids) != n {
		err = errors.New("some sessions were not made")
	}
	return ids, wrap(err, "record history: sessions")
}

// pastRow is a past booking with its session's id.
type pastRow struct {
	session int64
	PastBooking
}

// insertPastBookings inserts bookings with their feedback in one statement
// and returns those whose made-up reference was taken, to try again.
func (s *Store) insertPastBookings(ctx context.Context, by model.Actor, rows []pastRow) ([]pastRow, error) {
	n := len(rows)
	var (
		refs, sources, names, emails, phones, postcodes = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		keys, tokens, comments                          = make([]string, n), make([]string, n), make([]string, n)
		sessions, parties, attended, scores             = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		bookedAt, markedAt, answeredAt                  = make([]string, n), make([]string, n), make([]string, n)
	)
	unique := make(map[string]bool, n)
	for i, b := range rows {
		for refs[i] = newReference(historyReferenceLength); unique[refs[i]]; {
			refs[i] = newReference(historyReferenceLength) // unique within the statement too
		}
		unique[refs[i]] = true
		sessions[i] = b.session
		sources[i], names[i], emails[i], phones[i], postcodes[i] = string(b.Source), b.Name, b.Email, b.Phone, b.Postcode
		keys[i] = hex.EncodeToString(s.personKeyOf(b.Email, b.Phone))
		if b.Source != model.SourceWalkIn {
			token := make([]byte, 32)
			rand.Read(token) // the manage link of a booking long past
			tokens[i] = hex.EncodeToString(token)
		}
		parties[i], attended[i] = int64(b.PartySize), -1
		if b.Source == model.SourceWalkIn {
			attended[i] = int64(b.PartySize)
		} else if b.Attended != nil {
			attended[i] = int64(*b.Attended)
		}
		bookedAt[i], markedAt[i] = b.BookedAt.Format(time.RFC3339Nano), b.MarkedAt.Format(time.RFC3339Nano)
		answeredAt[i] = bookedAt[i]
		if b.Answer != nil {
			scores[i], comments[i], answeredAt[i] = int64(b.Answer.Score), b.Answer.Comment, b.Answer.At.Format(time.RFC3339Nano)
		}
	}
	var inserted []string
	err := s.selectContext(ctx, &inserted, `
		WITH input AS (
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
			                     $9::text[], $10::int[], $11::int[], $12::timestamptz[], $13::timestamptz[], $14::int[], $15::text[],
			                     $16::timestamptz[])
			    AS x (session_id, reference, source, name, email, phone, postcode, person_key, token, party, attended, booked_at,
			          marked_at, score, comment, answered_at)
		), b AS (
			INSERT INTO bookings (reference, session_id, status, source, name, email, phone, party_size, postcode, token_hash,
				person_key, attended, marked_at, marked_by, created_by, updated_by, created_at, updated_at)
			SELECT i.reference, i.session_id, 'confirmed', i.source, i.name, i.email, i.phone, i.party, i.postcode,
			       decode(nullif(i.token, ''), 'hex'), decode(nullif(i.person_key, ''), 'hex'),
			       nullif(i.attended, -1), CASE WHEN i.attended >= 0 THEN i.marked_at END, CASE WHEN i.attended >= 0 THEN $17::bigint END,
			       CASE WHEN i.source <> 'online' THEN $17::bigint END, CASE WHEN i.source <> 'online' THEN $17::bigint END,
			       i.booked_at, i.booked_at
			FROM input i
			ON CONFLICT (reference) DO NOTHING
			RETURNING id, reference
		), f AS (
			INSERT INTO feedback (session_id, booking_id, score, comment, created_at)
			SELECT i.session_id, b.id, i.score, i.comment, i.answered_at FROM b JOIN input i USING (reference) WHERE i.score > 0
		)
		SELECT reference FROM b`,
		pq.Array(sessions), pq.Array(refs), pq.Array(sources), pq.Array(names), pq.Array(emails), pq.Array(phones),
		pq.Array(postcodes), pq.Array(keys), pq.Array(tokens), pq.Array(parties), pq.Array(attended), pq.Array(bookedAt),
		pq.Array(markedAt), pq.Array(scores), pq.Array(comments), pq.Array(answeredAt), actorID(by))
	if err != nil {
		return nil, wrap(err, "record history: bookings")
	}
	done := make(map[string]bool, len(inserted))
	for _, r := range inserted {
		done[r] = true
	}
	var retry []pastRow
	for i, b := range rows {
		if !done[refs[i]] {
			retry = append(retry, b)
		}
	}
	return retry, nil
}
