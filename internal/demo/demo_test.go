package demo_test

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London even where the system has no zoneinfo

	"github.com/jmoiron/sqlx"

	"hubbook/internal/demo"
	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// nows are moments to seed from: eight weeks from each spans a clock change
// (29 March and 25 October 2026), and the second is late in the evening.
func nows(t *testing.T) map[string]time.Time {
	loc := testutil.London(t)
	return map[string]time.Time{
		"before spring change": time.Date(2026, time.March, 10, 9, 30, 0, 0, loc),
		"before autumn change": time.Date(2026, time.October, 1, 23, 45, 0, 0, loc),
	}
}

// seed seeds db from now and fails the test unless it seeded.
func seed(t *testing.T, db *sqlx.DB, now time.Time) {
	t.Helper()
	seeded, err := demo.Seed(context.Background(), store.New(db), now, testutil.London(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !seeded {
		t.Fatal("Seed on an empty database reported false")
	}
}

func count(t *testing.T, db *sqlx.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Get(&n, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func tableCounts(t *testing.T, db *sqlx.DB) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, table := range []string{"venues", "spaces", "partners", "series", "programme_sessions"} {
		counts[table] = count(t, db, `SELECT count(*) FROM `+table)
	}
	return counts
}

// none fails the test if query returns any rows, listing them.
func none(t *testing.T, db *sqlx.DB, what, query string, args ...any) {
	t.Helper()
	var rows []string
	if err := db.Select(&rows, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if len(rows) > 0 {
		t.Errorf("%s: %q", what, rows)
	}
}

func TestSeed_FillsEmptyDatabaseOnce(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	loc := testutil.London(t)
	now := time.Date(2026, time.March, 10, 9, 30, 0, 0, loc)
	ctx := context.Background()

	seed(t, db, now)
	before := tableCounts(t, db)
	seeded, err := demo.Seed(ctx, st, now.Add(24*time.Hour), loc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if seeded {
		t.Error("second Seed reported true")
	}
	if after := tableCounts(t, db); !maps.Equal(before, after) {
		t.Errorf("second Seed changed the counts: before %v, after %v", before, after)
	}

	if n := before["venues"]; n != 2 {
		t.Errorf("venues = %d, want 2", n)
	}
	if n := before["partners"]; n != 6 {
		t.Errorf("partners = %d, want 6", n)
	}
	// The programme ahead (the past is the history's: history_test.go).
	if n := count(t, db, `SELECT count(*) FROM programme_sessions WHERE starts_at > $1`, now); n < 50 || n > 70 {
		t.Errorf("sessions = %d, want 50 to 70", n)
	}
	if n := count(t, db, `SELECT count(*) FROM programme_sessions WHERE status = $1 AND starts_at > $2`, model.StatusCancelled, now); n != 1 {
		t.Errorf("cancelled sessions = %d, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM programme_sessions WHERE status = $1 AND cancel_reason = ''`, model.StatusCancelled); n != 0 {
		t.Errorf("%d cancelled sessions give no reason", n)
	}
	if n := count(t, db, `SELECT count(*) FROM programme_sessions WHERE series_id IS NOT NULL`); n == 0 {
		t.Error("no session belongs to a series")
	}
	if n := count(t, db, `SELECT count(*) FROM programme_sessions WHERE NOT booking_required`); n == 0 {
		t.Error("no drop-in sessions")
	}
	if n := count(t, db, `SELECT count(*) FROM programme_sessions WHERE partner_id IS NULL`); n == 0 {
		t.Error("no library-run sessions")
	}
	none(t, db, "themes with no session",
		`SELECT slug FROM themes t WHERE NOT EXISTS (SELECT 1 FROM programme_sessions ps WHERE ps.theme_id = t.id)`)
	none(t, db, "audiences with no session",
		`SELECT slug FROM audiences a WHERE NOT EXISTS (SELECT 1 FROM programme_sessions ps WHERE ps.audience_id = a.id)`)
	none(t, db, "venues with no session",
		`SELECT slug FROM venues v WHERE NOT EXISTS (SELECT 1 FROM programme_sessions ps WHERE ps.venue_id = v.id)`)
	none(t, db, "partners with no session",
		`SELECT slug FROM partners p WHERE NOT EXISTS (SELECT 1 FROM programme_sessions ps WHERE ps.partner_id = p.id)`)
	none(t, db, "sessions on at now (past ones have ended, the programme starts after)",
		`SELECT title FROM programme_sessions WHERE starts_at <= $1 AND ends_at > $1`, now)
	if n := count(t, db, `SELECT count(*) FROM bookings WHERE status = 'waitlisted'`); n != 2 {
		t.Errorf("%d parties waiting, want 2 on the full session", n)
	}
	if n := count(t, db, `SELECT count(*) FROM bookings WHERE source = 'navigator' AND created_by IS NOT NULL
		AND session_id IN (SELECT id FROM programme_sessions WHERE starts_at > $1)`, now); n != 2 {
		t.Errorf("%d desk bookings by the demo navigator, want 2", n)
	}
	none(t, db, "sessions whose counters differ from their bookings", `
		SELECT ps.title FROM programme_sessions ps
		WHERE ps.places_booked <> (SELECT coalesce(sum(party_size), 0) FROM bookings b WHERE b.session_id = ps.id AND b.status = 'confirmed')
		   OR ps.waitlist_length <> (SELECT coalesce(sum(party_size), 0) FROM bookings b WHERE b.session_id = ps.id AND b.status = 'waitlisted')`)
	none(t, db, "sessions beyond the demo weeks",
		`SELECT title FROM programme_sessions WHERE starts_at >= $1`, now.AddDate(0, 0, 7*demo.Weeks+1))
}

func TestSeed_ConcurrentSeedsSeedOnce(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	loc := testutil.London(t)
	now := time.Date(2026, time.March, 10, 9, 30, 0, 0, loc)

	const seeders = 4
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		results = make([]bool, seeders)
		errs    = make([]error, seeders)
	)
	for i := range seeders {
		wg.Go(func() {
			<-start
			results[i], errs[i] = demo.Seed(context.Background(), st, now, loc, nil)
		})
	}
	close(start)
	wg.Wait()

	seededCount := 0
	for i := range seeders {
		if errs[i] != nil {
			t.Errorf("seeder %d: %v", i, errs[i])
		}
		if results[i] {
			seededCount++
		}
	}
	if seededCount != 1 {
		t.Errorf("%d seeders reported true, want exactly 1", seededCount)
	}

	single := pgtest.New(t)
	seed(t, single, now)
	if got, want := tableCounts(t, db), tableCounts(t, single); !maps.Equal(got, want) {
		t.Errorf("concurrent seeding made %v, one seed makes %v", got, want)
	}
}

func TestSeed_SessionsStartOnQuarterHoursInLocalTime(t *testing.T) {
	loc := testutil.London(t)
	for name, now := range nows(t) {
		t.Run(name, func(t *testing.T) {
			db := pgtest.New(t)
			seed(t, db, now)
			var rows []struct {
				Title    string    `db:"title"`
				StartsAt time.Time `db:"starts_at"`
				EndsAt   time.Time `db:"ends_at"`
			}
			if err := db.Select(&rows, `SELECT title, starts_at, ends_at FROM programme_sessions ORDER BY starts_at`); err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				start, end := r.StartsAt.In(loc), r.EndsAt.In(loc)
				if start.Minute()%15 != 0 || start.Second() != 0 || start.Hour() < 9 || start.Hour() >= 20 {
					t.Errorf("%s starts at %s, want a quarter hour from 09:00 to 19:45 local", r.Title, start.Format(time.RFC3339))
				}
				closing := time.Date(start.Year(), start.Month(), start.Day(), 20, 0, 0, 0, loc)
				if end.After(closing) {
					t.Errorf("%s ends at %s, after 20:00 local", r.Title, end.Format(time.RFC3339))
				}
			}
		})
	}
}

// A session in a series stays at the same local time each week, whatever
// the UTC offset does in between.
func TestSeed_SeriesKeepTheirLocalTime(t *testing.T) {
	loc := testutil.London(t)
	for name, now := range nows(t) {
		t.Run(name, func(t *testing.T) {
			db := pgtest.New(t)
			seed(t, db, now)
			var rows []struct {
				SeriesID int64     `db:"series_id"`
				Title    string    `db:"title"`
				StartsAt time.Time `db:"starts_at"`
			}
			err := db.Select(&rows, `SELECT series_id, title, starts_at FROM programme_sessions
				WHERE series_id IS NOT NULL ORDER BY series_id, starts_at`)
			if err != nil {
				t.Fatal(err)
			}
			first := map[int64]time.Time{}
			for _, r := range rows {
				start := r.StartsAt.In(loc)
				f, ok := first[r.SeriesID]
				if !ok {
					first[r.SeriesID] = start
					continue
				}
				if start.Format("Mon 15:04") != f.Format("Mon 15:04") {
					t.Errorf("%s: %s, but the series began on %s", r.Title,
						start.Format("Mon 2 Jan 15:04"), f.Format("Mon 2 Jan 15:04"))
				}
			}
		})
	}
}

// The demo data must be something the rest of the product can take as it
// is: no session outgrows its space, and no two live sessions hold a space
// (or a space and its parent) at the same time, so that space bookings can
// be made for them later.
func TestSeed_SessionsFitTheirSpaces(t *testing.T) {
	db := pgtest.New(t)
	seed(t, db, time.Date(2026, time.March, 10, 9, 30, 0, 0, testutil.London(t)))

	none(t, db, "sessions bigger than their space", `
		SELECT ps.title FROM programme_sessions ps JOIN spaces sp ON sp.id = ps.space_id
		WHERE ps.capacity > sp.capacity`)
	none(t, db, "sessions that clash in a space", `
		SELECT a.title || ' / ' || b.title
		FROM programme_sessions a
		JOIN spaces sa ON sa.id = a.space_id
		JOIN programme_sessions b ON b.id > a.id
		JOIN spaces sb ON sb.id = b.space_id
		WHERE a.status = 'scheduled' AND b.status = 'scheduled'
		  AND (sa.id = sb.id OR sa.parent_id = sb.id OR sb.parent_id = sa.id)
		  AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`)
	if n := count(t, db, `SELECT count(*) FROM spaces WHERE parent_id IS NOT NULL`); n == 0 {
		t.Error("no space has a parent")
	}
}

func TestSeed_SameNowGivesSameProgramme(t *testing.T) {
	now := time.Date(2026, time.October, 1, 23, 45, 0, 0, testutil.London(t))
	programme := func() []string {
		db := pgtest.New(t)
		seed(t, db, now)
		var rows []string
		err := db.Select(&rows, `
			SELECT ps.title || ' ' || to_char(ps.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
			       || ' ' || coalesce(sp.slug, '') || ' ' || ps.status
			FROM programme_sessions ps LEFT JOIN spaces sp ON sp.id = ps.space_id
			ORDER BY ps.id`)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	a, b := programme(), programme()
	if len(a) != len(b) {
		t.Fatalf("two seeds made %d and %d sessions", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("session %d: %q, then %q", i, a[i], b[i])
		}
	}
}

func TestSeed_RefusesNoTimeZone(t *testing.T) {
	db := pgtest.New(t)
	if _, err := demo.Seed(context.Background(), store.New(db), time.Now(), nil, nil); err == nil {
		t.Error("Seed with no time zone succeeded")
	}
	if n := count(t, db, `SELECT count(*) FROM venues`); n != 0 {
		t.Errorf("venues = %d after a failed seed, want 0", n)
	}
}

func TestSeed_SessionsHoldTheirSpacesAndPartnersBookAndWait(t *testing.T) {
	db := pgtest.New(t)
	now := time.Date(2026, time.March, 10, 9, 30, 0, 0, testutil.London(t))
	seed(t, db, now)
	var got struct {
		Sessions   int `db:"sessions"`
		Holds      int `db:"holds"`
		Confirmed  int `db:"confirmed"`
		Requested  int `db:"requested"`
		NoPurposes int `db:"no_purposes"`
	}
	if err := db.Get(&got, `
		SELECT (SELECT count(*) FROM programme_sessions WHERE space_id IS NOT NULL AND status = 'scheduled') AS sessions,
		       count(*) FILTER (WHERE kind = 'session' AND status = 'confirmed') AS holds,
		       count(*) FILTER (WHERE kind = 'booking' AND status = 'confirmed') AS confirmed,
		       count(*) FILTER (WHERE kind = 'booking' AND status = 'requested') AS requested,
		       count(*) FILTER (WHERE btrim(purpose) = '') AS no_purposes
		FROM space_bookings`); err != nil {
		t.Fatal(err)
	}
	if got.Holds != got.Sessions || got.Sessions == 0 {
		t.Errorf("%d scheduled sessions in spaces, %d holding their space", got.Sessions, got.Holds)
	}
	if got.Confirmed < 3 || got.Requested < 2 || got.NoPurposes != 0 {
		t.Errorf("space bookings: %+v, want some confirmed and some waiting, each with a purpose", got)
	}
}
