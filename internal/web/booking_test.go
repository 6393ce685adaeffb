package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/testutil"
	"hubbook/internal/web"
)

var (
	formToken     = regexp.MustCompile(`name="token" value="([A-Za-z0-9_-]{43})"`)
	manageURL     = regexp.MustCompile(`^/bookings/([A-Za-z0-9_-]{43})\?new=1$`)
	referenceText = regexp.MustCompile(`HB-[2-9A-HJ-NP-Z]{4,8}`)
)

// bookingForm opens the session's page and returns its form filled in for
// one adult, as a person would.
func bookingForm(t *testing.T, b *browser, m model.Session) url.Values {
	t.Helper()
	r := b.get("/sessions/" + m.PublicID)
	tok := formToken.FindStringSubmatch(r.body)
	if r.StatusCode != http.StatusOK || tok == nil {
		t.Fatalf("session page: status %d, form token found: %v", r.StatusCode, tok != nil)
	}
	return url.Values{"token": {tok[1]}, "name": {"Morag Example"}, "email": {"morag@example.org"},
		"adults": {"1"}, "children": {"0"}, "want": {"book"}}
}

// book posts form and returns the manage page's path, failing the test
// unless the booking was made.
func book(t *testing.T, b *browser, m model.Session, form url.Values) string {
	t.Helper()
	r := b.post("/sessions/"+m.PublicID+"/book", form)
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !manageURL.MatchString(loc) {
		t.Fatalf("book: status %d to %q\n%s", r.StatusCode, loc, problems(r.body))
	}
	return strings.TrimSuffix(loc, "?new=1")
}

// problems is the error summary of a page, for failure messages.
func problems(body string) string {
	_, rest, ok := strings.Cut(body, `ds_error-summary__list`)
	if !ok {
		return "(no error summary)"
	}
	list, _, _ := strings.Cut(rest, "</ul>")
	return list
}

func TestBooking_CitizenBooksAndGetsAReferenceAndALink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Diabetes: eating well", Capacity: 12, Children: true})
	b := s.browser()
	page := b.get("/sessions/" + m.PublicID)
	page.mustContain(t, "Book a place", "12 places are left", "Your postcode (optional)", "neighbourhoods")
	if cc := page.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("session page with a form: Cache-Control %q, want no-store", cc)
	}

	form := bookingForm(t, b, m)
	form.Set("adults", "2")
	form.Set("children", "1")
	form.Set("email", "Morag@Example.org")
	form.Set("postcode", "eh11 1aa")
	manage := book(t, b, m, form)

	r := b.get(manage + "?new=1")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("confirmation: status %d", r.StatusCode)
	}
	r.mustContain(t, "Your place is booked", "Diabetes: eating well", "3 people", "(1 child)", "We are emailing the details", "link to morag@example.org", "Add to your calendar", "Cancel booking")
	if ref := referenceText.FindString(r.body); ref == "" || !strings.Contains(r.body, `<p class="hb-reference">`+ref+`</p>`) {
		t.Errorf("confirmation shows no reference like HB-7K3Q")
	}
	if r.Header.Get("Referrer-Policy") != "no-referrer" || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("manage page headers: Referrer-Policy %q, Cache-Control %q", r.Header.Get("Referrer-Policy"), r.Header.Get("Cache-Control"))
	}
	s.get("/sessions/"+m.PublicID).mustContain(t, "9 places are left")

	var postcode string
	if err := s.db.Get(&postcode, `SELECT postcode FROM bookings`); err != nil || postcode != "EH11 1AA" {
		t.Errorf("postcode stored as %q (%v), want EH11 1AA", postcode, err)
	}
}

func TestBooking_EveryFieldIsCheckedAndNothingTypedIsLost(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 12})
	b := s.browser()
	for _, tc := range []struct {
		name    string
		set     map[string]string
		message string
	}{
		{"no name", map[string]string{"name": ""}, "Enter your name"},
		{"party of 0", map[string]string{"adults": "0"}, "Book at least 1 place"},
		{"party of 500", map[string]string{"adults": "500"}, "You can book up to 20 places at once"},
		{"adults not a number", map[string]string{"adults": "two"}, "Enter how many adults are coming, as a number"},
		{"email without @", map[string]string{"email": "morag.example.org"}, "Enter an email address like name@example.com"},
		{"phone with letters", map[string]string{"phone": "07911 CALLME"}, "Enter a phone number like 07123 456789"},
		{"no way to contact", map[string]string{"email": "", "phone": ""}, "Enter an email address or a mobile number"},
		{"postcode not in the UK", map[string]string{"postcode": "75001"}, "Enter a postcode like EH1 1EG"},
		{"reminders with no email", map[string]string{"email": "", "phone": "07911 123456", "reminders": "yes"}, "Reminders are sent by email"},
		{"honeypot filled", map[string]string{"website": "http://spam.example"}, "Leave this field empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := bookingForm(t, b, m)
			form.Set("access_needs", "Wheelchair space, please")
			for k, v := range tc.set {
				form.Set(k, v)
			}
			r := b.post("/sessions/"+m.PublicID+"/book", form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			r.mustContain(t, tc.message, "Wheelchair space, please", `value="`+form.Get("token")+`"`)
			for _, k := range []string{"name", "email", "phone", "adults", "postcode"} {
				if v := form.Get(k); v != "" {
					r.mustContain(t, `value="`+v+`"`)
				}
			}
		})
	}
	var n int
	if err := s.db.Get(&n, `SELECT count(*) FROM bookings`); err != nil || n != 0 {
		t.Errorf("%d bookings made by invalid forms", n)
	}
}

func TestBooking_FormSentTwiceBooksOnce(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 12})
	b := s.browser()
	form := bookingForm(t, b, m)
	first := book(t, b, m, form)
	if again := book(t, b, m, form); again != first {
		t.Errorf("the second sending went to %s, not the first booking's page %s", again, first)
	}
	if got, _ := s.st.Session(t.Context(), m.PublicID); got.PlacesBooked != 1 {
		t.Errorf("%d places booked by one form sent twice", got.PlacesBooked)
	}
	// The page reused with Back for someone else: told, not shown the
	// first person's booking, and given a fresh form.
	form.Set("name", "Someone Else")
	form.Set("email", "else@example.org")
	r := b.post("/sessions/"+m.PublicID+"/book", form)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("a used form for someone else: status %d, want 409", r.StatusCode)
	}
	r.mustContain(t, "This form was already used for another booking", `value="Someone Else"`)
	r.mustNotContain(t, `value="`+form.Get("token")+`"`, "morag@example.org")
	fresh := formToken.FindStringSubmatch(r.body)
	form.Set("token", fresh[1])
	book(t, b, m, form)
}

func TestBooking_FullSessionOffersThePlacesLeftOrTheWaitlist(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 3})
	b := s.browser()
	form := bookingForm(t, b, m)
	form.Set("email", "first@example.org")
	form.Set("adults", "2")
	book(t, b, m, form)

	form = bookingForm(t, b, m)
	form.Set("adults", "3")
	r := b.post("/sessions/"+m.PublicID+"/book", form)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("3 people for 1 place: status %d, want 409", r.StatusCode)
	}
	r.mustContain(t, "Only 1 place is left", "Join the waitlist", `name="adults" value="3"`, "morag@example.org")

	form.Set("want", "waitlist")
	manage := book(t, b, m, form)
	waiting := b.get(manage + "?new=1")
	waiting.mustContain(t, "You are on the waitlist", "Waiting for", "3 people", "You are first in line", "Leave the waitlist")
	waiting.mustNotContain(t, "Add to your calendar")
	second := bookingForm(t, b, m)
	second.Set("email", "second@example.org")
	second.Set("adults", "2") // 1 place is left: 2 wait
	second.Set("want", "waitlist")
	secondPage := book(t, b, m, second)
	b.get(secondPage).mustContain(t, "1 party is ahead of you")
	if r := b.get(secondPage + "/calendar.ics"); r.StatusCode != http.StatusNotFound {
		t.Errorf("a calendar file for a place not yet had: status %d, want 404", r.StatusCode)
	}
	r = b.post(secondPage+"/cancel", url.Values{})
	b.get(r.Header.Get("Location")).mustContain(t, "You have left the waitlist")

	form = bookingForm(t, b, m)
	form.Set("email", "third@example.org")
	book(t, b, m, form) // the last place
	s.get("/sessions/"+m.PublicID).mustContain(t, "This session is fully booked", "Join the waitlist")
}

func TestBooking_SamePersonTwiceIsToldNotRefusedWithAnError(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 12})
	b := s.browser()
	form := bookingForm(t, b, m)
	form.Set("phone", "07911 123456")
	book(t, b, m, form)
	form = bookingForm(t, b, m)
	form.Set("email", "")
	form.Set("phone", "+44 7911 123456")
	r := b.post("/sessions/"+m.PublicID+"/book", form)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("status %d, want 409", r.StatusCode)
	}
	r.mustContain(t, "You are already booked on this session", "Lost your link?")
}

func TestBooking_SessionThatChangedWhileBookingSaysSo(t *testing.T) {
	t.Parallel()
	clock := &movableClock{now: time.Now()}
	s := newSite(t, withMovableClock(clock), func(d *web.Deps) { d.Booking.Cutoff = time.Hour })
	m := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 12, Start: clock.Now().Add(3 * time.Hour).Truncate(time.Minute)})
	b := s.browser()

	t.Run("cancelled", func(t *testing.T) {
		other := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 12})
		form := bookingForm(t, b, other)
		staff := model.Actor{ID: testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff}).ID, Name: "Sam"}
		if _, err := s.st.CancelSession(t.Context(), staff, other.PublicID, "The tutor is unwell"); err != nil {
			t.Fatal(err)
		}
		r := b.post("/sessions/"+other.PublicID+"/book", form)
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", r.StatusCode)
		}
		r.mustContain(t, "This session has been cancelled, so it cannot be booked", "The tutor is unwell")
	})
	t.Run("closed at the cut-off", func(t *testing.T) {
		form := bookingForm(t, b, m)
		clock.advance(2*time.Hour + time.Minute)
		r := b.post("/sessions/"+m.PublicID+"/book", form)
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", r.StatusCode)
		}
		r.mustContain(t, "Booking for this session has closed", "Booking online has closed")
		b.get("/sessions/"+m.PublicID).mustNotContain(t, `name="token"`)
	})
}

func TestBooking_DropInAndPastSessionsHaveNoForm(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	dropIn := testutil.CreateSession(t, s.st, testutil.Session{DropIn: true})
	past := testutil.CreateSession(t, s.st, testutil.Session{Start: time.Now().Add(-3 * time.Hour)})
	s.get("/sessions/"+dropIn.PublicID).mustContain(t, "Just turn up")
	s.get("/sessions/"+past.PublicID).mustContain(t, "This session has finished")
	for _, m := range []model.Session{dropIn, past} {
		if r := s.get("/sessions/" + m.PublicID); strings.Contains(r.body, `name="token"`) {
			t.Errorf("%s shows a booking form", m.Title)
		}
	}
}

func TestBooking_ManageLinkCancelsAndReducesAndPromotes(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 3})
	b := s.browser()
	form := bookingForm(t, b, m)
	form.Set("adults", "3")
	manage := book(t, b, m, form)
	waiting := bookingForm(t, b, m)
	waiting.Set("email", "waiting@example.org")
	waiting.Set("adults", "2")
	waiting.Set("want", "waitlist")
	waitingPage := book(t, b, m, waiting)

	r := b.post(manage+"/party", url.Values{"adults": {"4"}, "children": {"0"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bigger party: status %d, want 422", r.StatusCode)
	}
	r.mustContain(t, "You can only make your party smaller here", `value="4"`)

	r = b.post(manage+"/party", url.Values{"adults": {"1"}, "children": {"0"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a smaller party: status %d", r.StatusCode)
	}
	b.get(r.Header.Get("Location")).mustContain(t, "Your booking is changed", "It is now for 1 person")
	b.get(waitingPage).mustContain(t, "Booked", "2 people")

	b.get(manage+"/cancel").mustContain(t, "Cancel your booking?", "Yes, cancel my booking", "No, keep it")
	r = b.post(manage+"/cancel", url.Values{})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: status %d", r.StatusCode)
	}
	b.get(r.Header.Get("Location")).mustContain(t, "Your booking is cancelled", "Cancelled")
	if got, _ := s.st.Session(t.Context(), m.PublicID); got.PlacesBooked != 2 {
		t.Errorf("%d places booked after cancelling, want the 2 promoted", got.PlacesBooked)
	}
	if r := b.post(manage+"/cancel", url.Values{}); r.StatusCode != http.StatusConflict {
		t.Errorf("cancelling twice: status %d, want 409", r.StatusCode)
	}
}

func TestBooking_UnknownExpiredOrTamperedLinksArePlain404s(t *testing.T) {
	t.Parallel()
	clock := &movableClock{now: time.Now()}
	s := newSite(t, withMovableClock(clock))
	m := testutil.CreateSession(t, s.st, testutil.Session{})
	b := s.browser()
	manage := book(t, b, m, bookingForm(t, b, m))
	token := strings.TrimPrefix(manage, "/bookings/")
	unknown, _ := auth.NewToken()
	tampered := token[:42] + map[bool]string{true: "B", false: "A"}[token[42] == 'A']
	clockAfter := func() { clock.advance(m.EndsAt.Sub(clock.Now()) + 31*24*time.Hour) }
	for _, path := range []string{"/bookings/" + unknown, "/bookings/" + tampered, "/bookings/short", "/bookings/" + unknown + "/calendar.ics", "/bookings/" + tampered + "/cancel"} {
		if r := b.get(path); r.StatusCode != http.StatusNotFound || !strings.Contains(r.body, "Page not found") {
			t.Errorf("GET %s: status %d, want the plain 404 page", path, r.StatusCode)
		}
	}
	if r := b.post("/bookings/"+unknown+"/cancel", url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Errorf("POST cancel with an unknown token: status %d", r.StatusCode)
	}
	clockAfter()
	if r := b.get(manage); r.StatusCode != http.StatusNotFound {
		t.Errorf("a link 31 days after the session: status %d, want 404", r.StatusCode)
	}
}

func TestBooking_CalendarFileIsValidAndInUTC(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	start := time.Date(2027, 7, 6, 10, 0, 0, 0, s.loc)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Community Hub"})
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Money, benefits; and you", Venue: v, Start: start})
	b := s.browser()
	manage := book(t, b, m, bookingForm(t, b, m))
	r := b.get(manage + "/calendar.ics")
	if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("status %d, type %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	cal, err := goical.NewDecoder(bytes.NewReader([]byte(r.body))).Decode()
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	e := events[0]
	if got, _ := e.Props.Text(goical.PropSummary); got != "Money, benefits; and you" {
		t.Errorf("summary %q", got)
	}
	if got := e.Props.Get(goical.PropDateTimeStart).Value; got != "20270706T090000Z" {
		t.Errorf("DTSTART %s, want 10:00 London as 09:00Z", got)
	}
	if loc, _ := e.Props.Text(goical.PropLocation); !strings.Contains(loc, "Community Hub") {
		t.Errorf("location %q", loc)
	}
	ref := referenceText.FindString(b.get(manage).body)
	if desc, _ := e.Props.Text(goical.PropDescription); !strings.Contains(desc, ref) || strings.Contains(desc, manage) {
		t.Errorf("description %q: want the reference %s and no manage link", desc, ref)
	}
}

func TestBooking_TooManyPostsFromOneAddressKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	s := newSite(t, func(d *web.Deps) { d.BookingRateLimit = 2 })
	m := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 12})
	b := s.browser()
	for i := range 2 {
		form := bookingForm(t, b, m)
		form.Set("email", "p"+string(rune('a'+i))+"@example.org")
		book(t, b, m, form)
	}
	form := bookingForm(t, b, m)
	form.Set("name", "Third Person")
	r := b.post("/sessions/"+m.PublicID+"/book", form)
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("third post in a minute with a limit of 2: status %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	r.mustContain(t, "Too many bookings from your network", `value="Third Person"`)
	other := s.browser()
	other.ip = "192.0.2.99"
	book(t, other, m, bookingForm(t, other, m))
}

func TestBooking_NoSessionToBookIsA404ThatSpendsNoAllowance(t *testing.T) {
	t.Parallel()
	s := newSite(t, func(d *web.Deps) { d.BookingRateLimit = 1 })
	proposal := testutil.CreateSession(t, s.st, testutil.Session{Status: model.StatusProposed})
	m := testutil.CreateSession(t, s.st, testutil.Session{})
	b := s.browser()
	form := bookingForm(t, b, m)
	for _, id := range []string{proposal.PublicID, "nosuchsession"} {
		if r := b.post("/sessions/"+id+"/book", form); r.StatusCode != http.StatusNotFound || r.Header.Get("Retry-After") != "" {
			t.Errorf("a complete form for %s: status %d, Retry-After %q; want a plain 404", id, r.StatusCode, r.Header.Get("Retry-After"))
		}
	}
	book(t, b, m, form) // the address's one booking a minute is still there
}

func TestBooking_TokenNeverInTheLog(t *testing.T) {
	t.Parallel()
	var log capturedLog
	s := newSite(t, withCapturedLog(&log))
	m := testutil.CreateSession(t, s.st, testutil.Session{})
	b := s.browser()
	manage := book(t, b, m, bookingForm(t, b, m))
	b.get(manage)
	b.get(manage + "/cancel")
	b.get(manage + "/calendar.ics")
	b.get(manage + "/nothing-here")
	b.post(manage+"/party", url.Values{"adults": {"x"}})
	b.post(manage+"/cancel", url.Values{})
	token := strings.TrimPrefix(manage, "/bookings/")
	if strings.Contains(log.String(), token) {
		t.Error("the access log holds a manage link's token")
	}
}

func TestBooking_NavigatorSeesBookOnBehalf(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{})
	nav, _ := s.as(model.RoleNavigator)
	nav.get("/sessions/"+m.PublicID).mustContain(t, "/desk/sessions/"+m.PublicID+"/book")
	s.get("/sessions/"+m.PublicID).mustNotContain(t, "/desk/sessions/")
}
