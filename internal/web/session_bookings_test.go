package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/internal/web"
)

// onlineParty is a booking a test makes online: who, how many, and whether
// they wait when it does not fit.
type onlineParty struct {
	name, email, phone string
	size               int
	children           *int
	wait               bool
}

// staffTestBooking makes p's booking on m online.
func staffTestBooking(t *testing.T, s *site, m model.Session, p onlineParty) store.BookingResult {
	t.Helper()
	_, hash := auth.NewToken()
	res, err := s.st.BookPlaces(t.Context(), store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: p.name, Email: p.email, Phone: p.phone, PartySize: p.size, Children: p.children, Waitlist: p.wait})
	if err != nil {
		t.Fatalf("book %s: %v", p.name, err)
	}
	return res
}

// bookingStatusOf returns the status of the booking ref on m.
func bookingStatusOf(t *testing.T, s *site, m model.Session, ref string) model.BookingStatus {
	t.Helper()
	list, err := s.st.SessionBookings(t.Context(), m.PublicID)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range list {
		if b.Reference == ref {
			return b.Status
		}
	}
	t.Fatalf("no booking %s", ref)
	return ""
}

func capacityPost(m model.Session, capacity, reserve string) url.Values {
	return url.Values{"capacity": {capacity}, "reserve": {reserve}, "version": {store.Version(m.UpdatedAt)}}
}

func TestSessionBookings_ListsBookingsTheWaitlistInOrderWalkInsAndCounts(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, staff := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Northfield Hub"})
	start := time.Now().Add(2 * time.Hour).Truncate(time.Minute)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Cook and eat", Venue: v, Start: start, Capacity: 6})
	none, one := 0, 1
	ann := staffTestBooking(t, s, m, onlineParty{name: "Ann Adams", email: "ann@example.org", phone: "+447700900123", size: 2, children: &none})
	bob := staffTestBooking(t, s, m, onlineParty{name: "Bob Brown", email: "bob@example.org", size: 3, children: &one})
	fay := staffTestBooking(t, s, m, onlineParty{name: "Fay Fox", email: "fay@example.org", size: 1})
	cat := staffTestBooking(t, s, m, onlineParty{name: "Cat Clark", email: "cat@example.org", size: 3, wait: true})
	dan := staffTestBooking(t, s, m, onlineParty{name: "Dan Dunn", email: "dan@example.org", size: 2, wait: true})
	if cat.Status != model.BookingWaitlisted || dan.Status != model.BookingWaitlisted {
		t.Fatalf("Cat %s, Dan %s: want both waiting", cat.Status, dan.Status)
	}
	// Fay's place frees one, too few for Cat or Dan: both keep waiting.
	if _, err := s.st.CancelBooking(t.Context(), model.Actor{}, store.BookingKey{Reference: fay.Reference}); err != nil {
		t.Fatal(err)
	}
	day := time.Date(start.In(s.loc).Year(), start.In(s.loc).Month(), start.In(s.loc).Day(), 0, 0, 0, 0, s.loc)
	if _, err := s.st.RecordWalkIns(t.Context(), model.Actor{ID: staff.ID, Name: staff.Name}, store.WalkIns{
		SessionPublicID: m.PublicID, Count: 1, Name: "Eve", Postcode: "EH8 7AB", DayStart: day, DayEnd: day.AddDate(0, 0, 1)}); err != nil {
		t.Fatal(err)
	}

	r := b.get("/staff/sessions/" + m.PublicID + "/bookings")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, "Bookings for Cook and eat", "Northfield Hub", start.In(s.loc).Format("15:04"),
		`<span class="hb-counts__figure">6 of 6</span> places booked`,
		`<span class="hb-counts__figure">0</span> places left`,
		`<span class="hb-counts__figure">5</span> people waiting`,
		`<span class="hb-counts__figure">1</span> person walked in`,
		`<span class="hb-counts__figure">1</span> cancellation`,
		"Ann Adams", "ann@example.org", "07700 900123", "2 adults", "2 adults, 1 child", "Online",
		`href="/desk/bookings/`+ann.Reference+`"`, `href="/desk/bookings/`+bob.Reference+`"`,
		"Eve", "EH8 7AB", staff.Name, "Show 1 cancelled booking", "Fay Fox")
	waiting := r.body[strings.Index(r.body, "<h2>Waiting list</h2>"):strings.Index(r.body, "<h2>Walk-ins</h2>")]
	if c, d := strings.Index(waiting, "Cat Clark"), strings.Index(waiting, "Dan Dunn"); c < 0 || d < 0 || c > d {
		t.Errorf("waiting list does not list Cat then Dan:\n%s", waiting)
	}
	if !strings.Contains(waiting, "<td>1</td>") || !strings.Contains(waiting, "<td>2</td>") {
		t.Error("waiting list is not numbered")
	}
	booked := r.body[strings.Index(r.body, "<h2>Bookings</h2>"):strings.Index(r.body, "<h2>Waiting list</h2>")]
	if strings.Contains(booked, "Cat Clark") || strings.Contains(booked, "Fay Fox") || strings.Contains(booked, "Eve") {
		t.Error("the bookings table lists someone waiting, cancelled or walked in")
	}
	if strings.Index(booked, "Ann Adams") > strings.Index(booked, "Bob Brown") {
		t.Error("bookings are not in the order made")
	}

	// Staff reach it from the list of sessions and from the session's form.
	link := `href="/staff/sessions/` + m.PublicID + `/bookings"`
	b.get("/staff/sessions").mustContain(t, link)
	b.get("/staff/sessions/"+m.PublicID).mustContain(t, link)
}

func TestSessionBookings_EmptySessionSaysSoAndProposalsAreNotFound(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleAdmin)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Chair yoga"})
	r := b.get("/staff/sessions/" + m.PublicID + "/bookings")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, "No bookings yet", "Nobody is waiting", "No walk-ins recorded yet", "No cancellations", `name="capacity" value="10"`)
	dropIn := testutil.CreateSession(t, s.st, testutil.Session{DropIn: true})
	d := b.get("/staff/sessions/" + dropIn.PublicID + "/bookings")
	d.mustContain(t, "People drop in to this session", "No walk-ins recorded yet")
	d.mustNotContain(t, `name="capacity"`)
	proposal := testutil.CreateSession(t, s.st, testutil.Session{Status: model.StatusProposed})
	for _, path := range []string{"/staff/sessions/" + proposal.PublicID + "/bookings", "/staff/sessions/abcdefghjkmn/bookings"} {
		if r := b.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, r.StatusCode)
		}
	}
	if r := b.post("/staff/sessions/"+proposal.PublicID+"/capacity", capacityPost(proposal, "12", "0")); r.StatusCode != http.StatusNotFound {
		t.Errorf("capacity of a proposal: status %d, want 404", r.StatusCode)
	}
}

func TestCapacity_RaisingItPromotesTheFirstWaitingPartyThatFits(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Money check", Capacity: 4})
	staffTestBooking(t, s, m, onlineParty{name: "Ann", email: "ann@example.org", size: 4})
	big := staffTestBooking(t, s, m, onlineParty{name: "Bob", email: "bob@example.org", size: 3, wait: true})
	small := staffTestBooking(t, s, m, onlineParty{name: "Cat", email: "cat@example.org", size: 2, wait: true})

	r := b.post("/staff/sessions/"+m.PublicID+"/capacity", capacityPost(m, "6", "0"))
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/staff/sessions/"+m.PublicID+"/bookings" {
		t.Fatalf("status %d, location %q\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	// Two places free: Bob's three do not fit, so Cat's two go in and Bob keeps his place in line.
	if got := bookingStatusOf(t, s, m, small.Reference); got != model.BookingConfirmed {
		t.Errorf("Cat: %s, want confirmed", got)
	}
	if got := bookingStatusOf(t, s, m, big.Reference); got != model.BookingWaitlisted {
		t.Errorf("Bob: %s, want still waiting", got)
	}
	page := b.get(r.Header.Get("Location"))
	page.mustContain(t, "The session now has 6 places, none held for walk-ins. 2 people moved off the waiting list and now have places.",
		"Moved up from the waiting list", `<span class="hb-counts__figure">6 of 6</span> places booked`)
	after, _ := s.st.Session(t.Context(), m.PublicID)
	if *after.Capacity != 6 || after.WaitlistLength != 3 {
		t.Errorf("capacity %d, waiting %d; want 6 and 3", *after.Capacity, after.WaitlistLength)
	}
	if got := strings.Join(auditActions(t, s, m.PublicID), " "); !strings.Contains(got, "session.capacity") {
		t.Errorf("audit %q has no capacity change", got)
	}
}

func TestCapacity_RefusesWhatCannotBeAndChangesNothing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Quiet room", Capacity: 12})
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Stress control", Venue: v, Space: &room, Capacity: 10})
	staffTestBooking(t, s, m, onlineParty{name: "Ann", email: "ann@example.org", size: 4})
	m, _ = s.st.Session(t.Context(), m.PublicID)
	for name, tc := range map[string]struct {
		capacity, reserve, message string
	}{
		"below the places booked": {"3", "0", "4 places are booked: enter 4 or more"},
		"none":                    {"0", "0", "Enter how many places, as a number from 1 to 10,000"},
		"not a number":            {"lots", "0", "Enter how many places, as a number from 1 to 10,000"},
		"more than the room":      {"13", "0", "Quiet room holds 12 people: enter 12 places or fewer"},
		"reserve above places":    {"8", "9", "Enter how many places to hold for walk-ins, as a number from 0 to 8"},
		"reserve not a number":    {"8", "some", "Enter how many places to hold for walk-ins as a number"},
	} {
		t.Run(name, func(t *testing.T) {
			r := b.post("/staff/sessions/"+m.PublicID+"/capacity", capacityPost(m, tc.capacity, tc.reserve))
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			r.mustContain(t, "There is a problem", tc.message, `name="capacity" value="`+tc.capacity+`"`, `name="reserve" value="`+tc.reserve+`"`)
		})
	}
	if after, _ := s.st.Session(t.Context(), m.PublicID); *after.Capacity != 10 || after.WalkInReserve != 0 {
		t.Errorf("capacity %d, reserve %d: changed by refused forms", *after.Capacity, after.WalkInReserve)
	}

	// Someone else changes the places after the page opened: a 409 that
	// says so, nothing overwritten, and the page carries the new version.
	stale := capacityPost(m, "11", "1")
	if _, err := s.st.SetCapacity(t.Context(), model.Actor{}, m.PublicID, store.Version(m.UpdatedAt), 9, 0); err != nil {
		t.Fatal(err)
	}
	r := b.post("/staff/sessions/"+m.PublicID+"/capacity", stale)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("stale version: status %d, want 409", r.StatusCode)
	}
	r.mustContain(t, "Someone else changed this session since you opened the page", `name="capacity" value="11"`, `<span class="hb-counts__figure">4 of 9</span>`)
	if after, _ := s.st.Session(t.Context(), m.PublicID); *after.Capacity != 9 {
		t.Errorf("capacity %d, want 9: the stale form overwrote it", *after.Capacity)
	}
	stale.Set("version", regexpValue(r.body, "version"))
	if r := b.post("/staff/sessions/"+m.PublicID+"/capacity", stale); r.StatusCode != http.StatusSeeOther {
		t.Errorf("saving again: status %d", r.StatusCode)
	}
	if after, _ := s.st.Session(t.Context(), m.PublicID); *after.Capacity != 11 || after.WalkInReserve != 1 {
		t.Errorf("capacity %d, reserve %d; want 11 and 1", *after.Capacity, after.WalkInReserve)
	}
}

func TestCapacity_DropInSaysToUseTheSessionForm(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	m := testutil.CreateSession(t, s.st, testutil.Session{DropIn: true})
	r := b.post("/staff/sessions/"+m.PublicID+"/capacity", capacityPost(m, "10", "0"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303", r.StatusCode)
	}
	b.get(r.Header.Get("Location")).mustContain(t, "change the session itself in its form")
	if after, _ := s.st.Session(t.Context(), m.PublicID); after.Capacity != nil || after.BookingRequired {
		t.Errorf("a drop-in got places: %+v", after)
	}
}

func TestReserve_SessionFormSavesItAndRefusesMoreThanThePlaces(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	form := sessionFormValues(s, v, s.tomorrowAt(10, 0))
	form.Set("reserve", "13")
	r := b.post("/staff/sessions", form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("reserve above the places: status %d, want 422", r.StatusCode)
	}
	r.mustContain(t, "Enter how many places to hold for walk-ins, as a number from 0 to 12", `name="reserve" value="13"`)
	if got := sessionsTitled(t, s, "Benefits check"); len(got) != 0 {
		t.Fatalf("%d sessions saved from an invalid form", len(got))
	}

	form.Set("reserve", "3")
	if r := b.post("/staff/sessions", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.StatusCode, r.body)
	}
	m := sessionsTitled(t, s, "Benefits check")[0]
	if m.WalkInReserve != 3 {
		t.Fatalf("reserve %d, want 3", m.WalkInReserve)
	}
	edit := b.get("/staff/sessions/" + m.PublicID)
	edit.mustContain(t, "Places held for walk-ins", `name="reserve" value="3"`)
	b.get("/staff/sessions/"+m.PublicID+"/duplicate").mustContain(t, `name="reserve" value="3"`)
	b.get("/staff/sessions/"+m.PublicID+"/bookings").mustContain(t, `<span class="hb-counts__figure">3</span> held for walk-ins`,
		"9 of them online", `name="reserve" value="3"`)

	// Fewer places than the reserve is refused; a drop-in holds none.
	e := editForm(s, m)
	e.Set("reserve", "3")
	e.Set("capacity", "2")
	if r := b.post("/staff/sessions/"+m.PublicID, e); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("places below the reserve: status %d, want 422", r.StatusCode)
	}
	e.Set("booking", "drop-in")
	e.Set("capacity", "")
	if r := b.post("/staff/sessions/"+m.PublicID, e); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("to a drop-in: status %d\n%s", r.StatusCode, r.body)
	}
	if after, _ := s.st.Session(t.Context(), m.PublicID); after.WalkInReserve != 0 || after.BookingRequired {
		t.Errorf("drop-in keeps reserve %d", after.WalkInReserve)
	}
}

// A partner's form does not ask for the reserve, and a proposal keeps what
// staff set.
func TestReserve_PartnerProposalKeepsWhatStaffSet(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	pb, pu := s.as(model.RolePartner)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Their proposal", Partner: &model.Partner{ID: *pu.PartnerID},
		Status: model.StatusProposed, Capacity: 10, Reserve: 2, Start: s.tomorrowAt(10, 0)})
	page := pb.get("/partner/sessions/" + m.PublicID)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("status %d", page.StatusCode)
	}
	page.mustNotContain(t, `name="reserve"`)
	form := editForm(s, m)
	form.Set("title", "Their proposal, changed")
	if r := pb.post("/partner/sessions/"+m.PublicID, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.StatusCode, r.body)
	}
	if after, _ := s.st.Session(t.Context(), m.PublicID); after.Title != "Their proposal, changed" || after.WalkInReserve != 2 {
		t.Errorf("title %q, reserve %d; want changed and 2", after.Title, after.WalkInReserve)
	}
}

func TestReserve_HintSaysWhenTheReserveOpens(t *testing.T) {
	t.Parallel()
	for opens, want := range map[time.Duration]string{
		0: "right up to the start", 2 * time.Hour: "until 2 hours before the start", 90 * time.Minute: "until 1 hour 30 minutes before the start",
	} {
		t.Run(strconv.Itoa(int(opens.Minutes())), func(t *testing.T) {
			s := newSite(t, func(d *web.Deps) { d.Booking.ReserveOpens = opens })
			b, _ := s.as(model.RoleStaff)
			b.get("/staff/sessions/new").mustContain(t, want)
		})
	}
}
