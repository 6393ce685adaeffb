package store_test

import (
	"context"
	"crypto/sha256"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// evalFixture builds finished sessions with bookings, walk-ins, marks and
// feedback through the store where it can (bookings and walk-ins, made on
// a clock set to before each session) and through SQL for what the
// register and the feedback form would have written.
type evalFixture struct {
	t     *testing.T
	st    *store.Store
	db    *sqlx.DB
	clock *clock
	loc   *time.Location
}

func newEvalFixture(t *testing.T) *evalFixture {
	st, db, c := bookingStore(t, model.BookingRules{})
	keyed, err := auth.NewKeyed(strings.Repeat("e", 32), "person key")
	if err != nil {
		t.Fatal(err)
	}
	return &evalFixture{t: t, st: st.WithPersonKey(keyed.Sum), db: db, clock: c, loc: testutil.London(t)}
}

// at is a London time on a past date.
func (fx *evalFixture) at(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, fx.loc)
}

// session adds a one-hour session; places 0 makes it a drop-in.
func (fx *evalFixture) session(title, theme, audience string, v model.Venue, p *model.Partner, start time.Time, places int, status model.SessionStatus) model.Session {
	fx.t.Helper()
	return testutil.CreateSession(fx.t, fx.st, testutil.Session{Title: title, Theme: theme, Audience: audience, Venue: v, Partner: p,
		Start: start, DropIn: places == 0, Capacity: places, Status: status})
}

// book makes a confirmed booking the day before the session and returns
// its reference.
func (fx *evalFixture) book(m model.Session, email string, source model.BookingSource, party int, postcode string) string {
	fx.t.Helper()
	fx.clock.set(m.StartsAt.Add(-24 * time.Hour))
	req := online(m, party)
	req.Email, req.Source, req.Postcode = email, source, postcode
	if source == model.SourceNavigator {
		req.By = deskActor(fx.t, fx.st)
	}
	r, err := fx.st.BookPlaces(context.Background(), req)
	if err != nil || r.Status != model.BookingConfirmed {
		fx.t.Fatalf("book %s on %s: %v %v", email, m.Title, r.Status, err)
	}
	return r.Reference
}

// walkIn records count walk-ins on the session's day.
func (fx *evalFixture) walkIn(m model.Session, count int, postcode string) {
	fx.t.Helper()
	fx.clock.set(m.StartsAt)
	day := time.Date(m.StartsAt.In(fx.loc).Year(), m.StartsAt.In(fx.loc).Month(), m.StartsAt.In(fx.loc).Day(), 0, 0, 0, 0, fx.loc)
	_, err := fx.st.RecordWalkIns(context.Background(), deskActor(fx.t, fx.st), store.WalkIns{
		SessionPublicID: m.PublicID, Count: count, Postcode: postcode, DayStart: day, DayEnd: day.AddDate(0, 0, 1)})
	if err != nil {
		fx.t.Fatal(err)
	}
}

// mark records how many of a booking's party came, as the register does.
func (fx *evalFixture) mark(ref string, came int) {
	fx.t.Helper()
	fx.exec(`UPDATE bookings SET attended = $2, marked_at = now() WHERE reference = $1`, ref, came)
}

// feedback records a booking's answer to the pulse survey at the time given.
func (fx *evalFixture) feedback(ref string, score int, comment string, at time.Time) {
	fx.t.Helper()
	fx.exec(`INSERT INTO feedback (session_id, booking_id, score, comment, created_at)
		SELECT session_id, id, $2, $3, $4 FROM bookings WHERE reference = $1`, ref, score, comment, at)
}

func (fx *evalFixture) exec(query string, args ...any) {
	fx.t.Helper()
	if _, err := fx.db.Exec(query, args...); err != nil {
		fx.t.Fatalf("%s: %v", query, err)
	}
}

// evalWorld is the fixture's sessions and partners.
type evalWorld struct {
	fx               *evalFixture
	p, q             model.Partner
	central, hub     model.Venue
	themes, auds     map[string]int64
	from, to         time.Time
	baseFrom, baseTo time.Time
}

// buildEvalWorld makes the fixture every evaluation test reads. The period
// is January and February 2025; the baseline is 2024.
//
// SIMD lookup: EH1 1AA decile 1, EH2 2BB decile 2, EH3 3CC decile 5,
// EH4 4DD decile 10; EH9 9ZZ is not in it.
//
// Held in the period:
//
//	A "Health walk": health, adults, Central, partner P, 15 Jan, 10 places
//	  ann online 2 (EH1, d1) came 2; bob online 1 (EH3, d5) no-show;
//	  cat navigator 3 (EH9, unknown) 1 came; dan online 1 cancelled;
//	  walk-ins 2 (EH2, d2)
//	B `=HYPERLINK("http://x")`: digital, everyone, Hub, P, 10 Feb, 8 places
//	  ann online 1 (d1) came 1; eve online 2 (EH4, d10) not yet marked;
//	  bob online 1 (d5) came 1; walk-in 1 (no postcode)
//	C "Library drop-in": digital, everyone, Central, no partner, 20 Feb,
//	  drop-in: walk-ins 3 (EH4, d10)
//	D "Q session": health, adults, Hub, partner Q, 20 Jan, 6 places
//	  ann online 1 (d1) came 1; fay online 2 (EH2, d2) came 2
//
// Not held: X, P's, 25 Jan, cancelled (called off). Outside the period:
// O, P's, 5 Mar 2025, gus came (d1). Baseline: Z, P's, 10 Jun 2024: hal 2
// (d5) came 2, ivy 1 (d1) came 1, a walk-in (no postcode).
//
// Feedback: ann on A 5 "+1 great" (15 Jan); cat on A 4; ann on B 3 "Too
// short" (10 Feb); ann on D 2 "Q's secret comment" (20 Jan); a browser on
// C 5; gus on O 1 "outside" (outside the period).
func buildEvalWorld(t *testing.T) *evalWorld {
	fx := newEvalFixture(t)
	ctx := context.Background()
	w := &evalWorld{fx: fx, themes: map[string]int64{}, auds: map[string]int64{}}
	w.p = testutil.CreatePartner(t, fx.st, model.Partner{Name: "Healthy Living"})
	w.q = testutil.CreatePartner(t, fx.st, model.Partner{Name: "Quiet Partner"})
	w.central = testutil.CreateVenue(t, fx.st, model.Venue{Name: "Central Library"})
	w.hub = testutil.CreateVenue(t, fx.st, model.Venue{Name: "Northfield Hub"})
	themes, _ := fx.st.Themes(ctx)
	for _, x := range themes {
		w.themes[x.Slug] = x.ID
	}
	auds, _ := fx.st.Audiences(ctx)
	for _, x := range auds {
		w.auds[x.Slug] = x.ID
	}
	fx.exec(`INSERT INTO simd_postcodes (postcode, data_zone, simd_rank, vigintile, decile, quintile) VALUES
		('EH1 1AA', 'S01000001', 10, 1, 1, 1), ('EH2 2BB', 'S01000002', 700, 3, 2, 1),
		('EH3 3CC', 'S01000003', 3000, 9, 5, 3), ('EH4 4DD', 'S01000004', 6900, 20, 10, 5)`)
	fx.exec(`INSERT INTO simd_imports (source, postcodes, imported_at) VALUES ('old.csv', 3, now() - interval '1 day'), ('simd-test.csv', 4, now())`)

	a := fx.session("Health walk", "health", "adults", w.central, &w.p, fx.at(2025, 1, 15, 10), 10, "")
	annA := fx.book(a, "ann@example.org", model.SourceOnline, 2, "EH1 1AA")
	bobA := fx.book(a, "bob@example.org", model.SourceOnline, 1, "EH3 3CC")
	catA := fx.book(a, "cat@example.org", model.SourceNavigator, 3, "EH9 9ZZ")
	danA := fx.book(a, "dan@example.org", model.SourceOnline, 1, "")
	fx.exec(`UPDATE bookings SET status = 'cancelled', cancelled_at = now() WHERE reference = $1`, danA)
	fx.walkIn(a, 2, "EH2 2BB")
	fx.mark(annA, 2)
	fx.mark(bobA, 0)
	fx.mark(catA, 1)

	b := fx.session(`=HYPERLINK("http://x")`, "digital", "everyone", w.hub, &w.p, fx.at(2025, 2, 10, 14), 8, "")
	annB := fx.book(b, "ann@example.org", model.SourceOnline, 1, "EH1 1AA")
	fx.book(b, "eve@example.org", model.SourceOnline, 2, "EH4 4DD")
	bobB := fx.book(b, "bob@example.org", model.SourceOnline, 1, "EH3 3CC")
	fx.walkIn(b, 1, "")
	fx.mark(annB, 1)
	fx.mark(bobB, 1)

	c := fx.session("Library drop-in", "digital", "everyone", w.central, nil, fx.at(2025, 2, 20, 10), 0, "")
	fx.walkIn(c, 3, "EH4 4DD")
	fx.exec(`INSERT INTO feedback (session_id, browser_key, score) VALUES ($1, $2, 5)`, c.ID, sha256.New().Sum(nil))

	d := fx.session("Q session", "health", "adults", w.hub, &w.q, fx.at(2025, 1, 20, 11), 6, "")
	annD := fx.book(d, "ann@example.org", model.SourceOnline, 1, "EH1 1AA")
	fayD := fx.book(d, "fay@example.org", model.SourceOnline, 2, "EH2 2BB")
	fx.mark(annD, 1)
	fx.mark(fayD, 2)

	fx.session("Called off", "health", "adults", w.central, &w.p, fx.at(2025, 1, 25, 10), 10, model.StatusCancelled)

	o := fx.session("After the period", "health", "adults", w.central, &w.p, fx.at(2025, 3, 5, 10), 10, "")
	gusO := fx.book(o, "gus@example.org", model.SourceOnline, 1, "EH1 1AA")
	fx.mark(gusO, 1)

	z := fx.session("Baseline talk", "health", "adults", w.central, &w.p, fx.at(2024, 6, 10, 10), 10, "")
	fx.mark(fx.book(z, "hal@example.org", model.SourceOnline, 2, "EH3 3CC"), 2)
	fx.mark(fx.book(z, "ivy@example.org", model.SourceOnline, 1, "EH1 1AA"), 1)
	fx.walkIn(z, 1, "")

	fx.feedback(annA, 5, "+1 great", fx.at(2025, 1, 15, 12))
	fx.feedback(catA, 4, "", fx.at(2025, 1, 15, 13))
	fx.feedback(annB, 3, "Too short", fx.at(2025, 2, 10, 16))
	fx.feedback(annD, 2, "Q's secret comment", fx.at(2025, 1, 20, 13))
	fx.feedback(gusO, 1, "outside", fx.at(2025, 3, 5, 12))

	w.from, w.to = fx.at(2025, 1, 1, 0), fx.at(2025, 3, 1, 0)
	w.baseFrom, w.baseTo = fx.at(2024, 1, 1, 0), fx.at(2025, 1, 1, 0)
	return w
}

func (w *evalWorld) filter() store.EvaluationFilter {
	return store.EvaluationFilter{From: w.from, To: w.to, BaselineFrom: w.baseFrom, BaselineTo: w.baseTo,
		Now: time.Now(), Location: w.fx.loc, Comments: 10}
}

func (w *evalWorld) evaluation(f store.EvaluationFilter) model.Evaluation {
	w.fx.t.Helper()
	e, err := w.fx.st.Evaluation(context.Background(), f)
	if err != nil {
		w.fx.t.Fatal(err)
	}
	return e
}

func breakdown(t *testing.T, e model.Evaluation, d model.Dimension, name string) model.Figures {
	t.Helper()
	for _, b := range e.Breakdowns[d] {
		if b.Name == name {
			return b.Figures
		}
	}
	t.Fatalf("no %s %q in %+v", d, name, e.Breakdowns[d])
	return model.Figures{}
}

func TestEvaluation_FiguresMatchTheHandCountedFixture(t *testing.T) {
	w := buildEvalWorld(t)
	e := w.evaluation(w.filter())

	// Held: A, B, C, D. Called off: X. Offered: A 10 + B 8 + D 6 = 24 (C is
	// a drop-in). Bookings (online and navigator, confirmed): A 3 (dan
	// cancelled), B 3, D 2 = 8; places booked 2+1+3 + 1+2+1 + 1+2 = 13.
	// Came: A 2+0+1+2 = 5, B 1+1+1 = 3 (eve unmarked), C 3, D 1+2 = 3: 14;
	// walk-ins 2 + 1 + 3 = 6. Marked: A 3, B 2, D 2 = 7, of which 1 no-show
	// (bob on A); unmarked 1 (eve). People who came, by key: ann (A, B, D),
	// cat, bob (B only: a no-show on A), fay = 4; repeat: ann = 1.
	// Known decile: 14 less cat's 1 (EH9 9ZZ) and B's walk-in 1 = 12;
	// quintile 1: ann 2+1+1, A's walk-ins 2, fay 2 = 8. Feedback: 5, 4, 3, 2
	// and C's 5 = 5 answers, 19 in all (O's is outside the period).
	want := model.Figures{Sessions: 4, CalledOff: 1, PlacesOffered: 24, Bookings: 8, PlacesBooked: 13,
		Attended: 14, WalkIns: 6, Marked: 7, NoShows: 1, Unmarked: 1, People: 4, Repeat: 1,
		Known: 12, Quintile1: 8, Answers: 5, ScoreTotal: 19}
	if e.Total != want {
		t.Errorf("figures:\n got %+v\nwant %+v", e.Total, want)
	}
	// Deciles: 1: ann 2+1+1 = 4; 2: A's walk-ins 2 + fay 2 = 4; 5: bob on B
	// 1; 10: C's walk-ins 3; unknown: cat 1 + B's walk-in 1 = 2.
	if want := [11]int{2, 4, 4, 0, 0, 1, 0, 0, 0, 0, 3}; e.Deciles != want {
		t.Errorf("deciles %v, want %v", e.Deciles, want)
	}
	// Baseline (Z only): hal 2 (d5), ivy 1 (d1), a walk-in 1 (unknown):
	// known 3, quintile 1 1.
	if e.Baseline.Sessions != 1 || e.Baseline.Attended != 4 || e.Baseline.Known != 3 || e.Baseline.Quintile1 != 1 {
		t.Errorf("baseline %+v", e.Baseline)
	}
	if want := [11]int{1, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0}; e.BaselineDeciles != want {
		t.Errorf("baseline deciles %v, want %v", e.BaselineDeciles, want)
	}
	if want := [6]int{0, 0, 1, 1, 1, 2}; e.Scores != want {
		t.Errorf("scores %v, want %v", e.Scores, want)
	}
	var comments []string
	for _, c := range e.Comments {
		comments = append(comments, c.Comment+" / "+c.SessionTitle)
	}
	if want := []string{`Too short / =HYPERLINK("http://x")`, "Q's secret comment / Q session", "+1 great / Health walk"}; !slices.Equal(comments, want) {
		t.Errorf("comments %q, want %q", comments, want)
	}
	if e.SIMD == nil || e.SIMD.Source != "simd-test.csv" || e.SIMD.Postcodes != 4 {
		t.Errorf("SIMD import %+v, want the latest", e.SIMD)
	}

	// By partner. P: A and B held, X called off; offered 18; bookings 6,
	// places 6+4 = 10; came 5+3 = 8, walk-ins 3; marked 5, no-show 1,
	// unmarked 1; people ann (2 visits), cat, bob = 3, repeat 1; known A 4
	// + B 2 = 6, quintile 1 A 4 + B 1 = 5; feedback 5+4+3 = 12 from 3.
	if got, want := breakdown(t, e, model.ByPartner, "Healthy Living"), (model.Figures{Sessions: 2, CalledOff: 1, PlacesOffered: 18,
		Bookings: 6, PlacesBooked: 10, Attended: 8, WalkIns: 3, Marked: 5, NoShows: 1, Unmarked: 1, People: 3, Repeat: 1,
		Known: 6, Quintile1: 5, Answers: 3, ScoreTotal: 12}); got != want {
		t.Errorf("partner P:\n got %+v\nwant %+v", got, want)
	}
	// Q: D only; ann is one visit here, not a repeat.
	if got, want := breakdown(t, e, model.ByPartner, "Quiet Partner"), (model.Figures{Sessions: 1, PlacesOffered: 6, Bookings: 2,
		PlacesBooked: 3, Attended: 3, Marked: 2, People: 2, Known: 3, Quintile1: 3, Answers: 1, ScoreTotal: 2}); got != want {
		t.Errorf("partner Q:\n got %+v\nwant %+v", got, want)
	}
	// The library's own (no partner, name ""): C, 3 walk-ins of decile 10.
	if got, want := breakdown(t, e, model.ByPartner, ""), (model.Figures{Sessions: 1, Attended: 3, WalkIns: 3,
		Known: 3, Answers: 1, ScoreTotal: 5}); got != want {
		t.Errorf("library:\n got %+v\nwant %+v", got, want)
	}
	// By month. January: A, D held, X called off; offered 16; bookings 5,
	// places 9; came 8, walk-ins 2; people ann (A, D), cat, fay = 3, repeat
	// 1. February: B, C; offered 8; bookings 3, places 4; came 6, walk-ins
	// 4; people ann, bob = 2, no repeat.
	jan, feb := breakdown(t, e, model.ByMonth, "2025-01"), breakdown(t, e, model.ByMonth, "2025-02")
	if jan.Sessions != 2 || jan.CalledOff != 1 || jan.PlacesOffered != 16 || jan.Bookings != 5 || jan.PlacesBooked != 9 ||
		jan.Attended != 8 || jan.WalkIns != 2 || jan.People != 3 || jan.Repeat != 1 {
		t.Errorf("January %+v", jan)
	}
	if feb.Sessions != 2 || feb.PlacesOffered != 8 || feb.Bookings != 3 || feb.PlacesBooked != 4 ||
		feb.Attended != 6 || feb.WalkIns != 4 || feb.People != 2 || feb.Repeat != 0 {
		t.Errorf("February %+v", feb)
	}
	if n := len(e.Breakdowns[model.ByMonth]); n != 2 {
		t.Errorf("%d months, want 2", n)
	}
	// By theme: health A, D (+X); digital B, C. By venue: Central A, C (+X);
	// Hub B, D. By audience: adults A, D (+X); everyone B, C.
	for _, tc := range []struct {
		d                     model.Dimension
		name                  string
		held, calledOff, came int
	}{
		{model.ByTheme, "Health", 2, 1, 8}, {model.ByTheme, "Digital skills", 2, 0, 6},
		{model.ByVenue, "Central Library", 2, 1, 8}, {model.ByVenue, "Northfield Hub", 2, 0, 6},
		{model.ByAudience, "Adults", 2, 1, 8}, {model.ByAudience, "Everyone", 2, 0, 6},
	} {
		if got := breakdown(t, e, tc.d, tc.name); got.Sessions != tc.held || got.CalledOff != tc.calledOff || got.Attended != tc.came {
			t.Errorf("%s %s: %+v, want %d held, %d called off, %d came", tc.d, tc.name, got, tc.held, tc.calledOff, tc.came)
		}
	}
}

func TestEvaluation_APartnerSeesOnlyItsOwnSessions(t *testing.T) {
	w := buildEvalWorld(t)
	f := w.filter()
	f.Scope = &store.PartnerScope{PartnerID: w.p.ID}
	f.PartnerID = w.q.ID // a partner filter cannot widen the scope
	e := w.evaluation(f)
	// P's own: A and B held, X called off (as in the partner breakdown above).
	if e.Total.Sessions != 2 || e.Total.CalledOff != 1 || e.Total.Attended != 8 || e.Total.People != 3 || e.Total.Repeat != 1 {
		t.Errorf("partner's figures %+v", e.Total)
	}
	// Deciles of A and B: d1 ann 2+1 = 3, d2 A's walk-ins 2, d5 bob 1,
	// unknown cat 1 + B's walk-in 1 = 2.
	if want := [11]int{2, 3, 2, 0, 0, 1, 0, 0, 0, 0, 0}; e.Deciles != want {
		t.Errorf("partner's deciles %v, want %v", e.Deciles, want)
	}
	for _, b := range e.Breakdowns[model.ByPartner] {
		if b.Name != "Healthy Living" {
			t.Errorf("partner's breakdown shows %q", b.Name)
		}
	}
	for _, c := range e.Comments {
		if strings.Contains(c.Comment, "Q's") {
			t.Errorf("partner sees another partner's comment %q", c.Comment)
		}
	}
	if len(e.Comments) != 2 {
		t.Errorf("%d comments, want P's 2", len(e.Comments))
	}
}

func TestEvaluation_FiltersNarrowTheSessions(t *testing.T) {
	w := buildEvalWorld(t)
	for _, tc := range []struct {
		name       string
		set        func(*store.EvaluationFilter)
		held, came int
	}{
		{"venue", func(f *store.EvaluationFilter) { f.VenueID = w.hub.ID }, 2, 6},            // B, D
		{"theme", func(f *store.EvaluationFilter) { f.ThemeID = w.themes["digital"] }, 2, 6}, // B, C
		{"audience", func(f *store.EvaluationFilter) { f.AudienceID = w.auds["adults"] }, 2, 8},
		{"partner", func(f *store.EvaluationFilter) { f.PartnerID = w.q.ID }, 1, 3}, // D
		{"library", func(f *store.EvaluationFilter) { f.Library = true }, 1, 3},     // C
		// From January to tomorrow: O (March 2025) counts too; a session on
		// now has not ended, so it is not held.
		{"to now", func(f *store.EvaluationFilter) {
			now := time.Now()
			w.fx.session("On now", "health", "adults", w.central, nil, now.Add(-30*time.Minute), 10, "")
			f.To = now.Add(24 * time.Hour)
		}, 5, 15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := w.filter()
			tc.set(&f)
			e := w.evaluation(f)
			if e.Total.Sessions != tc.held || e.Total.Attended != tc.came {
				t.Errorf("%d held, %d came; want %d and %d", e.Total.Sessions, e.Total.Attended, tc.held, tc.came)
			}
		})
	}
}

func TestEvaluation_NoSIMDLookupAndNoSessions(t *testing.T) {
	fx := newEvalFixture(t)
	e, err := fx.st.Evaluation(context.Background(), store.EvaluationFilter{From: time.Now().AddDate(-1, 0, 0), To: time.Now(),
		BaselineFrom: time.Now().AddDate(-2, 0, 0), BaselineTo: time.Now().AddDate(-1, 0, 0), Now: time.Now(), Location: fx.loc, Comments: 10})
	if err != nil {
		t.Fatal(err)
	}
	if e.SIMD != nil || e.Total != (model.Figures{}) || len(e.Comments) != 0 {
		t.Errorf("an empty service: %+v", e)
	}
}

// RecordHistory writes a finished session's bookings, walk-ins, marks and
// feedback as the figures read them: deciles from the lookup, person keys,
// the places counted on the session and the register closed.
func TestRecordHistory_WritesAPastSessionAsTheFiguresReadIt(t *testing.T) {
	fx := newEvalFixture(t)
	ctx := context.Background()
	fx.exec(`INSERT INTO simd_postcodes (postcode, data_zone, simd_rank, vigintile, decile, quintile) VALUES ('EH1 1AA', 'S01000001', 10, 1, 1, 1)`)
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Hour)
	v := testutil.CreateVenue(t, fx.st, model.Venue{})
	themes, _ := fx.st.Themes(ctx)
	audiences, _ := fx.st.Audiences(ctx)
	places := 10
	session := store.NewSession{Title: "Past talk", ThemeID: themes[0].ID, AudienceID: audiences[0].ID, VenueID: v.ID,
		StartsAt: start, EndsAt: start.Add(time.Hour), BookingRequired: true, Capacity: &places}
	by := deskActor(t, fx.st)
	two, none := 2, 0
	closed := start.Add(2 * time.Hour)
	answer := &store.PastAnswer{Score: 4, Comment: "Useful", At: start.Add(3 * time.Hour)}
	// Ann came with both of her party, Bob did not come, Cat is not marked;
	// 3 walked in; a walk-in answered on the session page. A session the
	// next day was called off.
	cancelled := session
	cancelled.StartsAt, cancelled.EndsAt, cancelled.Status, cancelled.CancelReason = start.Add(24*time.Hour), start.Add(25*time.Hour), model.StatusCancelled, "Ill"
	err := fx.st.RecordHistory(ctx, by, []store.PastSession{{Session: session, ClosedAt: &closed, Bookings: []store.PastBooking{
		{Source: model.SourceOnline, Name: "Ann", Email: "ann@example.org", PartySize: 2, Postcode: "EH1 1AA", Attended: &two,
			BookedAt: start.Add(-72 * time.Hour), MarkedAt: start, Answer: answer},
		{Source: model.SourceNavigator, Name: "Bob", Phone: "+447700900001", PartySize: 1, Attended: &none, BookedAt: start.Add(-24 * time.Hour), MarkedAt: start},
		{Source: model.SourceOnline, Name: "Cat", Email: "cat@example.org", PartySize: 1, BookedAt: start.Add(-24 * time.Hour)},
		{Source: model.SourceWalkIn, PartySize: 3, BookedAt: start, MarkedAt: start},
	}, Answers: []store.PastAnswer{{Score: 5, At: start.Add(time.Hour)}}}, {Session: cancelled}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := fx.st.Evaluation(ctx, store.EvaluationFilter{From: start.Add(-time.Hour), To: start.Add(48 * time.Hour),
		BaselineFrom: start.AddDate(-1, 0, 0), BaselineTo: start.Add(-time.Hour), Now: time.Now(), Location: fx.loc, Comments: 10})
	if err != nil {
		t.Fatal(err)
	}
	// Bookings 3 (4 places); came 2 + 3 walk-ins = 5; marked 2, a no-show
	// 1, unmarked 1; people: Ann; known decile: Ann's 2, quintile 1.
	want := model.Figures{Sessions: 1, CalledOff: 1, PlacesOffered: 10, Bookings: 3, PlacesBooked: 4, Attended: 5, WalkIns: 3, Marked: 2,
		NoShows: 1, Unmarked: 1, People: 1, Known: 2, Quintile1: 2, Answers: 2, ScoreTotal: 9}
	if e.Total != want {
		t.Errorf("figures:\n got %+v\nwant %+v", e.Total, want)
	}
	if len(e.Comments) != 1 || e.Comments[0].Comment != "Useful" {
		t.Errorf("comments %+v", e.Comments)
	}
	var booked int
	var closedBy *int64
	if err := fx.db.QueryRow(`SELECT places_booked, register_closed_by FROM programme_sessions WHERE title = 'Past talk' AND status = 'scheduled'`).Scan(&booked, &closedBy); err != nil {
		t.Fatal(err)
	}
	if booked != 7 || closedBy == nil || *closedBy != by.ID {
		t.Errorf("session: %d places booked, closed by %v", booked, closedBy)
	}
}
