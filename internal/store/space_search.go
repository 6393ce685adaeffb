package store

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// searchStep is how far apart the start times FreeSpaces tries are.
const searchStep = 15 * time.Minute

// FreeSpaceQuery is what a person looking for a space needs: somewhere
// for People, with all of Features, free for Length at some start between
// From and To on Day.
type FreeSpaceQuery struct {
	// VenueID is the venue to look in; 0 looks in every venue.
	VenueID int64
	// Day is the day's midnight in the service's time zone; From and To
	// are times on it, and a slot starts at From or later and ends at To
	// or earlier.
	Day      time.Time
	From, To time.Time
	Length   time.Duration
	People   int
	Features []string
}

// FreeSpace is a space that fits a FreeSpaceQuery, with when it is free.
type FreeSpace struct {
	Space model.Space
	Venue model.Venue
	// PartnerBooking is how partners book it: instant, request or staff.
	PartnerBooking string
	// Starts are the start times, searchStep apart, of every free slot.
	Starts []time.Time
	// Windows are the free slots run together: from the first start of a
	// run of starts to the end of its last slot.
	Windows []FreeWindow
}

// FreeWindow is a time in which every slot of the length asked for is
// free; Starts are the slots' start times.
type FreeWindow struct {
	From, To time.Time
	Starts   []time.Time
}

// freeSpacesSQL lists the free start times of every space that fits:
// candidate starts every $9 from $6 to $7 less the length $8, kept where
// the space is open and no claim on it, or on any space within it, meets
// the slot with the space's buffers added (at most 240 minutes each, so
// only claims within 4 hours of the time asked about can). $4 is the day's
// date and $5 the time zone of the opening hours.
const freeSpacesSQL = `
		WITH cand AS (
			SELECT sp.id, sp.venue_id, sp.setup_minutes, sp.cleardown_minutes,
			       EXISTS (SELECT 1 FROM opening_hours oh
			               WHERE oh.venue_id = sp.venue_id AND (oh.space_id = sp.id OR oh.space_id IS NULL)) AS hours_set,
			       EXISTS (SELECT 1 FROM opening_hours oh WHERE oh.space_id = sp.id) AS own_hours
			FROM spaces sp
			WHERE ($1::bigint = 0 OR sp.venue_id = $1) AND sp.capacity >= $2 AND sp.features @> $3::text[]
		),
		near AS MATERIALIZED (
			SELECT cl.space_id, cl.during FROM space_claims cl
			WHERE cl.during && tstzrange($6::timestamptz - interval '4 hours', $7::timestamptz + interval '4 hours', '[)')
		),
		busy AS MATERIALIZED (
			SELECT c.id AS space_id, n.during
			FROM cand c, space_and_within(c.id) w
			JOIN near n ON n.space_id = w.id
		),
		periods AS (
			SELECT c.id AS space_id,
			       ($4::date + oh.opens) AT TIME ZONE $5 AS open_at,
			       ($4::date + oh.closes) AT TIME ZONE $5 AS close_at
			FROM cand c
			JOIN opening_hours oh ON oh.venue_id = c.venue_id AND oh.weekday = extract(isodow FROM $4::date)
			WHERE (c.own_hours AND oh.space_id = c.id) OR (NOT c.own_hours AND oh.space_id IS NULL)
		),
		slots AS (
			SELECT c.id AS space_id, st AS starts_at,
			       tstzrange(st - make_interval(mins => c.setup_minutes),
			                 st + $8::interval + make_interval(mins => c.cleardown_minutes), '[)') AS held
			FROM cand c, generate_series($6::timestamptz, $7::timestamptz - $8::interval, $9::interval) st
			WHERE st >= $10
			  AND (NOT c.hours_set OR EXISTS (
			      SELECT 1 FROM periods p
			      WHERE p.space_id = c.id AND st >= p.open_at AND st + $8::interval <= p.close_at))
		)
		SELECT sp.id, sp.venue_id, sp.parent_id, sp.slug, sp.name, sp.kind, sp.description, sp.capacity,
		       sp.features, parent.name AS parent_name, sp.partner_booking,
		       v.slug AS venue_slug, v.name AS venue_name, sl.starts_at
		FROM slots sl
		JOIN spaces sp ON sp.id = sl.space_id
		JOIN venues v ON v.id = sp.venue_id
		LEFT JOIN spaces parent ON parent.id = sp.parent_id
		WHERE NOT EXISTS (SELECT 1 FROM busy b WHERE b.space_id = sl.space_id AND b.during && sl.held)
		ORDER BY v.name, v.id, coalesce(parent.name, sp.name), sp.parent_id NULLS FIRST, sp.name, sp.id, sl.starts_at`

// FreeSpaces returns the spaces that fit q, by venue and name, each with
// the start times of its free slots; spaces with none are left out. A
// slot is free when the space is open for it (its own opening hours, or
// else its venue's, if any are set), it has not started yet, and no live
// claim on the space or any space within it overlaps the slot with the
// space's set-up and clear-down added: so a room whose zone is booked is
// not free as a whole room, though its other zones are.
func (s *Store) FreeSpaces(ctx context.Context, q FreeSpaceQuery) ([]FreeSpace, error) {
	if q.Length <= 0 || q.To.Sub(q.From) < q.Length {
		return nil, nil
	}
	loc := s.location()
	date := q.Day.In(loc).Format(time.DateOnly)
	var rows []struct {
		spaceRow
		PartnerBooking string    `db:"partner_booking"`
		VenueSlug      string    `db:"venue_slug"`
		VenueName      string    `db:"venue_name"`
		StartsAt       time.Time `db:"starts_at"`
	}
	err := s.selectContext(ctx, &rows, freeSpacesSQL,
		q.VenueID, q.People, pq.StringArray(nonNil(q.Features)), date, loc.String(),
		q.From, q.To, pgDuration(q.Length), pgDuration(searchStep), s.now())
	if err != nil {
		return nil, wrap(err, "free spaces")
	}
	var out []FreeSpace
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].Space.ID != r.ID {
			sp := r.Space
			sp.Features = r.Features
			sp.ParentName = r.ParentName.String
			out = append(out, FreeSpace{Space: sp, PartnerBooking: r.PartnerBooking,
				Venue: model.Venue{ID: r.VenueID, Slug: r.VenueSlug, Name: r.VenueName}})
		}
		f := &out[len(out)-1]
		f.Starts = append(f.Starts, r.StartsAt)
	}
	for i := range out {
		out[i].Windows = freeWindows(out[i].Starts, q.Length)
	}
	return out, nil
}

// freeWindows runs together start times searchStep apart.
func freeWindows(starts []time.Time, length time.Duration) []FreeWindow {
	var ws []FreeWindow
	for _, st := range starts {
		if n := len(ws); n > 0 && st.Sub(ws[n-1].Starts[len(ws[n-1].Starts)-1]) == searchStep {
			ws[n-1].Starts = append(ws[n-1].Starts, st)
			ws[n-1].To = st.Add(length)
			continue
		}
		ws = append(ws, FreeWindow{From: st, To: st.Add(length), Starts: []time.Time{st}})
	}
	return ws
}

// pgDuration writes d as a PostgreSQL interval in seconds.
func pgDuration(d time.Duration) string {
	return fmt.Sprintf("%d seconds", int64(d/time.Second))
}
