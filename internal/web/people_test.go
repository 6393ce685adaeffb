package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// The person asking, in the web tests.
const (
	pplName     = "Annabel Quist"
	pplEmail    = "annabel@example.org"
	pplPhone    = "+447700900123"
	pplPostcode = "EH7 5QR"
)

// peopleWorld is Annabel's upcoming booking (two places, the session
// full) with Anna waiting, her booking and feedback on a past session,
// her suggestion, and Anna's booking with a similar address.
type peopleWorld struct {
	s                                   *site
	upcoming, past                      model.Session
	annUpcoming, annPast, waiting, anna string
}

func buildPeopleWorld(t *testing.T) *peopleWorld {
	s := newSite(t)
	w := &peopleWorld{s: s}
	if _, err := s.db.Exec(`INSERT INTO simd_postcodes (postcode, data_zone, simd_rank, vigintile, decile, quintile)
		VALUES ($1, 'S01008007', 200, 1, 1, 1)`, pplPostcode); err != nil {
		t.Fatal(err)
	}
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	w.upcoming = testutil.CreateSession(t, s.st, testutil.Session{Title: "Money advice", Venue: v, Start: s.tomorrowAt(10, 0), Capacity: 2})
	w.past = testutil.CreateSession(t, s.st, testutil.Session{Title: "Walking group", Venue: v, Start: time.Now().AddDate(0, -1, 0).Truncate(time.Hour)})
	book := func(st *store.Store, m model.Session, name, email, phone, postcode string, party int) string {
		t.Helper()
		token, hash := auth.NewToken()
		r, err := st.BookPlaces(t.Context(), store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
			TokenHash: hash, TokenSealed: testSealer.Seal(token), Name: name, Email: email, Phone: phone, PartySize: party,
			Postcode: postcode, AccessNeeds: "Step-free access, please", Reminders: email != "", Waitlist: true})
		if err != nil {
			t.Fatal(err)
		}
		return r.Reference
	}
	before := s.st.WithBooking(model.BookingRules{}, func() time.Time { return w.past.StartsAt.Add(-time.Hour) })
	w.annPast = book(before, w.past, pplName, pplEmail, pplPhone, pplPostcode, 1)
	w.anna = book(before, w.past, "Anna Other", "anna@example.org", "", "EH1 1AA", 1)
	w.annUpcoming = book(s.st, w.upcoming, pplName, pplEmail, pplPhone, pplPostcode, 2)
	w.waiting = book(s.st, w.upcoming, "Anna Other", "anna@example.org", "", "EH1 1AA", 1)
	for _, q := range []string{
		`UPDATE bookings SET attended = 1, marked_at = now() WHERE session_id = ` + fmt.Sprint(w.past.ID),
		`INSERT INTO feedback (session_id, booking_id, score, comment) SELECT session_id, id, 4, 'Annabel Quist: a lovely walk'
			FROM bookings WHERE reference = '` + w.annPast + `'`,
		`INSERT INTO mail_log (key, kind, booking_id, recipient, subject, status)
			SELECT 'booking/' || id || '/confirmed/1', 'confirmed', id, email, 'Booked', 'sent' FROM bookings WHERE email <> ''`,
		`INSERT INTO suggestions (what, contact_name, contact_email, contact_phone)
			VALUES ('Chair yoga', 'Annabel Quist', 'annabel@example.org', '+447700900123'), ('Book club', 'Anna Other', 'anna@example.org', '')`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return w
}

func TestPeople_SearchShowsTheirBookingsFeedbackAndSuggestionsOnly(t *testing.T) {
	t.Parallel()
	w := buildPeopleWorld(t)
	b, _ := w.s.as(model.RoleNavigator)
	r := b.get("/desk/people")
	r.mustStatus(t, http.StatusOK)
	r.mustContain(t, `<h1 class="ds_page-header__title">Find a person's data</h1>`, `<label class="ds_label" for="email">`)

	for _, q := range []string{"email=" + url.QueryEscape(" AnnaBel@Example.org "), "phone=" + url.QueryEscape("07700 900123")} {
		r = b.get("/desk/people?" + q)
		r.mustStatus(t, http.StatusOK)
		r.mustContain(t, w.annUpcoming, w.annPast, "Money advice", "Walking group", pplPostcode, "Step-free access, please",
			"1 came", "Not marked", "Annabel Quist: a lovely walk", "Chair yoga", "2 bookings, 1 feedback answer and 1 suggestion",
			`action="/desk/people/export"`, `action="/desk/people/erase"`, "I have checked this is the person's request")
		r.mustNotContain(t, w.anna, w.waiting, "Book club")
		// The footer still gives the service's number, not the one searched for.
		r.mustContain(t, "0131 496 0000</a>")
	}
	// The form posts, so the address stays out of the browser's history.
	r = b.post("/desk/people", url.Values{"email": {" AnnaBel@Example.org "}})
	r.mustStatus(t, http.StatusOK)
	r.mustContain(t, w.annUpcoming, w.annPast, "2 bookings, 1 feedback answer and 1 suggestion",
		`<form method="post" action="/desk/people"`, `value="AnnaBel@Example.org"`)
	r.mustNotContain(t, w.anna, w.waiting)
	r = b.post("/desk/people", url.Values{"email": {"annabel"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter an email address like name@example.com", `value="annabel"`)
}

func TestPeople_BadInputIsRefusedAndNothingFoundIsSaidPlainly(t *testing.T) {
	t.Parallel()
	w := buildPeopleWorld(t)
	b, _ := w.s.as(model.RoleStaff)
	cases := []struct {
		query, want string
		status      int
	}{
		{"email=&phone=", "Enter the person&#39;s email address or phone number", 422},
		{"email=annabel", "Enter an email address like name@example.com", 422},
		{"phone=call+me", "Enter a phone number like 07700 900123", 422},
		{"email=nobody%40example.org", "Nothing was found for that email address or phone number", 200},
	}
	for _, c := range cases {
		r := b.get("/desk/people?" + c.query)
		r.mustStatus(t, c.status)
		r.mustContain(t, c.want)
		r.mustNotContain(t, w.annUpcoming, `action="/desk/people/erase"`)
	}
	r := b.post("/desk/people/export", url.Values{"email": {"not an email"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter an email address like name@example.com", `value="not an email"`)
}

func TestPeople_ExportIsADownloadOfTheirDataAuditedWithoutTheirDetails(t *testing.T) {
	t.Parallel()
	w := buildPeopleWorld(t)
	b, u := w.s.as(model.RoleNavigator)
	r := b.post("/desk/people/export", url.Values{"email": {pplEmail}, "phone": {""}})
	r.mustStatus(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	disposition := regexp.MustCompile(`^attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.json"$`)
	if d := r.Header.Get("Content-Disposition"); !disposition.MatchString(d) {
		t.Errorf("content disposition %q", d)
	}
	var got struct {
		Person   model.Person
		Bookings []struct {
			Reference, Email, Postcode string
		}
		Feedback    []struct{ Comment string }
		Suggestions []struct{ What string }
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatalf("%v\n%s", err, r.body)
	}
	if len(got.Bookings) != 2 || got.Bookings[0].Reference != w.annUpcoming || got.Bookings[1].Reference != w.annPast ||
		got.Bookings[0].Postcode != pplPostcode || len(got.Feedback) != 1 || len(got.Suggestions) != 1 {
		t.Errorf("export %+v", got)
	}
	if strings.Contains(r.body, "anna@example.org") || strings.Contains(r.body, w.anna) {
		t.Error("the export has another person's data")
	}
	entries, _, err := w.s.st.AuditLog(t.Context(), model.AuditFilter{Action: "person.export"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit %+v, %v", entries, err)
	}
	e := entries[0]
	text := fmt.Sprintf("%s %s %s %s %s", e.EntityKey, e.EntityLabel, e.Before, e.After, e.ActorName)
	if *e.ActorID != u.ID || e.EntityLabel != "2 bookings, 1 feedback answer, 1 suggestion" || strings.Contains(text, "annabel") ||
		strings.Contains(text, "900123") {
		t.Errorf("audit entry %s", text)
	}
	ab, _ := w.s.as(model.RoleAdmin)
	ab.get("/admin/audit?action=person.export").mustContain(t, "Downloaded a person&#39;s data for them", "People&#39;s data")
}

// peopleFound searches every text and JSON column of every table (but
// the lookup of every postcode) for each of needles, and says where each
// was found.
func peopleFound(t *testing.T, s *site, needles ...string) []string {
	t.Helper()
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
	}
	if err := s.db.Select(&cols, `
		SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
		  AND c.table_name <> 'simd_postcodes'`); err != nil {
		t.Fatal(err)
	}
	var where []string
	for _, c := range cols {
		for _, n := range needles {
			var hits int
			q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE strpos(lower(%q::text), lower($1)) > 0`, c.Table, c.Column)
			if err := s.db.Get(&hits, q, n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if hits > 0 {
				where = append(where, fmt.Sprintf("%q in %s.%s", n, c.Table, c.Column))
			}
		}
	}
	return where
}

// Erase on request leaves no trace of the person's contact details: not in
// bookings, feedback, suggestions, the mail log, the audit log, booking
// history or queued jobs. Their upcoming booking's places go to the party
// waiting; Anna, with a similar address, keeps everything.
func TestPeople_EraseOnRequestLeavesNoTraceOfTheirContactDetails(t *testing.T) {
	t.Parallel()
	w := buildPeopleWorld(t)
	b, _ := w.s.as(model.RoleNavigator)
	needles := []string{pplEmail, pplPhone, pplName, pplPostcode, "Annabel"}
	if hits := peopleFound(t, w.s, needles...); len(hits) < 6 {
		t.Fatalf("the fixture holds too little to test: %v", hits)
	}
	anna := rowText(t, w.s, w.anna)

	r := b.post("/desk/people/erase", url.Values{"email": {pplEmail}, "phone": {"07700 900123"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Confirm that you have checked this is the person&#39;s own request", w.annUpcoming)
	if hits := peopleFound(t, w.s, pplEmail); len(hits) == 0 {
		t.Fatal("erased without the confirmation")
	}

	r = b.post("/desk/people/erase", url.Values{"email": {pplEmail}, "phone": {"07700 900123"}, "confirm": {"yes"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/desk/people" {
		t.Fatalf("erase: %d to %q\n%.2000s", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	b.get("/desk/people").mustContain(t, "Erased: 2 bookings (1 upcoming, now cancelled", "1 feedback comment",
		"2 outgoing email records", "1 suggestion contact")

	if hits := peopleFound(t, w.s, needles...); len(hits) > 0 {
		t.Errorf("found after erasing: %s", strings.Join(hits, "; "))
	}
	if got := deskBooking(t, w.s, w.waiting); got.Status != model.BookingConfirmed {
		t.Errorf("the party waiting is %s, want promoted", got.Status)
	}
	if got := deskBooking(t, w.s, w.annUpcoming); got.Status != model.BookingCancelled || got.AnonymisedAt == nil {
		t.Errorf("the upcoming booking is %s, anonymised at %v", got.Status, got.AnonymisedAt)
	}
	if n := deskPlacesBooked(t, w.s, w.upcoming); n != 1 {
		t.Errorf("%d places booked on the upcoming session, want Anna's 1", n)
	}
	if got := rowText(t, w.s, w.anna); got != anna {
		t.Errorf("Anna's booking changed:\nbefore %s\nafter  %s", anna, got)
	}
	var suggestion string
	if err := w.s.db.Get(&suggestion, `SELECT contact_email FROM suggestions WHERE what = 'Book club'`); err != nil || suggestion != "anna@example.org" {
		t.Errorf("Anna's suggestion contact %q, %v", suggestion, err)
	}
	entries, _, err := w.s.st.AuditLog(t.Context(), model.AuditFilter{Action: "person.erase"})
	if err != nil || len(entries) != 1 || entries[0].EntityLabel != "2 bookings (1 cancelled), 1 suggestion" {
		t.Errorf("audit %+v, %v", entries, err)
	}
	b.get("/desk/people?email="+url.QueryEscape(pplEmail)).mustContain(t, "Nothing was found")
}

// rowText is a booking's row as text.
func rowText(t *testing.T, s *site, ref string) string {
	t.Helper()
	var row string
	if err := s.db.Get(&row, `SELECT to_jsonb(b)::text FROM bookings b WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	return row
}
