package web_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/pg"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/internal/web"
	"hubbook/static"
	"hubbook/templates"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	pgtest.Main(m)
}

// site is a test server over a fresh database.
type site struct {
	t     testing.TB
	db    *sqlx.DB
	st    *store.Store
	h     http.Handler
	loc   *time.Location
	ready error
	// routes are every route the site answers.
	routes []web.Route
}

type option func(*web.Deps)

func withNow(now time.Time) option {
	return func(d *web.Deps) { d.Now = func() time.Time { return now } }
}

// testSealer seals manage links, as HUBBOOK_SECRET does in service.
var testSealer, _ = auth.NewSealer(strings.Repeat("t", 32), "manage link")

// testPeople and testCheckIns are the person key and the check-in links'
// key, as HUBBOOK_SECRET makes them in service.
var (
	testPeople, _   = auth.NewKeyed(strings.Repeat("t", 32), "person key")
	testCheckIns, _ = auth.NewKeyed(strings.Repeat("t", 32), "check-in link")
)

func newSite(t testing.TB, opts ...option) *site {
	t.Helper()
	db := pgtest.New(t)
	// Tests run in parallel, one database each: a small pool per test
	// keeps a many-core machine within the cluster's 200 connections.
	db.SetMaxOpenConns(8)
	s := &site{t: t, db: db, st: store.New(db).WithPersonKey(testPeople.Sum), loc: testutil.London(t)}
	sessions, _ := auth.NewSessions(db.DB, auth.SessionOptions{IdleTimeout: time.Hour, Lifetime: 8 * time.Hour, Secure: true})
	deps := web.Deps{
		Sessions:     sessions,
		Store:        s.st,
		Location:     s.loc,
		BaseURL:      &url.URL{Scheme: "https", Host: "hubbook.example.org"},
		ServiceName:  "Test Libraries",
		ServicePhone: "0131 496 0000",
		Ready: func(ctx context.Context) error {
			if s.ready != nil {
				return s.ready
			}
			return pg.CheckSchema(ctx, db.DB)
		},
		Templates: templates.FS,
		Static:    static.FS,
		Sealer:    testSealer,
		CheckIns:  testCheckIns,
	}
	for _, o := range opts {
		o(&deps)
	}
	srv, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	s.h = srv.Handler()
	s.routes = srv.Routes()
	return s
}

type response struct {
	*http.Response
	body string
}

func (s *site) get(path string, header ...string) response {
	s.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{res, string(b)}
}

func (r response) mustContain(t *testing.T, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.body, p) {
			t.Errorf("response does not contain %q", p)
		}
	}
}

func (r response) mustNotContain(t *testing.T, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.body, p) {
			t.Errorf("response contains %q", p)
		}
	}
}

func sessionCount(body string) int { return strings.Count(body, `<li class="hb-session`) }

// tomorrowAt is a time tomorrow in London.
func (s *site) tomorrowAt(hour, minute int) time.Time {
	y, m, d := time.Now().In(s.loc).Date()
	return time.Date(y, m, d+1, hour, minute, 0, 0, s.loc)
}

func TestProgramme_ListsUpcomingSessionsGroupedByDay(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Name: "IT suite"})
	p := testutil.CreatePartner(t, s.st, model.Partner{Name: "Skills Partnership"})
	day1 := s.tomorrowAt(10, 0)
	day2 := day1.AddDate(0, 0, 1).Add(4 * time.Hour)
	testutil.CreateSession(t, s.st, testutil.Session{Title: "CV and job search", Venue: v, Space: &room, Partner: &p,
		Theme: "skills", Audience: "adults", Start: day1, Length: 90 * time.Minute, Capacity: 8})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Digital skills drop-in", Venue: v, Theme: "digital", Start: day2, DropIn: true})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Over already", Venue: v, Start: time.Now().Add(-3 * time.Hour)})

	r := s.get("/")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t,
		day1.Format("Monday 2 January"), day2.Format("Monday 2 January"),
		"CV and job search", "10:00 to 11:30", "IT suite, ", "Central Library", "Skills and work", "Adults", "Skills Partnership", "8 places left",
		"Digital skills drop-in", "Drop in, no booking needed",
		"Showing 1 to 2 of 2 sessions",
	)
	r.mustNotContain(t, "Over already")
	if strings.Index(r.body, "CV and job search") > strings.Index(r.body, "Digital skills drop-in") {
		t.Error("sessions are not in start order")
	}
	if n := strings.Count(r.body, `<h2 class="hb-day__title"`); n != 2 {
		t.Errorf("%d day headings, want 2", n)
	}
}

func TestProgramme_FiltersByVenueThemeAudienceAndDate(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	central := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central-library", Name: "Central Library"})
	hub := testutil.CreateVenue(t, s.st, model.Venue{Slug: "community-hub", Name: "Community Hub"})
	start := s.tomorrowAt(10, 0)
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Housing surgery", Venue: central, Theme: "housing", Audience: "adults", Start: start})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Bookbug", Venue: hub, Theme: "family", Audience: "families", Start: start.AddDate(0, 0, 2)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Money check", Venue: hub, Theme: "income-maximisation", Audience: "adults", Start: start.AddDate(0, 0, 3)})

	date := func(t time.Time) string { return t.Format(time.DateOnly) }
	cases := []struct {
		query string
		want  []string
		not   []string
	}{
		{"venue=community-hub", []string{"Bookbug", "Money check"}, []string{"Housing surgery"}},
		{"theme=housing", []string{"Housing surgery"}, []string{"Bookbug", "Money check"}},
		{"audience=adults&venue=community-hub", []string{"Money check"}, []string{"Bookbug", "Housing surgery"}},
		{"from=" + date(start.AddDate(0, 0, 2)) + "&to=" + date(start.AddDate(0, 0, 2)), []string{"Bookbug"}, []string{"Housing surgery", "Money check"}},
		// People in the UK type dates day first.
		{"from=" + start.AddDate(0, 0, 3).Format("02/01/2006"), []string{"Money check"}, []string{"Housing surgery", "Bookbug"}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			r := s.get("/?" + tc.query)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("status %d", r.StatusCode)
			}
			r.mustContain(t, tc.want...)
			if n := sessionCount(r.body); n != len(tc.want) {
				t.Errorf("%d sessions listed, want %d", n, len(tc.want))
			}
			for _, title := range tc.not {
				if strings.Contains(r.body, `">`+title+`</a>`) {
					t.Errorf("filtered page lists %q", title)
				}
			}
			r.mustContain(t, "Clear all filters")
		})
	}
	// The form shows the filter in force, so the page can be bookmarked and changed.
	s.get("/?theme=housing").mustContain(t, `<option value="housing" selected>`)
}

func TestProgramme_BadFiltersAreIgnoredWithANote(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Walk and talk", Start: s.tomorrowAt(11, 0)})
	r := s.get("/?from=31-02-2026&theme=astrology&venue=nowhere&audience=cats&page=minus")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", r.StatusCode)
	}
	r.mustContain(t, "Walk and talk",
		"&#34;31-02-2026&#34; is not a date", "no topic called &#34;astrology&#34;",
		"no venue called &#34;nowhere&#34;", "no audience called &#34;cats&#34;", "&#34;minus&#34; is not a page number")
	r2 := s.get("/?from=2027-05-10&to=2027-05-01")
	r2.mustContain(t, "The end date, 1 May 2027, is before the start date, 10 May 2027")
}

func TestProgramme_PagesThroughLongLists(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	start := s.tomorrowAt(9, 0)
	for i := range 30 {
		testutil.CreateSession(t, s.st, testutil.Session{Venue: v, Theme: "digital", Start: start.Add(time.Duration(i) * time.Hour)})
	}
	first := s.get("/?theme=digital")
	if n := sessionCount(first.body); n != 25 {
		t.Errorf("first page lists %d sessions, want 25", n)
	}
	first.mustContain(t, "Showing 1 to 25 of 30 sessions", `href="/?page=2&amp;theme=digital" rel="next"`)
	second := s.get("/?theme=digital&page=2")
	if n := sessionCount(second.body); n != 5 {
		t.Errorf("second page lists %d sessions, want 5", n)
	}
	second.mustContain(t, "Showing 26 to 30 of 30 sessions", `rel="prev"`)
	second.mustNotContain(t, `rel="next"`)
	past := s.get("/?page=9")
	if past.StatusCode != http.StatusOK {
		t.Fatalf("page past the end: status %d", past.StatusCode)
	}
	past.mustContain(t, "There is no such page")
}

func TestProgramme_LongListsGetAShortPager(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	start := s.tomorrowAt(9, 0)
	err := s.st.InTx(context.Background(), func(tx *store.Store) error {
		for i := range 25 * 12 {
			testutil.CreateSession(t, tx, testutil.Session{Venue: v, Start: start.Add(time.Duration(i) * time.Hour)})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := s.get("/?page=6")
	r.mustContain(t, "Showing 126 to 150 of 300 sessions", `aria-current="page"><span class="visually-hidden">Page </span>6</a>`, "&hellip;",
		`href="/?page=12"`, `href="/?page=4"`, `href="/?page=8"`)
	r.mustNotContain(t, `href="/?page=10"`, `href="/?page=2"`)
}

func TestProgramme_TenOClockStaysTenAcrossTheClockChange(t *testing.T) {
	t.Parallel()
	loc := testutil.London(t)
	s := newSite(t, withNow(time.Date(2027, 3, 20, 9, 0, 0, 0, loc)))
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Before", Start: time.Date(2027, 3, 27, 10, 0, 0, 0, loc)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "After", Start: time.Date(2027, 3, 29, 10, 0, 0, 0, loc)})
	r := s.get("/")
	if n := strings.Count(r.body, "10:00 to 11:00"); n != 2 {
		t.Errorf("%d sessions shown at 10:00 to 11:00, want 2", n)
	}
	r.mustContain(t, "Saturday 27 March", "Monday 29 March")
}

func TestPages_EscapeWhatPeopleTyped(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	evil := `<script>alert("x")</script>`
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "evil", Name: evil + " Hall", Directions: evil})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Name: evil + " room"})
	p := testutil.CreatePartner(t, s.st, model.Partner{Name: evil + " partner"})
	sess := testutil.CreateSession(t, s.st, testutil.Session{Title: evil, Summary: evil, Venue: v, Space: &room, Partner: &p, Start: s.tomorrowAt(10, 0)})
	for _, path := range []string{"/", "/sessions/" + sess.PublicID, "/venues/evil", "/print", "/print?week=next", "/api/v1/sessions", "/api/v1/sessions/" + sess.PublicID} {
		r := s.get(path)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, r.StatusCode)
		}
		if strings.Contains(r.body, "<script>") {
			t.Errorf("%s: a typed <script> reached the page unescaped", path)
		}
	}
	s.get("/sessions/"+sess.PublicID).mustContain(t, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
}

func TestSessionPage_ShowsWhatAPersonNeedsToDecideAndGetThere(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Northfield Community Hub", Address: "12 Northfield Road\nEdinburgh",
		Postcode: "EH8 7AB", Directions: "Bus 21 stops outside.", Phone: "0131 496 0123", Features: []string{"quiet_space", "step_free_entrance"}})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Green room", Features: []string{"step_free", "hearing_loop"}})
	p := testutil.CreatePartner(t, s.st, model.Partner{Name: "Healthy Living Team", Website: "https://example.org/healthy"})
	start := s.tomorrowAt(14, 0)
	sess := testutil.CreateSession(t, s.st, testutil.Session{Title: "Diabetes: know your numbers", Summary: "Check your blood sugar.",
		Venue: v, Space: &room, Partner: &p, Theme: "health", Audience: "adults", Start: start, Length: 2 * time.Hour, Capacity: 12, Children: true})
	r := s.get("/sessions/" + sess.PublicID)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, "<h1", "Diabetes: know your numbers", "Check your blood sugar.",
		start.Format("Monday 2 January")+", 14:00 to 16:00", "Green room", "Northfield Community Hub",
		"12 Northfield Road", "EH8 7AB", "Bus 21 stops outside.", "0131 496 0123",
		"Healthy Living Team", "12 places left", "Adults",
		"Step-free access", "Hearing loop in the room", "A quiet space is available", "Children are welcome")
	if n := strings.Count(r.body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	// Back goes to the programme as the person left it, and never off site.
	s.get("/sessions/"+sess.PublicID, "Referer", "http://example.com/?theme=health&page=2").mustContain(t, `href="/?theme=health&amp;page=2">Back`)
	s.get("/sessions/"+sess.PublicID, "Referer", "https://evil.example.org/?x=1").mustContain(t, `href="/">Back`)
}

func TestSessionPage_FinishedSessionSaysSoAndOffersWhatIsNext(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sess := testutil.CreateSession(t, s.st, testutil.Session{Title: "Stress control", Theme: "mental-wellbeing", Start: time.Now().Add(-3 * time.Hour)})
	r := s.get("/sessions/" + sess.PublicID)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, "This session has finished", `href="/?theme=mental-wellbeing"`)
	r.mustNotContain(t, "To book a place", "places left")
}

func TestSessionPage_CancelledSessionSaysSoAndWhy(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sess := testutil.CreateSession(t, s.st, testutil.Session{Title: "Walk and talk", Start: s.tomorrowAt(10, 0), Status: model.StatusCancelled})
	r := s.get("/sessions/" + sess.PublicID)
	r.mustContain(t, "This session is cancelled")
	r.mustNotContain(t, "To book a place")
	s.get("/").mustContain(t, "Cancelled")
}

func TestNotFound_UnknownSessionsVenuesAndPagesGetThe404Page(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, path := range []string{"/sessions/abcdefghjkmn", "/sessions/%3Cscript%3E", "/sessions/1", "/venues/nowhere", "/no-such-page", "/static/css/hubbook.css"} {
		r := s.get(path)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, r.StatusCode)
			continue
		}
		if !strings.HasPrefix(path, "/static/") {
			r.mustContain(t, "Page not found", "See what's on")
		}
	}
}

func TestVenuePage_ListsSpacesAndUpcomingSessions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central-library", Name: "Central Library", OpeningHours: "Monday to Saturday, 9:00 to 20:00"})
	suite := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Partnership suite", Capacity: 30})
	testutil.CreateSpace(t, s.st, v, model.Space{Name: "Partnership room 1", ParentID: &suite.ID, Capacity: 12, Features: []string{"hearing_loop"}})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Stress control", Venue: v, Start: s.tomorrowAt(18, 0)})
	other := testutil.CreateVenue(t, s.st, model.Venue{})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Elsewhere", Venue: other, Start: s.tomorrowAt(18, 0)})

	r := s.get("/venues/central-library")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, "Central Library", "Monday to Saturday, 9:00 to 20:00", "Partnership suite", "Partnership room 1",
		"in Partnership suite", "12 people", "Hearing loop", "Stress control")
	r.mustNotContain(t, "Elsewhere")
}

func TestPrint_ShowsThisWeekOrNextForANoticeboard(t *testing.T) {
	t.Parallel()
	loc := testutil.London(t)
	wednesday := time.Date(2027, 6, 9, 8, 0, 0, 0, loc)
	s := newSite(t, withNow(wednesday))
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "hub", Name: "Community Hub"})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Thursday cafe", Venue: v, Start: time.Date(2027, 6, 10, 10, 0, 0, 0, loc)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Sunday walk", Start: time.Date(2027, 6, 13, 10, 0, 0, 0, loc)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Next Monday", Venue: v, Start: time.Date(2027, 6, 14, 10, 0, 0, 0, loc)})

	this := s.get("/print")
	this.mustContain(t, "Monday 7 June to Sunday 13 June", "Thursday cafe", "Sunday walk", `media="print"`)
	this.mustNotContain(t, "Next Monday")
	next := s.get("/print?week=next")
	next.mustContain(t, "Monday 14 June to Sunday 20 June", "Next Monday")
	next.mustNotContain(t, "Thursday cafe")
	one := s.get("/print?venue=hub")
	one.mustContain(t, "at Community Hub", "Thursday cafe")
	one.mustNotContain(t, "Sunday walk")
	bad := s.get("/print?venue=nowhere&week=fortnight")
	if bad.StatusCode != http.StatusOK {
		t.Fatalf("bad print filters: status %d", bad.StatusCode)
	}
	bad.mustContain(t, "no venue called &#34;nowhere&#34;", "&#34;fortnight&#34; is not a week we can print", "Thursday cafe", "Sunday walk")
}

func TestAPI_SessionsListWithFiltersAndPaging(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "hub", Name: "Community Hub"})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "green-room", Name: "Green room"})
	start := s.tomorrowAt(10, 0)
	for i := range 3 {
		testutil.CreateSession(t, s.st, testutil.Session{Title: "Money check", Venue: v, Space: &room, Theme: "income-maximisation", Audience: "adults",
			Start: start.AddDate(0, 0, i), Capacity: 6})
	}
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Drop-in", Theme: "digital", Start: start, DropIn: true})

	r := s.get("/api/v1/sessions?theme=income-maximisation&per_page=2")
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	var list struct {
		Sessions []map[string]any `json:"sessions"`
		Page     int              `json:"page"`
		PerPage  int              `json:"per_page"`
		Total    int              `json:"total"`
		Next     string           `json:"next"`
	}
	if err := json.Unmarshal([]byte(r.body), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Sessions) != 2 || list.Total != 3 || list.Page != 1 || list.PerPage != 2 {
		t.Fatalf("got %d sessions, total %d, page %d, per_page %d", len(list.Sessions), list.Total, list.Page, list.PerPage)
	}
	if !strings.HasPrefix(list.Next, "https://hubbook.example.org/api/v1/sessions?") || !strings.Contains(list.Next, "page=2") || !strings.Contains(list.Next, "per_page=2") {
		t.Errorf("next = %q", list.Next)
	}
	first := list.Sessions[0]
	for _, key := range []string{"id", "title", "theme", "audience", "venue", "space", "partner", "starts_at", "ends_at", "capacity", "places_left", "waitlist_length", "status", "url"} {
		if _, ok := first[key]; !ok {
			t.Errorf("session has no %q field", key)
		}
	}
	if first["starts_at"] != start.Format(time.RFC3339) || first["places_left"] != float64(6) || first["status"] != "scheduled" ||
		first["venue"].(map[string]any)["slug"] != "hub" || first["space"].(map[string]any)["name"] != "Green room" || first["partner"] != nil {
		t.Errorf("first session = %v", first)
	}
	if _, err := time.Parse(time.RFC3339, first["ends_at"].(string)); err != nil {
		t.Errorf("ends_at is not RFC 3339: %v", err)
	}

	// A drop-in has no places to count.
	var dropIn struct{ Sessions []map[string]any }
	json.Unmarshal([]byte(s.get("/api/v1/sessions?theme=digital").body), &dropIn)
	if len(dropIn.Sessions) != 1 || dropIn.Sessions[0]["places_left"] != nil || dropIn.Sessions[0]["booking_required"] != false {
		t.Errorf("drop-in = %v", dropIn.Sessions)
	}
}

func TestAPI_BadParametersAre400WithTheProblem(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for query, param := range map[string]string{
		"theme=astrology": "theme", "from=yesterday": "from", "per_page=500": "per_page", "per_page=x": "per_page", "page=0": "page", "venue=x": "venue",
	} {
		r := s.get("/api/v1/sessions?" + query)
		if r.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", query, r.StatusCode)
			continue
		}
		var body struct {
			Error    string `json:"error"`
			Problems []struct{ Param, Message string }
		}
		if err := json.Unmarshal([]byte(r.body), &body); err != nil || len(body.Problems) != 1 || body.Problems[0].Param != param {
			t.Errorf("%s: body %s", query, r.body)
		}
	}
}

func TestAPI_OneSession(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sess := testutil.CreateSession(t, s.st, testutil.Session{Title: "Bookbug", Start: s.tomorrowAt(10, 30)})
	r := s.get("/api/v1/sessions/" + sess.PublicID)
	var got map[string]any
	if err := json.Unmarshal([]byte(r.body), &got); err != nil || r.StatusCode != 200 {
		t.Fatalf("status %d, %v", r.StatusCode, err)
	}
	if got["id"] != sess.PublicID || got["title"] != "Bookbug" || got["url"] != "https://hubbook.example.org/sessions/"+sess.PublicID {
		t.Errorf("got %v", got)
	}
	for _, path := range []string{"/api/v1/sessions/abcdefghjkmn", "/api/v1/nothing-here"} {
		missing := s.get(path)
		if missing.StatusCode != 404 || !strings.HasPrefix(missing.Header.Get("Content-Type"), "application/json") || !strings.Contains(missing.body, `"error"`) {
			t.Errorf("%s: status %d, type %s, body %s", path, missing.StatusCode, missing.Header.Get("Content-Type"), missing.body)
		}
	}
}

func TestAPI_CancelledSessionHasNoPlacesLeft(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sess := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(10, 0), Capacity: 12, Status: model.StatusCancelled})
	var got map[string]any
	json.Unmarshal([]byte(s.get("/api/v1/sessions/"+sess.PublicID).body), &got)
	if got["status"] != "cancelled" || got["places_left"] != float64(0) {
		t.Errorf("cancelled session: status %v, places_left %v", got["status"], got["places_left"])
	}
}

func TestPages_AnswerHEAD(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "hub"})
	sess := testutil.CreateSession(t, s.st, testutil.Session{Venue: v, Start: s.tomorrowAt(10, 0)})
	for _, path := range []string{"/", "/print", "/sessions/" + sess.PublicID, "/venues/hub", "/api/v1/sessions", "/healthz"} {
		req := httptest.NewRequest(http.MethodHead, path, nil)
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("HEAD %s: %d", path, rec.Code)
		}
	}
}

func TestResponses_CarrySecurityHeadersAndCompress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(10, 0)})
	r := s.get("/", "Accept-Encoding", "gzip")
	for header, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
		"Content-Encoding":        "gzip",
	} {
		if got := r.Header.Get(header); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", header, got, want)
		}
	}
	if !strings.Contains(r.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Error("CSP allows scripts from elsewhere")
	}
	zr, err := gzip.NewReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(zr)
	if !strings.Contains(string(html), "What's on") {
		t.Error("gzipped page does not decode to the programme")
	}
	if id := r.Header.Get("X-Request-Id"); len(id) < 8 {
		t.Errorf("X-Request-Id = %q", id)
	}
}

func TestStatic_ContentHashedURLsAreCachedForAYear(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	page := s.get("/")
	links := regexp.MustCompile(`(?:href|src)="(/static/[^"]+\.(css|js))"`).FindAllStringSubmatch(page.body, -1)
	if len(links) < 4 {
		t.Fatalf("found %d stylesheets and scripts, want the design system's, ours, print and the filters script", len(links))
	}
	for _, l := range links {
		r := s.get(l[1])
		wantType := map[string]string{"css": "text/css", "js": "text/javascript"}[l[2]]
		if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), wantType) ||
			r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || len(r.body) < 100 {
			t.Errorf("%s: status %d, type %q, cache %q, %d bytes", l[1], r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"), len(r.body))
		}
	}
	if !strings.Contains(page.body, "design-system.") {
		t.Error("the design system's stylesheet is not linked")
	}
}

func TestHealth_HealthzAndReadyz(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if r := s.get("/healthz"); r.StatusCode != 200 {
		t.Errorf("/healthz: %d", r.StatusCode)
	}
	if r := s.get("/readyz"); r.StatusCode != 200 {
		t.Errorf("/readyz: %d", r.StatusCode)
	}
	s.ready = errors.New("database gone")
	if r := s.get("/readyz"); r.StatusCode != 503 {
		t.Errorf("/readyz while not ready: %d, want 503", r.StatusCode)
	}
}
