package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// personKeys are the person keys p's bookings and suggestions were kept
// with (the keyed hash of the email, and of the phone), so that data
// retention already made anonymous but still counted as theirs is found
// too. Without a key (WithPersonKey), none.
func (s *Store) personKeys(p model.Person) pq.ByteaArray {
	keys := pq.ByteaArray{}
	if s.personKey == nil {
		return keys
	}
	if p.Email != "" {
		keys = append(keys, s.personKey("email:"+p.Email))
	}
	if p.Phone != "" {
		keys = append(keys, s.personKey("phone:"+p.Phone))
	}
	return keys
}

// personBookings matches the bookings of a person on bookings b: $1 the
// email, $2 the phone (either may be empty, matching nothing), $3 their
// person keys.
const personBookings = `(($1 <> '' AND b.email = $1) OR ($2 <> '' AND b.phone = $2) OR b.person_key = ANY($3))`

// personSuggestions matches the suggestions a person left their contact
// with, on suggestions g, with the arguments of personBookings.
const personSuggestions = `(($1 <> '' AND g.contact_email = $1) OR ($2 <> '' AND g.contact_phone = $2) OR g.person_key = ANY($3))`

// PersonData returns everything linked to p (a normalised email and/or
// phone): their bookings, newest session first, including those retention
// made anonymous but still keeps their person key; feedback given through
// them; and suggestions with their contact. A navigator shows it, or
// exports it, on the person's request.
func (s *Store) PersonData(ctx context.Context, p model.Person) (model.PersonData, error) {
	d := model.PersonData{Person: p, Bookings: []model.PersonBooking{}, Feedback: []model.PersonFeedback{},
		Suggestions: []model.PersonSuggestion{}}
	if p.Email == "" && p.Phone == "" {
		return d, nil
	}
	args := []any{p.Email, p.Phone, s.personKeys(p)}
	if err := s.selectContext(ctx, &d.Bookings, `
		SELECT b.reference, ps.public_id AS sessionid, ps.title AS session, ps.starts_at AS startsat,
			ps.ends_at AS endsat, b.status, b.source, b.name, b.email, b.phone, b.party_size AS partysize,
			b.children, b.attended, b.postcode, b.access_needs AS accessneeds, b.reminders,
			b.created_at AS createdat, b.cancelled_at AS cancelledat, b.anonymised_at AS anonymisedat
		FROM bookings b JOIN programme_sessions ps ON ps.id = b.session_id
		WHERE `+personBookings+`
		ORDER BY ps.starts_at DESC, b.id`, args...); err != nil {
		return d, wrap(err, "a person's bookings")
	}
	if err := s.selectContext(ctx, &d.Feedback, `
		SELECT b.reference, ps.title AS session, f.score, f.comment, f.created_at AS createdat
		FROM feedback f
		JOIN bookings b ON b.id = f.booking_id
		JOIN programme_sessions ps ON ps.id = f.session_id
		WHERE `+personBookings+`
		ORDER BY f.created_at DESC, f.id`, args...); err != nil {
		return d, wrap(err, "a person's feedback")
	}
	if err := s.selectContext(ctx, &d.Suggestions, `
		SELECT g.public_id AS publicid, g.what, g.status, g.contact_name AS contactname,
			g.contact_email AS contactemail, g.contact_phone AS contactphone, g.created_at AS createdat
		FROM suggestions g
		WHERE `+personSuggestions+`
		ORDER BY g.created_at DESC, g.id`, args...); err != nil {
		return d, wrap(err, "a person's suggestions")
	}
	return d, nil
}

// PersonExport returns PersonData for p, as a download for the person,
// and records in the audit log that by exported it: how much, never whose.
func (s *Store) PersonExport(ctx context.Context, by model.Actor, p model.Person) (model.PersonData, error) {
	var d model.PersonData
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		if d, err = tx.PersonData(ctx, p); err != nil {
			return err
		}
		return tx.audit(ctx, by, change{action: "person.export", entity: "person", key: "request",
			label: countsLabel(counted{len(d.Bookings), "booking"}, counted{len(d.Feedback), "feedback answer"},
				counted{len(d.Suggestions), "suggestion"})})
	})
	return d, err
}

// ErasePerson erases p's personal data on their request, by a navigator
// or staff member. Their live bookings on sessions still to come are
// cancelled first, as the desk cancels (the places go to the waitlist in
// the same transaction); then every booking of theirs is made anonymous
// as retention does, without its person key either, so that they no
// longer count as one person; their feedback comments, the recipients in
// the outgoing mail log of their bookings and to their address, and the
// contact of their suggestions are removed, with River's finished records
// of their bookings' emails (whose errors may quote the address). The
// audit log records what was erased, never whose.
func (s *Store) ErasePerson(ctx context.Context, by model.Actor, p model.Person) (model.Erased, error) {
	var e model.Erased
	if p.Email == "" && p.Phone == "" {
		return e, errors.New("erase a person: no email or phone")
	}
	err := s.InTx(ctx, func(tx *Store) error {
		e = model.Erased{}
		now := tx.now()
		args := []any{p.Email, p.Phone, tx.personKeys(p)}
		var live []int64
		// In session order, the order places are locked in.
		if err := tx.selectContext(ctx, &live, `
			SELECT b.id FROM bookings b JOIN programme_sessions ps ON ps.id = b.session_id
			WHERE `+personBookings+` AND b.status IN ('confirmed', 'waitlisted') AND ps.starts_at > $4
			ORDER BY ps.id, b.id`, append(args, now)...); err != nil {
			return wrap(err, "find a person's live bookings")
		}
		for _, id := range live {
			_, err := tx.CancelBooking(ctx, by, BookingKey{ID: id})
			if errors.Is(err, model.ErrBookingCancelled) {
				continue
			}
			if err != nil {
				return err
			}
			e.Cancelled++
		}
		var ids []int64
		if err := tx.selectContext(ctx, &ids, `
			UPDATE bookings b SET name = '', email = '', phone = '', postcode = '', access_needs = '',
				token_sealed = NULL, reminders = false, person_key = NULL,
				anonymised_at = coalesce(anonymised_at, $4)
			WHERE `+personBookings+`
			RETURNING id`, append(args, now)...); err != nil {
			return wrap(err, "erase a person's bookings")
		}
		e.Bookings = len(ids)
		if err := tx.eraseTraces(ctx, p, ids, &e); err != nil {
			return err
		}
		var suggestions []int64
		if err := tx.selectContext(ctx, &suggestions, `
			UPDATE suggestions g SET contact_name = '', contact_email = '', contact_phone = '', person_key = NULL,
				anonymised_at = coalesce(anonymised_at, $4)
			WHERE `+personSuggestions+`
			RETURNING id`, append(args, now)...); err != nil {
			return wrap(err, "erase a person's suggestions")
		}
		e.Suggestions = len(suggestions)
		label := countsLabel(counted{e.Bookings, "booking"})
		if e.Cancelled > 0 {
			label += fmt.Sprintf(" (%d cancelled)", e.Cancelled)
		}
		label += ", " + countsLabel(counted{e.Suggestions, "suggestion"})
		return tx.audit(ctx, by, change{action: "person.erase", entity: "person", key: "request", label: label})
	})
	return e, err
}

// eraseTraces removes what the bookings ids left elsewhere: feedback
// comments, the outgoing mail log's recipients (and any to p's address),
// and River's finished records of their emails.
func (s *Store) eraseTraces(ctx context.Context, p model.Person, ids []int64, e *model.Erased) error {
	jobBookings := make(pq.StringArray, len(ids))
	for i, id := range ids {
		jobBookings[i] = strconv.FormatInt(id, 10)
	}
	res, err := s.q.ExecContext(ctx, `UPDATE feedback SET comment = '' WHERE booking_id = ANY($1) AND comment <> ''`,
		pq.Array(ids))
	if err != nil {
		return wrap(err, "erase a person's feedback comments")
	}
	n, _ := res.RowsAffected()
	e.Comments = int(n)
	// A refusal quoted in last_error may name the address.
	res, err = s.q.ExecContext(ctx, `
		UPDATE mail_log SET recipient = '', last_error = replace(replace(last_error, recipient, ''), $2, '')
		WHERE (booking_id = ANY($1) OR ($2 <> '' AND recipient = $2))
		  AND (recipient <> '' OR ($2 <> '' AND strpos(last_error, $2) > 0))`, pq.Array(ids), p.Email)
	if err != nil {
		return wrap(err, "erase a person's mail log")
	}
	n, _ = res.RowsAffected()
	e.Mail = int(n)
	// Emails still queued find no address and are dropped; finished jobs
	// are River's record of tries, kept a week, and may quote a refusal.
	if _, err := s.q.ExecContext(ctx, `
		DELETE FROM river_job
		WHERE kind = 'mail' AND state IN ('completed', 'cancelled', 'discarded')
		  AND args->>'booking' = ANY($1)`, jobBookings); err != nil {
		return wrap(err, "erase a person's finished email jobs")
	}
	_, err = s.q.ExecContext(ctx, `
		UPDATE river_job SET errors = NULL
		WHERE kind = 'mail' AND state NOT IN ('completed', 'cancelled', 'discarded', 'running') AND errors IS NOT NULL
		  AND args->>'booking' = ANY($1)`, jobBookings)
	return wrap(err, "erase a person's email jobs' errors")
}

// counted is how many of a thing, named in the singular.
type counted struct {
	n    int
	noun string
}

// countsLabel says how many of each thing: "3 bookings, 1 suggestion".
func countsLabel(counts ...counted) string {
	parts := make([]string, len(counts))
	for i, c := range counts {
		noun := c.noun
		if c.n != 1 {
			noun += "s"
		}
		parts[i] = fmt.Sprintf("%d %s", c.n, noun)
	}
	return strings.Join(parts, ", ")
}
