package store_test

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// retention is the period the tests keep personal data for.
const retention = 365 * 24 * time.Hour

// retentionWorld is an old session (ended more than a year ago) and a
// recent one, each with online, phone-only, navigator and walk-in
// bookings with postcodes, attendance, feedback with comments and email
// log entries; and suggestions old and new.
type retentionWorld struct {
	fx          *evalFixture
	old, recent model.Session
}

func buildRetentionWorld(t *testing.T) *retentionWorld {
	fx := newEvalFixture(t)
	fx.exec(`INSERT INTO simd_postcodes (postcode, data_zone, simd_rank, vigintile, decile, quintile) VALUES
		('EH1 1AA', 'S01008001', 100, 1, 1, 1), ('EH3 3CC', 'S01008003', 3500, 9, 5, 3)`)
	now := time.Now()
	w := &retentionWorld{fx: fx,
		old:    fx.session("Old coffee morning", "health", "adults", testutil.CreateVenue(t, fx.st, model.Venue{}), nil, now.AddDate(-1, -1, 0).Truncate(time.Hour), 20, ""),
		recent: fx.session("Recent coffee morning", "health", "adults", testutil.CreateVenue(t, fx.st, model.Venue{}), nil, now.AddDate(0, -1, 0).Truncate(time.Hour), 20, ""),
	}
	for _, m := range []model.Session{w.old, w.recent} {
		ann := fx.book(m, "ann@example.org", model.SourceOnline, 2, "EH1 1AA")
		fx.exec(`UPDATE bookings SET access_needs = 'Wheelchair user', reminders = true, phone = '+447700900123',
			token_sealed = '\x0102' WHERE reference = $1`, ann)
		phoneOnly := fx.book(m, "phone-only@example.org", model.SourceOnline, 1, "EH3 3CC")
		fx.exec(`UPDATE bookings SET email = '', phone = '+447700900456' WHERE reference = $1`, phoneOnly)
		desk := fx.book(m, "bob@example.org", model.SourceNavigator, 3, "EH9 9ZZ")
		fx.walkIn(m, 2, "EH1 1AA")
		fx.exec(`UPDATE bookings SET name = 'Walker' WHERE source = 'walk_in' AND session_id = $1`, m.ID)
		fx.mark(ann, 2)
		fx.mark(desk, 1)
		fx.mark(phoneOnly, 0)
		fx.feedback(ann, 5, "Ann here, lovely", m.EndsAt.Add(3*time.Hour))
		fx.feedback(desk, 2, "Bob: too loud", m.EndsAt.Add(3*time.Hour))
		fx.exec(`INSERT INTO feedback (session_id, browser_key, score, comment, created_at)
			VALUES ($1::bigint, sha256('browser'::bytea || $1::bigint::text::bytea), 4, 'Walked in, I am Cat', $2)`, m.ID, m.EndsAt)
		fx.exec(`INSERT INTO mail_log (key, kind, booking_id, recipient, subject, status, last_error, created_at)
			SELECT 'booking/' || id || '/confirmed/1', 'confirmed', id, email, 'Booked', 'failed',
				'550 <' || email || '>: no such user', created_at
			FROM bookings WHERE session_id = $1 AND email <> ''`, m.ID)
		fx.exec(`INSERT INTO suggestions (what, contact_name, contact_email, contact_phone, person_key, created_at)
			VALUES ('Knitting ' || $1::text, 'Dot', 'dot@example.org', '+447700900789', sha256('dot'::bytea), $2)`,
			m.Title, m.StartsAt.Add(-48*time.Hour))
	}
	staff := testutil.CreateUser(t, fx.st, model.User{Role: model.RoleStaff})
	fx.exec(`INSERT INTO mail_log (key, kind, recipient, status, created_at) VALUES
		('booking/lost/1', 'booking_link', 'lost@example.org', 'sent', $1),
		('booking/lost/2', 'booking_link', 'recent-lost@example.org', 'sent', $2)`,
		now.AddDate(-2, 0, 0), now.AddDate(0, -1, 0))
	fx.exec(`INSERT INTO mail_log (key, kind, user_id, recipient, status, created_at)
		VALUES ('user/reset/1', 'password_reset', $1, $2, 'sent', $3)`, staff.ID, staff.Email, now.AddDate(-2, 0, 0))
	fx.clock.set(now)
	return w
}

// aggregates are the figures the evaluation reads from bookings and
// feedback, as one comparable value.
type aggregates struct {
	Bookings, Places, Came, Children, People, Feedback int
	Average                                            float64
	Deciles, Zones, Statuses, Sources                  string
}

func (w *retentionWorld) aggregates(t *testing.T) aggregates {
	t.Helper()
	var a aggregates
	err := w.fx.db.QueryRow(`
		SELECT count(*), sum(party_size), coalesce(sum(attended), 0), coalesce(sum(children), 0),
			count(DISTINCT person_key),
			(SELECT count(*) FROM feedback), (SELECT avg(score) FROM feedback),
			string_agg(coalesce(simd_decile::text, '-'), ',' ORDER BY id),
			string_agg(coalesce(data_zone, '-'), ',' ORDER BY id),
			string_agg(status, ',' ORDER BY id), string_agg(source, ',' ORDER BY id)
		FROM bookings`).Scan(&a.Bookings, &a.Places, &a.Came, &a.Children, &a.People, &a.Feedback, &a.Average,
		&a.Deciles, &a.Zones, &a.Statuses, &a.Sources)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// evaluation is the dashboard's figures over both sessions.
func (w *retentionWorld) evaluation(t *testing.T) model.Evaluation {
	t.Helper()
	now := time.Now()
	e, err := w.fx.st.Evaluation(context.Background(), store.EvaluationFilter{
		From: now.AddDate(-2, 0, 0), To: now, BaselineFrom: now.AddDate(-4, 0, 0), BaselineTo: now.AddDate(-2, 0, 0),
		Now: now, Location: w.fx.loc})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// rows is every row of the recent session's bookings, feedback and mail,
// the recent suggestion and the mail not yet old, as text.
func (w *retentionWorld) recentRows(t *testing.T) []string {
	t.Helper()
	var rows []string
	err := w.fx.db.Select(&rows, `
		SELECT to_jsonb(b)::text FROM bookings b WHERE session_id = $1
		UNION ALL SELECT to_jsonb(f)::text FROM feedback f WHERE session_id = $1
		UNION ALL SELECT to_jsonb(m)::text FROM mail_log m WHERE created_at > now() - interval '300 days'
			OR user_id IS NOT NULL
		UNION ALL SELECT to_jsonb(g)::text FROM suggestions g WHERE what LIKE '%Recent%'
		ORDER BY 1`, w.recent.ID)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Retention removes exactly what it should: of bookings on a session that
// ended more than a year ago, every personal field; their feedback
// comments; the mail log's recipients; and old suggestions' contacts. A
// recent session's data is untouched, and every figure the evaluation
// reads (counts, places, attendance, deciles, data zones, unique people,
// feedback scores) is the same after. A second run changes nothing.
func TestAnonymise_RemovesExactlyWhatItShouldAndKeepsTheFigures(t *testing.T) {
	w := buildRetentionWorld(t)
	ctx := context.Background()
	before, figures, recent := w.aggregates(t), w.evaluation(t), w.recentRows(t)
	if before.People < 3 || !strings.Contains(before.Deciles, "1") || !strings.Contains(before.Zones, "S01008003") {
		t.Fatalf("the fixture is not what the test needs: %+v", before)
	}

	got, err := w.fx.st.Anonymise(ctx, retention)
	if err != nil {
		t.Fatal(err)
	}
	want := model.Anonymised{Bookings: 4, Comments: 3, Mail: 3, Suggestions: 1}
	if got != want {
		t.Errorf("anonymised %+v, want %+v", got, want)
	}

	var left []string
	if err := w.fx.db.Select(&left, `
		SELECT b.reference FROM bookings b WHERE b.session_id = $1 AND (b.name <> '' OR b.email <> '' OR b.phone <> ''
			OR b.postcode <> '' OR b.access_needs <> '' OR b.token_sealed IS NOT NULL OR b.reminders OR b.anonymised_at IS NULL)
		UNION ALL SELECT 'feedback ' || f.id FROM feedback f WHERE f.session_id = $1 AND f.comment <> ''
		UNION ALL SELECT 'mail ' || m.key FROM mail_log m WHERE m.user_id IS NULL
			AND m.created_at < now() - interval '300 days' AND (m.recipient <> '' OR m.last_error LIKE '%@%')
		UNION ALL SELECT 'mail ' || m.key FROM mail_log m JOIN bookings b ON b.id = m.booking_id
			WHERE b.session_id = $1 AND m.recipient <> ''
		UNION ALL SELECT 'suggestion ' || g.what FROM suggestions g WHERE g.what LIKE '%Old%'
			AND (g.contact_name <> '' OR g.contact_email <> '' OR g.contact_phone <> '' OR g.person_key IS NOT NULL
				OR g.anonymised_at IS NULL)`, w.old.ID); err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("personal data left on the old session: %v", left)
	}
	var keys int
	if err := w.fx.db.Get(&keys, `SELECT count(*) FROM bookings WHERE session_id = $1 AND person_key IS NOT NULL`, w.old.ID); err != nil || keys != 3 {
		t.Errorf("%d old bookings keep their person key, want 3 (%v)", keys, err)
	}
	if after := w.recentRows(t); !reflect.DeepEqual(after, recent) {
		t.Errorf("the recent session's data changed:\nbefore %v\nafter  %v", recent, after)
	}
	if after := w.aggregates(t); after != before {
		t.Errorf("the figures changed:\nbefore %+v\nafter  %+v", before, after)
	}
	if after := w.evaluation(t); !reflect.DeepEqual(after, figures) {
		t.Errorf("the evaluation changed:\nbefore %+v\nafter  %+v", figures, after)
	}

	again, err := w.fx.st.Anonymise(ctx, retention)
	if err != nil || again.Any() {
		t.Errorf("a second run removed %+v, %v", again, err)
	}
}

// Two runs at once (two instances, or a run still going when the next
// starts) share the work: every due booking is anonymised by exactly one
// of them, across batches, without an error.
func TestAnonymise_ConcurrentRunsAnonymiseEachRowOnce(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	old := testutil.CreateSession(t, st, testutil.Session{Start: time.Now().AddDate(-2, 0, 0).Truncate(time.Hour), Capacity: 100})
	const due = 2600 // more than two batches
	if _, err := db.Exec(`
		INSERT INTO bookings (reference, session_id, status, source, name, email, party_size, postcode, token_hash)
		SELECT 'HB-' || translate(lpad(i::text, 6, '0'), '0123456789', 'ABCDEFGHJK'), $1, 'confirmed', 'online',
			'Person ' || i, 'p' || i || '@example.org', 1, 'EH1 1AA', sha256(i::text::bytea)
		FROM generate_series(1, $2) i`, old.ID, due); err != nil {
		t.Fatal(err)
	}
	const runs = 4
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
	)
	for range runs {
		wg.Go(func() {
			got, err := st.Anonymise(context.Background(), retention)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += got.Bookings
			mu.Unlock()
		})
	}
	wg.Wait()
	var left int
	if err := db.Get(&left, `SELECT count(*) FROM bookings WHERE anonymised_at IS NULL OR email <> ''`); err != nil {
		t.Fatal(err)
	}
	if total != due || left != 0 {
		t.Errorf("%d runs anonymised %d bookings in all, %d left; want %d and none", runs, total, left, due)
	}
}
