package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// evalSite is a site with two finished sessions in the last few days, one
// each of partners P and Q, in the default period (the last 12 months):
//
//	H `=HYPERLINK("http://x")`, P's, 10 places, 3 days ago: ann online 2
//	  (EH1 1AA, decile 1) came 2 and answered 5 "+1 great"; bob online 1
//	  no-show; 3 walk-ins, no postcode
//	K "Q talk", Q's, 5 places, 2 days ago: cat online 1 (EH4 4DD, decile
//	  10) came 1 and answered 2 "Q secret comment"
type evalSite struct {
	*site
	p, q model.Partner
}

func newEvalSite(t *testing.T) *evalSite {
	s := newSite(t)
	ctx := context.Background()
	e := &evalSite{site: s}
	e.p = testutil.CreatePartner(t, s.st, model.Partner{Name: "Healthy Living"})
	e.q = testutil.CreatePartner(t, s.st, model.Partner{Name: "Quiet Partner"})
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	themes, _ := s.st.Themes(ctx)
	audiences, _ := s.st.Audiences(ctx)
	if _, err := s.db.Exec(`INSERT INTO simd_postcodes (postcode, data_zone, simd_rank, vigintile, decile, quintile) VALUES
		('EH1 1AA', 'S01000001', 10, 1, 1, 1), ('EH4 4DD', 'S01000004', 6900, 20, 10, 5)`); err != nil {
		t.Fatal(err)
	}
	session := func(title string, p model.Partner, daysAgo, places int) store.NewSession {
		start := time.Now().AddDate(0, 0, -daysAgo).Truncate(time.Hour)
		return store.NewSession{Title: title, ThemeID: themes[0].ID, AudienceID: audiences[0].ID, VenueID: v.ID, PartnerID: &p.ID,
			StartsAt: start, EndsAt: start.Add(time.Hour), BookingRequired: true, Capacity: &places}
	}
	h, k := session(`=HYPERLINK("http://x")`, e.p, 3, 10), session("Q talk", e.q, 2, 5)
	two, one, none := 2, 1, 0
	closed := time.Now().Add(-time.Hour)
	err := s.st.RecordHistory(ctx, model.Actor{}, []store.PastSession{
		{Session: h, ClosedAt: &closed, Bookings: []store.PastBooking{
			{Source: model.SourceOnline, Name: "Ann", Email: "ann@example.org", PartySize: 2, Postcode: "EH1 1AA", Attended: &two,
				BookedAt: h.StartsAt.Add(-time.Hour), MarkedAt: h.StartsAt,
				Answer: &store.PastAnswer{Score: 5, Comment: "+1 great", At: h.EndsAt.Add(time.Hour)}},
			{Source: model.SourceOnline, Name: "Bob", Email: "bob@example.org", PartySize: 1, Attended: &none,
				BookedAt: h.StartsAt.Add(-time.Hour), MarkedAt: h.StartsAt},
			{Source: model.SourceWalkIn, PartySize: 3, BookedAt: h.StartsAt, MarkedAt: h.StartsAt},
		}},
		{Session: k, ClosedAt: &closed, Bookings: []store.PastBooking{
			{Source: model.SourceOnline, Name: "Cat", Email: "cat@example.org", PartySize: 1, Postcode: "EH4 4DD", Attended: &one,
				BookedAt: k.StartsAt.Add(-time.Hour), MarkedAt: k.StartsAt,
				Answer: &store.PastAnswer{Score: 2, Comment: "Q secret comment", At: k.EndsAt.Add(time.Hour)}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEvaluation_StaffSeeTheFiguresChartsAndTables(t *testing.T) {
	t.Parallel()
	s := newEvalSite(t)
	staff, _ := s.as(model.RoleStaff)
	r := staff.get("/staff/evaluation")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	// Held 2; offered 10 + 5 = 15; places booked 2 + 1 + 1 = 4: 26.7%.
	// Came 2 + 3 + 1 = 6; marked 3, no-shows 1: 33.3%. Known decile: ann 2
	// (decile 1) and cat 1 (decile 10): quintile 1 2 of 3, 66.7%; the
	// baseline has nothing. Feedback 5 and 2: 3.5.
	r.mustContain(t, "<h1", "Evaluation figures", "How these are counted", "Sessions held",
		`<td>26.7%</td>`, `<td>33.3%</td>`, `<td>66.7%</td>`, `<td>3.5</td>`, "6</span> people came",
		"Healthy Living", "Quiet Partner", "&#43;1 great", "Q secret comment", `=HYPERLINK(&#34;http://x&#34;)`,
		"No SIMD postcode lookup is loaded")
	if n := strings.Count(r.body, "<h1"); n != 1 {
		t.Errorf("%d h1", n)
	}
	// Each chart is a labelled image with a title, a description and its
	// table beside it.
	for _, id := range []string{"chart-months", "chart-places", "chart-deciles"} {
		if !strings.Contains(r.body, `role="img" aria-labelledby="`+id+`-title `+id+`-desc"`) ||
			!strings.Contains(r.body, `<title id="`+id+`-title">`) || !strings.Contains(r.body, `<desc id="`+id+`-desc">`) {
			t.Errorf("chart %s is not a labelled image", id)
		}
	}
	for _, table := range []string{"summary", "themes", "venues", "partners", "audiences", "months", "deciles", "scores"} {
		r.mustContain(t, `id="table-`+table+`"`, `href="/staff/evaluation/`+table+`.csv?`)
	}
	if regexp.MustCompile(`<script`).MatchString(r.body) {
		t.Error("the dashboard needs script")
	}
}

func TestEvaluation_CSVDownloadsEscapeFormulasAndKeepNumbers(t *testing.T) {
	t.Parallel()
	s := newEvalSite(t)
	staff, _ := s.as(model.RoleStaff)
	r := staff.get("/staff/evaluation/feedback.csv")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	today := time.Now().In(s.loc).Format(time.DateOnly)
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="evaluation-feedback-`) || !strings.HasSuffix(cd, "-to-"+today+`.csv"`) {
		t.Errorf("content disposition %q", cd)
	}
	// CSV doubles the quotes inside a quoted cell.
	for _, want := range []string{`"'=HYPERLINK(""http://x"")"`, "'+1 great", ",5,"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("feedback.csv lacks %q:\n%s", want, r.body)
		}
	}
	partners := staff.get("/staff/evaluation/partners.csv")
	// Healthy Living: held 1, called off 0, offered 10, bookings 2, places 3,
	// fill 30, came 5, walk-ins 3, no-show rate 50.
	if !strings.Contains(partners.body, "Healthy Living,1,0,10,2,3,30,5,3,50,") {
		t.Errorf("partners.csv:\n%s", partners.body)
	}
	for _, path := range []string{"/staff/evaluation/nothing.csv", "/staff/evaluation/themes", "/staff/evaluation/themes.json"} {
		if r := staff.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, r.StatusCode)
		}
	}
}

func TestEvaluation_APartnerSeesOnlyItsOwnFigures(t *testing.T) {
	t.Parallel()
	s := newEvalSite(t)
	u := testutil.CreateUser(t, s.st, model.User{Role: model.RolePartner, PartnerID: &s.p.ID})
	p := s.browser().signIn(u)
	var qSlug string
	if err := s.db.Get(&qSlug, `SELECT slug FROM partners WHERE id = $1`, s.q.ID); err != nil {
		t.Fatal(err)
	}
	// Asking for another partner's figures changes nothing.
	r := p.get("/partner/evaluation?partner=" + qSlug)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	// P's own: offered 10, booked 3 (30.0%), came 5, no-shows 1 of 2
	// (50.0%), quintile 1 2 of 2 (100.0%).
	r.mustContain(t, "Your evaluation figures", "<td>30.0%</td>", "<td>50.0%</td>", "<td>100.0%</td>", "&#43;1 great",
		`href="/partner/evaluation/feedback.csv?`)
	r.mustNotContain(t, "Q secret comment", "Q talk", "Quiet Partner", `id="partner"`, `id="table-partners"`)
	csv := p.get("/partner/evaluation/feedback.csv?partner=" + qSlug)
	if csv.StatusCode != http.StatusOK || !strings.Contains(csv.body, "'+1 great") || strings.Contains(csv.body, "Q secret") {
		t.Errorf("partner's feedback.csv (%d):\n%s", csv.StatusCode, csv.body)
	}
	if r := p.get("/partner/evaluation/partners.csv"); r.StatusCode != http.StatusNotFound {
		t.Errorf("partner's partners.csv: status %d, want 404", r.StatusCode)
	}
}

func TestEvaluation_BadFiltersKeepTheFormAndSayWhy(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	staff, _ := s.as(model.RoleStaff)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"from=31-02-2026", []string{"Enter the first date of the period as a date like 2026-03-31", `value="31-02-2026"`}},
		{"from=2026-03-10&to=2026-03-01", []string{"The last date of the period, 1 March 2026, is before its first date, 10 March 2026"}},
		{"baseline_from=2025-05-01&baseline_to=2024-05-01", []string{"The last date of the baseline, 1 May 2024, is before its first date"}},
		{"venue=nowhere", []string{"There is no venue called &#34;nowhere&#34;"}},
		{"partner=nobody&theme=astrology", []string{"There is no partner called", "There is no topic called"}},
		{"from=2000-01-01&to=2020-01-01", []string{"Choose the period of 10 years or less"}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			r := staff.get("/staff/evaluation?" + tc.query)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			r.mustContain(t, append(tc.want, "There is a problem", `<form method="get" action="/staff/evaluation"`)...)
			r.mustNotContain(t, `id="table-summary"`)
			if csv := staff.get("/staff/evaluation/summary.csv?" + tc.query); csv.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("CSV: status %d, want 422", csv.StatusCode)
			}
		})
	}
	// UK dates are read too, and written back as ISO dates.
	r := staff.get("/staff/evaluation?from=01/02/2026&to=28/02/2026")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("UK dates: status %d", r.StatusCode)
	}
	r.mustContain(t, `value="2026-02-01"`, "1 February 2026 to 28 February 2026")
}
