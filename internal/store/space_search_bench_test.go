package store_test

import (
	"context"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// BenchmarkFreeSpaces searches one afternoon for 2 hours among 20 spaces
// with 2,000 bookings in the month.
func BenchmarkFreeSpaces(b *testing.B) {
	db := pgtest.New(b)
	loc := testutil.London(b)
	st := store.New(db).WithBooking(model.BookingRules{Location: loc}, nil)
	v := testutil.CreateVenue(b, st, model.Venue{})
	for range 20 {
		testutil.CreateSpace(b, st, v, model.Space{Capacity: 30, Features: []string{"step_free"}})
	}
	start := time.Now().In(loc).AddDate(0, 0, 1).Truncate(24 * time.Hour)
	// 100 bookings a space, 1 hour each, every 7 hours from tomorrow: a
	// month of bookings, none overlapping on its space.
	db.MustExec(`
		INSERT INTO space_bookings (space_id, kind, status, purpose, starts_at, ends_at, during)
		SELECT sp.id, 'booking', 'confirmed', 'Meeting', t, t + interval '1 hour', tstzrange(t, t + interval '1 hour', '[)')
		FROM spaces sp, generate_series(0, 99) n,
		     LATERAL (SELECT $2::timestamptz + n * interval '7 hours' + (sp.id % 4) * interval '30 minutes' AS t) at
		WHERE sp.venue_id = $1`, v.ID, start)
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM space_bookings`); err != nil || n != 2000 {
		b.Fatalf("%d bookings, %v", n, err)
	}
	d := start.AddDate(0, 0, 10)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
	q := store.FreeSpaceQuery{VenueID: v.ID, Day: d, From: d.Add(13 * time.Hour), To: d.Add(17 * time.Hour),
		Length: 2 * time.Hour, People: 12, Features: []string{"step_free"}}
	ctx := context.Background()
	found := 0
	for b.Loop() {
		res, err := st.FreeSpaces(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		found = len(res)
	}
	b.ReportMetric(float64(found), "spaces")
}
