package store

import (
	"context"
	"fmt"
	"maps"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// SpaceRules are how one space is booked: the set-up before and
// clear-down after every booking, in minutes (0 to 240), and how partners
// book it: "instant" (confirmed straight away), "request" (staff approve)
// or "staff" (only staff book it).
type SpaceRules struct {
	Setup, Cleardown int
	PartnerBooking   string
}

// VenueHours are the opening hours of a venue and of the spaces in it that
// keep their own, with how each space is booked.
type VenueHours struct {
	// Venue is the venue's hours; none means none are set, and any time
	// is open.
	Venue []model.OpeningPeriod
	// Spaces are the hours of each space (by id) that keeps its own; a
	// space not here is open when its venue is.
	Spaces map[int64][]model.OpeningPeriod
	// Rules are how each space (by id) is booked. Saving leaves spaces
	// not here as they are.
	Rules map[int64]SpaceRules
}

// VenueHours returns the opening hours of the venue with id venueID, its
// spaces' own, and how each of its spaces is booked.
func (s *Store) VenueHours(ctx context.Context, venueID int64) (VenueHours, error) {
	var rows []struct {
		SpaceID *int64 `db:"space_id"`
		Weekday int    `db:"weekday"`
		Opens   int    `db:"opens"`
		Closes  int    `db:"closes"`
	}
	err := s.selectContext(ctx, &rows, `
		SELECT space_id, weekday, extract(epoch FROM opens)::int / 60 AS opens, extract(epoch FROM closes)::int / 60 AS closes
		FROM opening_hours WHERE venue_id = $1
		ORDER BY space_id NULLS FIRST, weekday, opens`, venueID)
	if err != nil {
		return VenueHours{}, wrap(err, "venue hours")
	}
	h := VenueHours{Spaces: map[int64][]model.OpeningPeriod{}, Rules: map[int64]SpaceRules{}}
	for _, r := range rows {
		p := model.OpeningPeriod{Weekday: r.Weekday, Opens: r.Opens, Closes: r.Closes}
		if r.SpaceID == nil {
			h.Venue = append(h.Venue, p)
		} else {
			h.Spaces[*r.SpaceID] = append(h.Spaces[*r.SpaceID], p)
		}
	}
	var rules []struct {
		ID             int64  `db:"id"`
		Setup          int    `db:"setup_minutes"`
		Cleardown      int    `db:"cleardown_minutes"`
		PartnerBooking string `db:"partner_booking"`
	}
	err = s.selectContext(ctx, &rules, `
		SELECT id, setup_minutes, cleardown_minutes, partner_booking FROM spaces WHERE venue_id = $1`, venueID)
	if err != nil {
		return VenueHours{}, wrap(err, "space booking rules")
	}
	for _, r := range rules {
		h.Rules[r.ID] = SpaceRules{Setup: r.Setup, Cleardown: r.Cleardown, PartnerBooking: r.PartnerBooking}
	}
	return h, nil
}

// SetVenueHours replaces the opening hours of venue and of its spaces with
// h, and the booking rules of the spaces in h.Rules, in one transaction
// with one audit entry. A space of another venue is model.ErrNotFound.
func (s *Store) SetVenueHours(ctx context.Context, by model.Actor, venue model.Venue, h VenueHours) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.lockVenueSpaces(ctx, venue.ID); err != nil {
			return err
		}
		// The rules below change space rows that bookings lock (their
		// outermost space): lock them all first, in id order, as closures
		// do, so neither waits on the other in the opposite order.
		if _, err := tx.q.ExecContext(ctx, `
			SELECT 1 FROM spaces WHERE venue_id = $1 ORDER BY id FOR NO KEY UPDATE`, venue.ID); err != nil {
			return wrap(err, "lock spaces")
		}
		spaces, err := tx.Spaces(ctx, venue.ID)
		if err != nil {
			return err
		}
		slugs := make(map[int64]string, len(spaces))
		for _, sp := range spaces {
			slugs[sp.ID] = sp.Slug
		}
		for id := range h.Spaces {
			if _, ok := slugs[id]; !ok {
				return model.ErrNotFound
			}
		}
		for id := range h.Rules {
			if _, ok := slugs[id]; !ok {
				return model.ErrNotFound
			}
		}
		before, err := tx.VenueHours(ctx, venue.ID)
		if err != nil {
			return err
		}
		if err := tx.replaceHours(ctx, venue.ID, h); err != nil {
			return err
		}
		for id, r := range h.Rules {
			if _, err := tx.q.ExecContext(ctx, `
				UPDATE spaces SET setup_minutes = $2, cleardown_minutes = $3, partner_booking = $4
				WHERE id = $1 AND venue_id = $5`, id, r.Setup, r.Cleardown, r.PartnerBooking, venue.ID); err != nil {
				return wrap(err, "set space booking rules")
			}
		}
		after := VenueHours{Venue: h.Venue, Spaces: h.Spaces, Rules: maps.Clone(before.Rules)}
		maps.Copy(after.Rules, h.Rules)
		return tx.audit(ctx, by, change{action: "venue.hours", entity: "venue", key: venue.Slug, label: venue.Name,
			before: hoursAuditOf(before, slugs), after: hoursAuditOf(after, slugs)})
	})
}

// replaceHours deletes the venue's opening hours and writes h's.
func (s *Store) replaceHours(ctx context.Context, venueID int64, h VenueHours) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM opening_hours WHERE venue_id = $1`, venueID); err != nil {
		return wrap(err, "clear opening hours")
	}
	var spaceIDs, weekdays, opens, closes []int64
	add := func(space int64, ps []model.OpeningPeriod) {
		for _, p := range ps {
			spaceIDs = append(spaceIDs, space)
			weekdays = append(weekdays, int64(p.Weekday))
			opens = append(opens, int64(p.Opens))
			closes = append(closes, int64(p.Closes))
		}
	}
	add(0, h.Venue)
	for id, ps := range h.Spaces {
		add(id, ps)
	}
	_, err := s.q.ExecContext(ctx, `
		INSERT INTO opening_hours (venue_id, space_id, weekday, opens, closes)
		SELECT $1, nullif(t.space_id, 0), t.weekday, make_time(t.opens / 60, t.opens % 60, 0), make_time(t.closes / 60, t.closes % 60, 0)
		FROM unnest($2::bigint[], $3::int[], $4::int[], $5::int[]) AS t (space_id, weekday, opens, closes)`,
		venueID, pq.Int64Array(spaceIDs), pq.Int64Array(weekdays), pq.Int64Array(opens), pq.Int64Array(closes))
	return wrap(err, "write opening hours")
}

// hoursAudit is what the audit log records of a venue's hours: each
// period as "Mon 09:00-17:00", and each space's by slug.
type hoursAudit struct {
	Venue  []string            `json:"venue"`
	Spaces map[string][]string `json:"spaces,omitempty"`
	Rules  map[string]string   `json:"rules,omitempty"`
}

func hoursAuditOf(h VenueHours, slugs map[int64]string) hoursAudit {
	days := []string{"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	text := func(ps []model.OpeningPeriod) []string {
		out := []string{}
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s %02d:%02d-%02d:%02d", days[p.Weekday], p.Opens/60, p.Opens%60, p.Closes/60, p.Closes%60))
		}
		return out
	}
	a := hoursAudit{Venue: text(h.Venue), Spaces: map[string][]string{}, Rules: map[string]string{}}
	for id, ps := range h.Spaces {
		if len(ps) > 0 {
			a.Spaces[slugs[id]] = text(ps)
		}
	}
	for id, r := range h.Rules {
		a.Rules[slugs[id]] = fmt.Sprintf("set-up %d, clear-down %d, partners %s", r.Setup, r.Cleardown, r.PartnerBooking)
	}
	return a
}
