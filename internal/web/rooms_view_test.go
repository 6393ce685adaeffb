package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// bookSpace books sp for by, failing the test if the store refuses.
func (s *site) bookSpace(by model.User, sp model.Space, partner *model.Partner, purpose string, start time.Time, length time.Duration, status model.SpaceBookingStatus) model.SpaceBooking {
	s.t.Helper()
	r := store.SpaceBookingRequest{SpaceID: sp.ID, Purpose: purpose, StartsAt: start, EndsAt: start.Add(length), Status: status}
	if partner != nil {
		r.PartnerID = &partner.ID
	}
	b, err := s.st.BookSpace(context.Background(), model.Actor{ID: by.ID, Name: by.Name}, r)
	if err != nil {
		s.t.Fatalf("book %s: %v", sp.Name, err)
	}
	return b
}

// roomSection is the part of a day view's list, or of the day of a week
// view, that begins with heading, up to the end of its section.
func roomSection(t *testing.T, body, heading string) string {
	t.Helper()
	i := strings.Index(body, heading)
	if i < 0 {
		t.Fatalf("no %q on the page", heading)
	}
	start := strings.LastIndex(body[:i], "<section")
	end := strings.Index(body[i:], "</section>")
	if start < 0 || end < 0 {
		t.Fatalf("%q is not in a section", heading)
	}
	return body[start : i+end]
}

func TestRoomsDay_ShowsSessionsStaffAndPartnerBookingsInTheirSpacesAtTheirTimes(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central", Name: "Central Library"})
	green := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "green", Name: "Green room"})
	blue := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "blue", Name: "Blue room"})
	p := testutil.CreatePartner(t, s.st, model.Partner{Name: "Welfare Rights"})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Job club", Venue: v, Space: &green, Start: s.tomorrowAt(10, 0), Length: 90 * time.Minute})
	b, staff := s.as(model.RoleStaff)
	colleague := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	s.bookSpace(staff, blue, nil, "Staff training", s.tomorrowAt(13, 0), time.Hour, "")
	s.bookSpace(colleague, green, &p, "Benefits surgery", s.tomorrowAt(15, 0), time.Hour, model.SpaceRequested)

	date := s.tomorrowAt(0, 0).Format(time.DateOnly)
	r := b.get("/rooms/central?date=" + date)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, "Rooms on "+s.tomorrowAt(0, 0).Format("Monday 2 January"), `class="hb-roomday"`,
		`href="/rooms/central/green?week=`+date+`"`, `href="/rooms/central/blue/book?date=`+date+`"`)
	greenList := roomSection(t, r.body, `hb-roomlist__space">Green room`)
	for _, want := range []string{"10:00 to 11:30", "Job club", "(session)", "15:00 to 16:00", "Benefits surgery", "Welfare Rights", "waiting for approval"} {
		if !strings.Contains(greenList, want) {
			t.Errorf("Green room's list lacks %q", want)
		}
	}
	if strings.Contains(greenList, "Staff training") || strings.Contains(greenList, "Yours") {
		t.Error("Green room's list shows the Blue room's booking, or marks a colleague's as the viewer's")
	}
	blueList := roomSection(t, r.body, `hb-roomlist__space">Blue room`)
	for _, want := range []string{"13:00 to 14:00", "Staff training", "Yours"} {
		if !strings.Contains(blueList, want) {
			t.Errorf("Blue room's list lacks %q", want)
		}
	}
	// The grid: the session spans 10:00 to 11:30, three half-hour columns.
	if !strings.Contains(r.body, `colspan="3" class="hb-roomday__taken"`) {
		t.Error("the session's block does not span three half-hour columns")
	}
}

func TestRoomsDay_PartnersSeeOthersBookingsOnlyAsBookedAndTheirOwnMarked(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "hub", Name: "Community Hub"})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "room-1", Name: "Room 1"})
	other := testutil.CreatePartner(t, s.st, model.Partner{Name: "Other Charity"})
	own := testutil.CreatePartner(t, s.st, model.Partner{Name: "Our Charity"})
	partnerUser := testutil.CreateUser(t, s.st, model.User{Role: model.RolePartner, PartnerID: &own.ID})
	partnerBrowser := s.browser().signIn(partnerUser)
	staff := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	s.bookSpace(staff, room, &other, "Private counselling", s.tomorrowAt(10, 0), time.Hour, "")
	s.bookSpace(partnerUser, room, &own, "Benefits surgery", s.tomorrowAt(12, 0), time.Hour, "")
	path := "/rooms/hub?date=" + s.tomorrowAt(0, 0).Format(time.DateOnly)

	r := partnerBrowser.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("partner: status %d", r.StatusCode)
	}
	r.mustContain(t, "10:00 to 11:00, Booked", "Benefits surgery")
	r.mustNotContain(t, "Private counselling", "Other Charity")
	if !strings.Contains(r.body, `<strong class="hb-roomblock__tag">Yours</strong> 12:00 to 13:00, `) {
		t.Error("the partner's own booking is not marked Yours in the list")
	}
	if strings.Contains(r.body, `<strong class="hb-roomblock__tag">Yours</strong> 10:00`) {
		t.Error("another partner's booking is marked as the partner's own")
	}

	navigator, _ := s.as(model.RoleNavigator)
	n := navigator.get(path)
	n.mustContain(t, "Private counselling", "Other Charity", "Benefits surgery")
	n.mustNotContain(t, "hb-roomlist__item--own", "Book this space")
}

func TestRoomsWeek_AZoneShowsItsRoomsBookingsAsTheRooms(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central", Name: "Central Library"})
	hall := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "hall", Name: "Hall"})
	testutil.CreateSpace(t, s.st, v, model.Space{Slug: "stage", Name: "Stage end", Kind: model.SpaceZone, ParentID: &hall.ID})
	elsewhere := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "office", Name: "Office"})
	staff := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	s.bookSpace(staff, hall, nil, "Whole hall ceilidh", s.tomorrowAt(18, 0), 3*time.Hour, "")
	s.bookSpace(staff, elsewhere, nil, "Office move", s.tomorrowAt(9, 0), time.Hour, "")
	b, _ := s.as(model.RoleNavigator)

	tomorrow := s.tomorrowAt(0, 0)
	r := b.get("/rooms/central/stage?week=" + tomorrow.Format(time.DateOnly))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	day := roomSection(t, r.body, `hb-roomweek__title"><a href="/rooms/central?date=`+tomorrow.Format(time.DateOnly))
	for _, want := range []string{"18:00 to 21:00", "Whole hall ceilidh", "Booking of Hall, which takes in Stage end"} {
		if !strings.Contains(day, want) {
			t.Errorf("the zone's day lacks %q", want)
		}
	}
	r.mustNotContain(t, "Office move")
	if n := strings.Count(r.body, `class="hb-roomweek__day"`); n != 7 {
		t.Errorf("%d days, want 7", n)
	}
	// The room's own week shows the booking as its own, without a note.
	s2 := b.get("/rooms/central/hall?week=" + tomorrow.Format(time.DateOnly))
	s2.mustContain(t, "Whole hall ceilidh")
	s2.mustNotContain(t, "which takes in")

	// The day view lists the hall's booking under the zone too.
	d := b.get("/rooms/central?date=" + tomorrow.Format(time.DateOnly))
	zone := roomSection(t, d.body, `hb-roomlist__space">Stage end`)
	if !strings.Contains(zone, "Whole hall ceilidh") || !strings.Contains(zone, "Booking of Hall, which takes in Stage end") {
		t.Error("the zone's day does not show its room's booking")
	}

	// And a zone's booking under its room: the room is not free as a whole.
	stage, _, err := s.st.SpaceForEdit(t.Context(), "stage")
	if err != nil {
		t.Fatal(err)
	}
	s.bookSpace(staff, stage, nil, "Rehearsal on the stage", s.tomorrowAt(10, 0), time.Hour, "")
	d = b.get("/rooms/central?date=" + tomorrow.Format(time.DateOnly))
	room := roomSection(t, d.body, `hb-roomlist__space">Hall`)
	if !strings.Contains(room, "Rehearsal on the stage") || !strings.Contains(room, "Booking of Stage end, part of Hall") {
		t.Error("the room's day does not show its zone's booking")
	}

	other := testutil.CreateVenue(t, s.st, model.Venue{Slug: "hub"})
	testutil.CreateSpace(t, s.st, other, model.Space{Slug: "hub-room"})
	for _, path := range []string{"/rooms/central/hub-room", "/rooms/central/nowhere", "/rooms/nowhere", "/rooms/nowhere/stage"} {
		if got := b.get(path); got.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, got.StatusCode)
		}
	}
}

func TestRoomsDay_BadDateShowsTodayWithANote(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central"})
	testutil.CreateSpace(t, s.st, v, model.Space{Slug: "room"})
	b, _ := s.as(model.RoleStaff)
	r := b.get("/rooms/central?date=31-02-2026")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", r.StatusCode)
	}
	r.mustContain(t, "&#34;31-02-2026&#34; is not a date, so this shows today",
		"Rooms on "+time.Now().In(s.loc).Format("Monday 2 January"))
	b.get("/rooms/central?date=").mustNotContain(t, "is not a date")
	monday := time.Now().In(s.loc)
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	w := b.get("/rooms/central/room?week=soon")
	if w.StatusCode != http.StatusOK {
		t.Fatalf("week: status %d, want 200", w.StatusCode)
	}
	w.mustContain(t, "&#34;soon&#34; is not a date, so this shows this week", "week of "+monday.Format("Monday 2 January"))
}

func TestRoomsHome_ListsVenuesWithTodaysDayView(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	testutil.CreateVenue(t, s.st, model.Venue{Slug: "central", Name: "Central Library"})
	b, _ := s.as(model.RolePartner)
	r := b.get("/rooms")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, `href="/rooms/central?date=`+time.Now().In(s.loc).Format(time.DateOnly)+`">Central Library</a>`, `href="/rooms/find"`)
}

func TestRoomsDay_EscapesWhatPeopleTyped(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central"})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "room", Name: `<script>alert("room")</script>`})
	staff := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	s.bookSpace(staff, room, nil, `<script>alert("x")</script>`, s.tomorrowAt(10, 0), time.Hour, "")
	b, _ := s.as(model.RoleStaff)
	date := s.tomorrowAt(0, 0).Format(time.DateOnly)
	for _, path := range []string{"/rooms/central?date=" + date, "/rooms/central/room?week=" + date} {
		r := b.get(path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, r.StatusCode)
		}
		if strings.Contains(r.body, "<script>") {
			t.Errorf("%s: a typed <script> reached the page unescaped", path)
		}
		r.mustContain(t, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
	}
}
