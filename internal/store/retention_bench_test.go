package store_test

import (
	"context"
	"testing"
	"time"

	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// A first run over years of data (the job switched on for a service that
// has run a while) takes seconds, not hours: each batch finds its rows by index, and
// never walks again past the rows earlier batches did, so the time grows
// with the data, not with its square. (Batches that walked the bookings'
// and the mail log's primary keys from the start each time took over ten
// minutes for 300,000 bookings.)
//
// A benchmark, not a test with a time limit (machines are noisy):
//
//	go test -run '^$' -bench BenchmarkAnonymise -benchtime 1x -count 3 ./internal/store/
func BenchmarkAnonymise_FirstRunOver80000Bookings(b *testing.B) {
	for range b.N {
		b.StopTimer()
		anonymiseFirstRun(b)
	}
}

// anonymiseFirstRun builds three years of bookings and times the first run
// over them (the benchmark's timer runs only around it).
func anonymiseFirstRun(b *testing.B) {
	t := b
	db := pgtest.New(t)
	st := store.New(db)
	seed := testutil.CreateSession(t, st, testutil.Session{Start: time.Now().AddDate(-3, 0, 0).Truncate(time.Hour), DropIn: true})
	const sessions, bookings = 8000, 80000 // one every three hours back, ten bookings each
	if _, err := db.Exec(`
		INSERT INTO programme_sessions (title, theme_id, audience_id, venue_id, starts_at, ends_at, booking_required)
		SELECT 'Retention run ' || g, theme_id, audience_id, venue_id, now() - g * interval '3 hours',
			now() - g * interval '3 hours' + interval '1 hour', false
		FROM programme_sessions, generate_series(1, $2::int) g WHERE id = $1`, seed.ID, sessions); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`
		INSERT INTO bookings (reference, session_id, status, source, name, email, party_size, postcode, token_hash, created_at)
		SELECT 'HB-' || translate(lpad(to_hex(g), 7, '0'), '0123456789abcdef', '23456789ABCDEFGH'), ps.id, 'confirmed',
			'online', 'Person ' || g, 'p' || g || '@example.org', 1, 'EH1 1AA', sha256(g::text::bytea), ps.starts_at
		FROM generate_series(1, $2::int) g JOIN programme_sessions ps ON ps.title = 'Retention run ' || (g % $1::int + 1)`,
		sessions, bookings); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`
		INSERT INTO mail_log (key, kind, booking_id, recipient, status, created_at)
		SELECT 'booking/' || b.id || '/' || k, 'confirmed', b.id, b.email, 'sent', b.created_at
		FROM bookings b, generate_series(1, 3) k`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	var due int
	if err := db.Get(&due, `SELECT count(*) FROM bookings b JOIN programme_sessions ps ON ps.id = b.session_id
		WHERE ps.ends_at < now() - $1 * interval '1 second'`, retention.Seconds()); err != nil || due < bookings/2 {
		t.Fatalf("%d bookings due (%v): the fixture is not what the test needs", due, err)
	}

	b.StartTimer()
	got, err := st.Anonymise(context.Background(), retention)
	b.StopTimer()
	if err != nil {
		t.Fatal(err)
	}
	if got.Bookings != due || got.Mail != 3*due {
		t.Errorf("anonymised %+v, want %d bookings and %d mail recipients", got, due, 3*due)
	}
	if again, err := st.Anonymise(context.Background(), retention); err != nil || again.Any() {
		t.Errorf("a second run removed %+v, %v", again, err)
	}
}
