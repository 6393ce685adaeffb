package web_test

import (
	"net/http"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/testutil"
)

// BenchmarkRoomsDay renders the busiest day of a venue with 20 rooms and
// 2,000 bookings over the coming month, through the whole router as staff
// (who see every purpose), database included.
func BenchmarkRoomsDay(b *testing.B) {
	s := newSite(b)
	v := testutil.CreateVenue(b, s.st, model.Venue{Slug: "busy"})
	for range 20 {
		testutil.CreateSpace(b, s.st, v, model.Space{})
	}
	// Each room: 100 bookings, four a day at 09:00, 12:00, 15:00 and 18:00,
	// 30 minutes to 2 hours long; rooms start a day or two apart, so some
	// days are busier than others. Every seventh waits for staff.
	tomorrow := s.tomorrowAt(0, 0)
	if _, err := s.db.Exec(`
		INSERT INTO space_bookings (space_id, kind, status, purpose, starts_at, ends_at, during)
		SELECT sp.id, 'booking', CASE WHEN n % 7 = 0 THEN 'requested' ELSE 'confirmed' END, 'Benchmark booking ' || n,
		       t.s, t.s + make_interval(mins => 30 + (n % 4) * 30),
		       tstzrange(t.s, t.s + make_interval(mins => 30 + (n % 4) * 30), '[)')
		FROM spaces sp, generate_series(0, 99) n,
		     LATERAL (SELECT $1::timestamptz + make_interval(days => n / 4 + (sp.id % 3)::int, hours => 9 + (n % 4) * 3) AS s) t
		WHERE sp.venue_id = $2`, tomorrow, v.ID); err != nil {
		b.Fatal(err)
	}
	var busiest time.Time
	var count int
	if err := s.db.QueryRow(`
		SELECT (starts_at AT TIME ZONE 'Europe/London')::date, count(*) FROM space_bookings
		GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`).Scan(&busiest, &count); err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	staff, _ := s.as(model.RoleStaff)
	path := "/rooms/busy?date=" + busiest.Format(time.DateOnly)
	if r := staff.get(path); r.StatusCode != http.StatusOK {
		b.Fatalf("%s: status %d", path, r.StatusCode)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if r := staff.get(path); r.StatusCode != http.StatusOK {
			b.Fatalf("%s: status %d", path, r.StatusCode)
		}
	}
	b.ReportMetric(float64(count), "bookings/day")
}
