package web_test

import (
	"errors"
	"html/template"
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

// deskRefPattern finds a booking reference in a redirect or a page.
var deskRefPattern = regexp.MustCompile(`HB-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4,8}`)

// deskBookForm opens the desk's booking form for m and returns its values
// (the form's token) with fields set over them.
func deskBookForm(t *testing.T, b *browser, m model.Session, fields map[string]string) url.Values {
	t.Helper()
	r := b.get("/desk/sessions/" + m.PublicID + "/book")
	r.mustStatus(t, http.StatusOK)
	token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(r.body)
	if token == nil {
		t.Fatalf("the booking form has no token:\n%.3000s", r.body)
	}
	form := url.Values{"token": {token[1]}, "adults": {"1"}, "children": {"0"}}
	for k, v := range fields {
		form.Set(k, v)
	}
	return form
}

// deskBookAs books m from the desk with form and returns the reference
// the navigator is sent to.
func deskBookAs(t *testing.T, b *browser, m model.Session, form url.Values) string {
	t.Helper()
	r := b.post("/desk/sessions/"+m.PublicID+"/book", form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/desk/bookings/HB-") {
		t.Fatalf("book: status %d to %q, want 303 to /desk/bookings/HB-…\n%.3000s", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	ref := deskRefPattern.FindString(r.Header.Get("Location"))
	if want := "/desk/bookings/" + ref + "?new=1"; r.Header.Get("Location") != want {
		t.Errorf("redirect to %q, want %q", r.Header.Get("Location"), want)
	}
	return ref
}

// deskOnline books party places on m as a citizen would online, through
// the store, and returns the reference.
func deskOnline(t *testing.T, s *site, m model.Session, name, phone string, party int, waitlist bool) string {
	t.Helper()
	_, hash := auth.NewToken()
	res, err := s.st.BookPlaces(t.Context(), store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: name, Phone: phone, PartySize: party, Waitlist: waitlist})
	if err != nil {
		t.Fatalf("book %d online for %s: %v", party, name, err)
	}
	return res.Reference
}

// deskPlacesBooked is m's confirmed places as the database has them.
func deskPlacesBooked(t *testing.T, s *site, m model.Session) int {
	t.Helper()
	now, err := s.st.Session(t.Context(), m.PublicID)
	if err != nil {
		t.Fatal(err)
	}
	return now.PlacesBooked
}

func deskBooking(t *testing.T, s *site, ref string) model.Booking {
	t.Helper()
	b, err := s.st.Booking(t.Context(), store.BookingKey{Reference: ref})
	if err != nil {
		t.Fatalf("booking %s: %v", ref, err)
	}
	return b
}

func TestDesk_NavigatorBooksOnSomeonesBehalfWithANameOnly(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, nav := s.as(model.RoleNavigator)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Northfield Hub", Address: "12 Northfield Road\nEdinburgh", Postcode: "EH8 7AB", Phone: "0131 496 0123"})
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Money check", Venue: v, Start: s.tomorrowAt(10, 0), Capacity: 10})

	b.get("/desk/sessions/"+m.PublicID+"/book").mustContain(t, "Money check", "10 places left", `name="name"`, "Postcode (optional)",
		"whether the session reaches the neighbourhood it is for")
	form := deskBookForm(t, b, m, map[string]string{"name": "Morag", "adults": "2", "children": "1"})
	ref := deskBookAs(t, b, m, form)

	page := b.get("/desk/bookings/" + ref + "?new=1")
	page.mustStatus(t, http.StatusOK)
	page.mustContain(t, ref, "Morag is booked", "3 people (2 adults, 1 child)", "Confirmed", nav.Name, "At the desk or by phone",
		"Money check", "Booked for 3 people", `href="/desk/bookings/`+ref+`/slip"`)
	if n := deskPlacesBooked(t, s, m); n != 3 {
		t.Errorf("%d places booked, want 3", n)
	}
	s.get("/sessions/"+m.PublicID).mustContain(t, "7 places left")
	var row struct {
		Source    string `db:"source"`
		CreatedBy *int64 `db:"created_by"`
	}
	if err := s.db.Get(&row, `SELECT source, created_by FROM bookings WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	if row.Source != "navigator" || row.CreatedBy == nil || *row.CreatedBy != nav.ID {
		t.Errorf("booking source %q, created by %v; want navigator by %d", row.Source, row.CreatedBy, nav.ID)
	}
	if got := auditActions(t, s, ref); len(got) != 1 || got[0] != "booking.create" {
		t.Errorf("audit %v, want [booking.create]", got)
	}

	// The same form sent again (a double click) lands on the same booking.
	if again := deskBookAs(t, b, m, form); again != ref {
		t.Errorf("the form sent twice made %s as well as %s", again, ref)
	}
	if n := deskPlacesBooked(t, s, m); n != 3 {
		t.Errorf("after sending the form twice, %d places booked, want 3", n)
	}

	slip := b.get("/desk/bookings/" + ref + "/slip")
	slip.mustStatus(t, http.StatusOK)
	slip.mustContain(t, ref, "Morag", "Money check", m.StartsAt.In(s.loc).Format("Monday 2 January"), "10:00 to 11:00",
		"Northfield Hub", "12 Northfield Road", "EH8 7AB", "3 people", "0131 496 0123",
		"To change or cancel, call 0131 496 0123 or visit the desk with your reference", `media="print"`)

	b.get("/desk/bookings/HB-2222222").mustStatus(t, http.StatusNotFound)
	b.get("/desk/bookings/not-a-reference").mustStatus(t, http.StatusNotFound)
}

func TestDesk_APhoneAlreadyBookedIsTurnedAwayWithALinkToItsBooking(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleNavigator)
	m := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(10, 0)})
	first := deskOnline(t, s, m, "Morag Campbell", "+447911123456", 1, false)

	form := deskBookForm(t, b, m, map[string]string{"name": "Morag", "phone": "07911 123456"})
	r := b.post("/desk/sessions/"+m.PublicID+"/book", form)
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "already has a booking on this session", `href="/desk/bookings/`+first+`"`,
		`href="/desk?q=07911&#43;123456"`, `value="Morag"`, `value="07911 123456"`)
}

func TestDesk_BookingFormSaysWhatIsWrongAndKeepsTheTyping(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleNavigator)
	m := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(10, 0)})
	for name, tc := range map[string]struct {
		fields  map[string]string
		message string
	}{
		"no name":            {map[string]string{"name": ""}, "Enter the person&#39;s name"},
		"nobody coming":      {map[string]string{"adults": "0", "children": "0"}, "Book at least 1 place"},
		"500 people":         {map[string]string{"adults": "500"}, "One booking holds up to 20 people"},
		"email without @":    {map[string]string{"email": "morag.example.org"}, "Enter an email address like name@example.com"},
		"phone with letters": {map[string]string{"phone": "0131 FOUR NINE"}, "Enter a phone number like 07123 456789"},
		"postcode not in UK": {map[string]string{"postcode": "90210"}, "Enter a postcode like EH1 1EG"},
		"reminders no email": {map[string]string{"reminders": "yes"}, "Reminders are sent by email"},
	} {
		t.Run(name, func(t *testing.T) {
			fields := map[string]string{"name": "Morag <Campbell>", "access_needs": "Needs a ramp & a chair"}
			for k, v := range tc.fields {
				fields[k] = v
			}
			r := b.post("/desk/sessions/"+m.PublicID+"/book", deskBookForm(t, b, m, fields))
			r.mustStatus(t, http.StatusUnprocessableEntity)
			r.mustContain(t, "There is a problem", tc.message, "Needs a ramp &amp; a chair")
			for k, v := range fields {
				if k != "access_needs" && k != "reminders" {
					r.mustContain(t, `value="`+template.HTMLEscapeString(v)+`"`)
				}
			}
		})
	}
	if n := deskPlacesBooked(t, s, m); n != 0 {
		t.Errorf("%d places booked by invalid forms", n)
	}
}

func TestDesk_NavigatorsMayUseTheWalkInReserveThatOnlineBookingCannot(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleNavigator)
	m := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(10, 0), Capacity: 4, Reserve: 2})
	deskOnline(t, s, m, "Ann", "+447911000001", 2, false)
	_, hash := auth.NewToken()
	_, err := s.st.BookPlaces(t.Context(), store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: "Bob", Phone: "+447911000002", PartySize: 1})
	if short, ok := errors.AsType[*model.NotEnoughPlacesError](err); !ok || short.Left != 0 {
		t.Fatalf("online booking into the reserve: %v, want no places left", err)
	}

	b.get("/desk/sessions/"+m.PublicID+"/book").mustContain(t, "2 places left, all of them held back for walk-ins, which you may use")
	deskBookAs(t, b, m, deskBookForm(t, b, m, map[string]string{"name": "Catriona", "adults": "2"}))
	if n := deskPlacesBooked(t, s, m); n != 4 {
		t.Errorf("%d places booked, want all 4", n)
	}
	r := b.post("/desk/sessions/"+m.PublicID+"/book", deskBookForm(t, b, m, map[string]string{"name": "Dougie"}))
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "There are no places left", `name="want" value="waitlist"`, "Add them to the waitlist", `value="Dougie"`)
	form := deskBookForm(t, b, m, map[string]string{"name": "Dougie", "want": "waitlist"})
	ref := deskBookAs(t, b, m, form)
	b.get("/desk/bookings/"+ref+"?new=1").mustContain(t, "Dougie is on the waiting list", "On the waiting list")
}

func TestDesk_BookFormExplainsWhenASessionCannotBeBooked(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleNavigator)
	dropIn := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(10, 0), DropIn: true})
	cancelled := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(10, 0), Status: model.StatusCancelled})
	started := testutil.CreateSession(t, s.st, testutil.Session{Start: time.Now().Add(-10 * time.Minute)})
	for _, tc := range []struct {
		m    model.Session
		want string
	}{{dropIn, "drop-in session"}, {cancelled, "This session is cancelled"}, {started, "This session has started"}} {
		r := b.get("/desk/sessions/" + tc.m.PublicID + "/book")
		r.mustStatus(t, http.StatusOK)
		r.mustContain(t, tc.want)
		r.mustNotContain(t, `name="token"`)
	}
	r := b.post("/desk/sessions/"+cancelled.PublicID+"/book", url.Values{"name": {"Morag"}, "adults": {"1"}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "This session is cancelled")
	b.get("/desk/sessions/abcdefghjkmn/book").mustStatus(t, http.StatusNotFound)
}

func TestDesk_FindsBookingsByReferencePhoneOrPartOfAName(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleNavigator)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Stress control", Start: s.tomorrowAt(18, 0)})
	morag := deskOnline(t, s, m, "Morag Campbell", "+447911123456", 2, false)
	deskOnline(t, s, m, "Angus Reid", "+447700900321", 1, false)

	for _, q := range []string{morag, strings.ToLower(morag), strings.TrimPrefix(morag, "HB-"), " " + strings.ToLower(strings.TrimPrefix(morag, "HB-")) + " ",
		"07911 123456", "+447911123456", "07911123456", "campb", "MORAG"} {
		t.Run(q, func(t *testing.T) {
			r := b.get("/desk?q=" + url.QueryEscape(q))
			r.mustStatus(t, http.StatusOK)
			r.mustContain(t, "1 booking matches", `href="/desk/bookings/`+morag+`"`, "Morag Campbell", "07911 123456", "2 people", "Confirmed", "Stress control")
			r.mustNotContain(t, "Angus Reid")
		})
	}
	// A number in a range libphonenumber calls invalid (the demo data's) is still found.
	angus := b.get("/desk?q=" + url.QueryEscape("07700 900321"))
	angus.mustContain(t, "1 booking matches", "Angus Reid")
	angus.mustNotContain(t, "Morag Campbell")
	b.get("/desk?q=nobody+here").mustContain(t, "No booking matches &ldquo;nobody here&rdquo;")
	b.get("/desk?q=").mustContain(t, "Type a booking reference, a name or a phone number")
	b.get("/desk?q=%25").mustContain(t, "No booking matches")
	b.get("/desk").mustNotContain(t, "No booking matches", "Type a booking reference")
}

func TestDesk_CancelFreesThePlacesForTheFirstOnTheWaitingList(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, nav := s.as(model.RoleNavigator)
	m := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(10, 0), Capacity: 2})
	first := deskOnline(t, s, m, "Ann", "+447911000001", 2, false)
	waiting := deskOnline(t, s, m, "Bob", "+447911000002", 1, true)
	if st := deskBooking(t, s, waiting).Status; st != model.BookingWaitlisted {
		t.Fatalf("second booking is %s, want waitlisted", st)
	}

	b.get("/desk/bookings/"+first).mustContain(t, "Cancel this booking", "ds_button--secondary")
	b.post("/desk/bookings/"+first+"/cancel", url.Values{}).mustRedirect(t, "/desk/bookings/"+first)
	page := b.get("/desk/bookings/" + first)
	page.mustContain(t, "Booking "+first+" cancelled.", "Cancelled", nav.Name)
	page.mustNotContain(t, "Cancel this booking")
	if st := deskBooking(t, s, waiting).Status; st != model.BookingConfirmed {
		t.Errorf("the waiting party is %s, want confirmed", st)
	}
	if n := deskPlacesBooked(t, s, m); n != 1 {
		t.Errorf("%d places booked, want 1 (the promoted party)", n)
	}
	b.get("/desk/bookings/"+waiting).mustContain(t, "Given places from the waiting list", "Automatically, when places came free")

	b.post("/desk/bookings/"+first+"/cancel", url.Values{}).mustRedirect(t, "/desk/bookings/"+first)
	b.get("/desk/bookings/"+first).mustContain(t, "Booking "+first+" was already cancelled.")
	r := b.post("/desk/bookings/"+first+"/party", url.Values{"adults": {"1"}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "This booking is cancelled, so its party cannot change.")
	if got := auditActions(t, s, first); len(got) != 1 || got[0] != "booking.cancel" {
		t.Errorf("audit %v, want one booking.cancel", got)
	}
}

func TestDesk_PartyChangesUpToThePlacesLeft(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleNavigator)
	m := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(10, 0), Capacity: 5})
	ref := deskOnline(t, s, m, "Ann", "+447911000001", 2, false)
	deskOnline(t, s, m, "Bob", "+447911000002", 2, false)

	r := b.post("/desk/bookings/"+ref+"/party", url.Values{"adults": {"4"}, "children": {"0"}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Only 1 place left on this session")
	if got := deskBooking(t, s, ref).PartySize; got != 2 {
		t.Errorf("party %d after a refused change, want 2", got)
	}

	r = b.post("/desk/bookings/"+ref+"/party", url.Values{"adults": {"two"}, "children": {"0"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter how many adults are coming, as a number like 1", `value="two"`)

	b.post("/desk/bookings/"+ref+"/party", url.Values{"adults": {"2"}, "children": {"1"}}).mustRedirect(t, "/desk/bookings/"+ref)
	b.get("/desk/bookings/"+ref).mustContain(t, "Party changed to 3 people (2 adults, 1 child).", "Party changed to 3 people")
	if n := deskPlacesBooked(t, s, m); n != 5 {
		t.Errorf("%d places booked, want 5", n)
	}
	b.post("/desk/bookings/"+ref+"/party", url.Values{"adults": {"1"}, "children": {"0"}}).mustRedirect(t, "/desk/bookings/"+ref)
	if n := deskPlacesBooked(t, s, m); n != 3 {
		t.Errorf("after making the party smaller, %d places booked, want 3", n)
	}
	if got := auditActions(t, s, ref); len(got) != 2 || got[0] != "booking.change" {
		t.Errorf("audit %v, want two booking.change", got)
	}
}

func TestWalkIns_RecordedOnTheDayWithinThePlacesLeft(t *testing.T) {
	t.Parallel()
	loc := testutil.London(t)
	now := time.Date(2027, 6, 9, 9, 30, 0, 0, loc)
	s := newSite(t, withNow(now))
	b, _ := s.as(model.RoleNavigator)
	today := testutil.CreateSession(t, s.st, testutil.Session{Title: "Job club", Start: time.Date(2027, 6, 9, 14, 0, 0, 0, loc), Capacity: 10})
	started := testutil.CreateSession(t, s.st, testutil.Session{Title: "Coffee morning", Start: time.Date(2027, 6, 9, 9, 0, 0, 0, loc)})
	tomorrow := testutil.CreateSession(t, s.st, testutil.Session{Title: "Bookbug", Start: time.Date(2027, 6, 10, 10, 0, 0, 0, loc)})
	path := "/desk/sessions/" + today.PublicID + "/walk-ins"

	desk := b.get("/desk")
	desk.mustContain(t, "Job club", `href="`+path+`"`, `href="/desk/sessions/`+today.PublicID+`/book"`,
		"Coffee morning", `href="/desk/sessions/`+started.PublicID+`/walk-ins"`)
	desk.mustNotContain(t, "Bookbug", `href="/desk/sessions/`+started.PublicID+`/book"`)

	b.get(path).mustContain(t, "Walk-ins so far", "10 places left", `name="count"`)
	b.post(path, url.Values{"count": {"3"}}).mustRedirect(t, path)
	page := b.get(path)
	page.mustContain(t, "3 walk-ins recorded", "7 places left")
	if n := deskPlacesBooked(t, s, today); n != 3 {
		t.Errorf("%d places taken, want 3", n)
	}

	r := b.post(path, url.Values{"count": {"8"}, "name": {"Morag"}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Only 7 places left", `value="8"`, `value="Morag"`)
	if n := deskPlacesBooked(t, s, today); n != 3 {
		t.Errorf("after a refused record, %d places taken, want 3", n)
	}

	for count, message := range map[string]string{"0": "Enter how many people walked in", "": "Enter how many people walked in", "101": "a number from 1 to 100"} {
		r := b.post(path, url.Values{"count": {count}, "postcode": {"eh11eg"}})
		r.mustStatus(t, http.StatusUnprocessableEntity)
		r.mustContain(t, message, `value="eh11eg"`)
	}
	r = b.post(path, url.Values{"count": {"1"}, "postcode": {"90210"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter a postcode like EH1 1EG")

	// Walk-ins are a count, not bookings to find or manage.
	b.post(path, url.Values{"count": {"1"}, "name": {"Morag"}, "postcode": {"eh11eg"}}).mustRedirect(t, path)
	b.get(path).mustContain(t, "1 walk-in recorded", "6 places left")
	b.get("/desk?q=Morag").mustContain(t, "No booking matches")
	var audits int
	if err := s.db.Get(&audits, `SELECT count(*) FROM audit_log WHERE action = 'booking.walk_in'`); err != nil || audits != 2 {
		t.Errorf("%d booking.walk_in audit entries (%v), want 2", audits, err)
	}

	// A record typed wrongly is removed from the walk-ins page, freeing its places.
	var ref string
	if err := s.db.Get(&ref, `SELECT reference FROM bookings WHERE source = 'walk_in' AND party_size = 3`); err != nil {
		t.Fatal(err)
	}
	b.get(path).mustContain(t, "Recorded so far", `action="/desk/bookings/`+ref+`/cancel"`)
	b.post("/desk/bookings/"+ref+"/cancel", url.Values{}).mustRedirect(t, path)
	b.get(path).mustContain(t, "The record of 3 walk-ins is removed.", "9 places left")
	if n := deskPlacesBooked(t, s, today); n != 1 {
		t.Errorf("after removing the record of 3, %d places taken, want 1", n)
	}
	b.get("/desk/bookings/"+ref).mustStatus(t, http.StatusNotFound)

	other := "/desk/sessions/" + tomorrow.PublicID + "/walk-ins"
	g := b.get(other)
	g.mustStatus(t, http.StatusOK)
	g.mustContain(t, "Walk-ins are recorded on the day of the session")
	g.mustNotContain(t, `name="count"`)
	r = b.post(other, url.Values{"count": {"2"}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Walk-ins are recorded on the day of the session")
	if n := deskPlacesBooked(t, s, tomorrow); n != 0 {
		t.Errorf("%d places taken on tomorrow's session", n)
	}

	// Once the register is closed, the desk records no more walk-ins either.
	staff, _ := s.as(model.RoleStaff)
	staff.post("/registers/"+started.PublicID+"/close", url.Values{}).mustStatus(t, http.StatusSeeOther)
	closed := "/desk/sessions/" + started.PublicID + "/walk-ins"
	r = b.post(closed, url.Values{"count": {"2"}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "The register of this session is closed", `value="2"`)
	if n := deskPlacesBooked(t, s, started); n != 0 {
		t.Errorf("%d places taken after the register closed", n)
	}
}

func TestDesk_FormSentAgainAfterTheStartFindsItsBooking(t *testing.T) {
	t.Parallel()
	clock := &movableClock{now: time.Now()}
	s := newSite(t, withMovableClock(clock))
	b, _ := s.as(model.RoleNavigator)
	m := testutil.CreateSession(t, s.st, testutil.Session{Start: clock.Now().Add(time.Hour).Truncate(time.Minute)})
	form := deskBookForm(t, b, m, map[string]string{"name": "Morag"})
	ref := deskBookAs(t, b, m, form)
	clock.advance(2 * time.Hour) // the session has started
	if again := deskBookAs(t, b, m, form); again != ref {
		t.Errorf("sent again after the start: %s, want the booking it made, %s", again, ref)
	}
}

// The desk lists the last week's sessions with their registers, so that a
// register kept on paper can be typed in afterwards; older ones are not.
func TestDesk_ListsTheLastWeeksRegistersForPaperOnes(t *testing.T) {
	t.Parallel()
	loc := testutil.London(t)
	s := newSite(t, withNow(time.Date(2027, 6, 9, 9, 30, 0, 0, loc)))
	b, _ := s.as(model.RoleNavigator)
	recent := testutil.CreateSession(t, s.st, testutil.Session{Title: "Money check", Start: time.Date(2027, 6, 5, 10, 0, 0, 0, loc)})
	old := testutil.CreateSession(t, s.st, testutil.Session{Title: "Old job club", Start: time.Date(2027, 5, 30, 10, 0, 0, 0, loc)})
	desk := b.get("/desk")
	desk.mustContain(t, "Registers of the last 7 days", "Money check", `href="/registers/`+recent.PublicID+`/paper"`)
	desk.mustNotContain(t, "Old job club", old.PublicID)
	b.get("/registers/"+recent.PublicID+"/paper").mustStatus(t, http.StatusOK)
}
