package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/testutil"
	"hubbook/static"
	"hubbook/templates"
)

func testServer(t testing.TB) *Server {
	t.Helper()
	s, err := New(Deps{Location: testutil.London(t), BaseURL: &url.URL{Scheme: "http", Host: "localhost"},
		ServiceName: "Test", ServicePhone: "0131 496 0000", Templates: templates.FS, Static: static.FS})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fullSession() model.Session {
	capacity := 12
	start := time.Date(2027, 3, 29, 9, 0, 0, 0, time.UTC)
	v := model.Venue{ID: 1, Slug: "central", Name: "Central Library", Summary: "In town.", Address: "7 George IV Bridge\nEdinburgh",
		Postcode: "EH1 1EG", Directions: "Buses 23 and 27.", Phone: "0131 496 0001", OpeningHours: "Daily", AccessNotes: "Lift to all floors.",
		Features: []string{"step_free_entrance", "quiet_space"}}
	return model.Session{ID: 1, PublicID: "abcdefghjkmn", Title: "Diabetes: know your numbers", Summary: "Check.", Description: "One.\n\nTwo.",
		Theme: model.Theme{Slug: "health", Name: "Health"}, Audience: model.Audience{Slug: "adults", Name: "Adults"}, Venue: v,
		Space:    &model.Space{Slug: "room", Name: "Meeting room", Kind: model.SpaceRoom, Capacity: 20, Features: []string{"step_free", "hearing_loop"}},
		Partner:  &model.Partner{Slug: "nhs", Name: "Healthy Living Team", Website: "https://example.org"},
		StartsAt: start, EndsAt: start.Add(90 * time.Minute), BookingRequired: true, Capacity: &capacity, PlacesBooked: 3,
		ChildrenWelcome: true, AccessNotes: "BSL on request.", Status: model.StatusScheduled}
}

// Every page template renders with empty data and with everything filled in.
func TestTemplates_EveryPageRendersEmptyAndFull(t *testing.T) {
	t.Parallel()
	s := testServer(t)
	full := fullSession()
	cancelled := full
	cancelled.Status, cancelled.CancelReason = model.StatusCancelled, "Unwell."
	dropIn := full
	dropIn.BookingRequired, dropIn.Capacity, dropIn.Partner, dropIn.Space = false, nil, nil, nil
	days := []dayGroup{{Date: full.StartsAt, Sessions: []model.Session{full, cancelled, dropIn}}}
	layout := Layout{Title: "T", Service: "Test", Phone: "0131 496 0000", Path: "/"}
	admin := model.User{ID: 1, Name: "Ada", Role: model.RoleAdmin}
	signedIn := Layout{Title: "T", Service: "Test", Phone: "0131 496 0000", Path: "/staff", User: &admin, Flash: "Saved."}
	vocab := vocabulary{Venues: []model.Venue{full.Venue}, Themes: []model.Theme{full.Theme}, Audiences: []model.Audience{full.Audience}}
	data := map[string][]any{
		"programme": {programmePage{}, programmePage{Layout: layout, Vocabulary: vocab, Days: days, Total: 40, First: 1, Last: 3,
			Query:   programmeQuery{Theme: "health", Problems: []problem{{"from", "bad date"}}},
			Pages:   []pageLink{{Number: 1, URL: "/?page=1", Current: true}, {Gap: true}, {Number: 9, URL: "/?page=9"}},
			NextURL: "/?page=2", PrevURL: "/?page=1", ClearURL: "/"}},
		"session": {sessionPage{}, sessionPage{Layout: layout, Session: full}, sessionPage{Layout: layout, Session: cancelled},
			sessionPage{Layout: layout, Session: dropIn}, sessionPage{Layout: layout, Session: full, Ended: true}},
		"venue": {venuePage{}, venuePage{Layout: layout, Venue: full.Venue, Days: days, Total: 30, More: true,
			Spaces: []model.Space{*full.Space, {Name: "Zone", Kind: model.SpaceZone, Capacity: 1, ParentName: "Hall"}}}},
		"print": {printPage{}, printPage{Layout: layout, Venue: &full.Venue, Next: true, Days: days, WeekStart: full.StartsAt, WeekEnd: full.StartsAt,
			Problems: []problem{{"week", "bad week"}}}},
		"login": {loginPage{}, loginPage{Layout: signedIn, Email: "a@example.org", Next: "/staff", SignedOut: true,
			Errors: fieldErrors{{"email", "Enter your email address"}, {"password", "Enter your password"}}}},
		"too-many": {tooManyPage{}, tooManyPage{Layout: layout, Wait: "2 minutes"}},
		"error":    {errorPageData{}, errorPageData{Layout: signedIn, Status: 403}, errorPageData{Layout: layout, Status: 404}, errorPageData{Layout: layout, Status: 503}, errorPageData{Layout: layout, Status: 500, RequestID: "abc"}},
	}
	// Pages of other areas keep their cases beside their handlers' tests.
	for _, more := range []map[string][]any{placesPageCases(signedIn), adminPageCases(signedIn), programmeAdminPageCases(signedIn), bookingPageCases(layout, signedIn), deskPageCases(signedIn), mailPageCases(layout, signedIn), feedPageCases(signedIn), spacePlacesPageCases(layout, signedIn), roomsPageCases(layout, signedIn), spaceBookingPageCases(layout, signedIn), suggestionPageCases(layout, signedIn), feedbackPageCases(layout, signedIn), peoplePageCases(signedIn), registerPageCases(layout, signedIn), evaluationPageCases(signedIn)} {
		for name, cases := range more {
			data[name] = append(data[name], cases...)
		}
	}
	for name, tmpl := range s.pages {
		cases, ok := data[name]
		if !ok {
			t.Errorf("page %q has no test data: add it here", name)
			continue
		}
		for i, d := range cases {
			var buf bytes.Buffer
			if err := tmpl.ExecuteTemplate(&buf, "base", d); err != nil {
				t.Errorf("%s case %d: %v", name, i, err)
				continue
			}
			html := buf.String()
			if !strings.Contains(html, `<html lang="en-GB"`) || !strings.Contains(html, `href="#main-content"`) || strings.Count(html, "<h1") != 1 {
				t.Errorf("%s case %d: missing lang, skip link or exactly one h1", name, i)
			}
		}
	}
}

func TestRecoverPanic_ShowsThePlainErrorPage(t *testing.T) {
	t.Parallel()
	s := testServer(t)
	r := gin.New()
	r.Use(withRequestID, s.recoverPanic)
	r.GET("/boom", func(*gin.Context) { panic("boom") })
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "Sorry, something went wrong") {
		t.Errorf("status %d, body %q", rec.Code, rec.Body.String())
	}
	if strings.Contains(rec.Body.String(), "boom") {
		t.Error("the panic's message reached the page")
	}
}

func TestParseDate_AcceptsISOAndUKDates(t *testing.T) {
	t.Parallel()
	loc := testutil.London(t)
	for in, want := range map[string]string{"2027-03-31": "2027-03-31", "31/03/2027": "2027-03-31", "1/4/2027": "2027-04-01"} {
		got, ok := parseDate(in, loc)
		if !ok || got.Format(time.DateOnly) != want {
			t.Errorf("parseDate(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "31-02-2027", "2027-02-30", "tomorrow", "03/31/2027", "0001-01-01"} {
		if _, ok := parseDate(in, loc); ok {
			t.Errorf("parseDate(%q) accepted it", in)
		}
	}
}

func TestPageWindow_ShowsEndsAndNeighboursWithGaps(t *testing.T) {
	t.Parallel()
	url := func(n int) string { return "/?page=" + strconv.Itoa(n) }
	render := func(links []pageLink) string {
		var parts []string
		for _, l := range links {
			switch {
			case l.Gap:
				parts = append(parts, "…")
			case l.Current:
				parts = append(parts, "["+strconv.Itoa(l.Number)+"]")
			default:
				parts = append(parts, strconv.Itoa(l.Number))
			}
		}
		return strings.Join(parts, " ")
	}
	for _, tc := range []struct {
		current, pages int
		want           string
	}{
		{1, 1, "[1]"},
		{1, 3, "[1] 2 3"},
		{1, 200, "[1] 2 3 … 200"},
		{100, 200, "1 … 98 99 [100] 101 102 … 200"},
		{4, 7, "1 2 3 [4] 5 6 7"},
		{200, 200, "1 … 198 199 [200]"},
	} {
		if got := render(pageWindow(tc.current, tc.pages, url)); got != tc.want {
			t.Errorf("page %d of %d: %q, want %q", tc.current, tc.pages, got, tc.want)
		}
	}
}
