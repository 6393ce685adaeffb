package web_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

func TestSessionForms_AMoveOntoABookedSpaceNamesTheClashAndKeepsTheForm(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	a := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Room A"})
	busy := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Room B"})
	start := s.tomorrowAt(10, 0).AddDate(0, 0, 2)
	other := testutil.CreatePartner(t, s.st, model.Partner{Name: "Money Matters"})
	if _, err := s.st.BookSpace(t.Context(), model.Actor{}, store.SpaceBookingRequest{SpaceID: busy.ID, PartnerID: &other.ID,
		Purpose: "Confidential case review", StartsAt: start, EndsAt: start.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Job club", Venue: v, Space: &a, Start: start})

	form := editForm(s, m)
	form.Set("space", strconv.FormatInt(busy.ID, 10))
	form.Set("title", "Job club, moved")
	r := b.post("/staff/sessions/"+m.PublicID, form)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("moving onto a booked room: status %d", r.StatusCode)
	}
	r.mustContain(t, "Room B is already booked at that time: Confidential case review (Money Matters)", `value="Job club, moved"`)
	if after, _ := s.st.Session(t.Context(), m.PublicID); after.Space == nil || after.Space.ID != a.ID || after.Title != "Job club" {
		t.Errorf("the session changed: %+v", after)
	}

	// A partner proposing a session there sees that it is booked, not what for.
	pb, _ := s.as(model.RolePartner)
	proposal := sessionFormValues(s, v, start)
	proposal.Set("space", strconv.FormatInt(busy.ID, 10))
	r = pb.post("/partner/sessions", proposal)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("a proposal on a booked room: status %d", r.StatusCode)
	}
	r.mustContain(t, "Room B is already booked at that time: booked")
	r.mustNotContain(t, "Confidential", "Money Matters")
}

func TestHomes_LeadToRoomsAndWhatIsWaiting(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	pb, pu := s.as(model.RolePartner)
	room := testutil.CreateSpace(t, s.st, testutil.CreateVenue(t, s.st, model.Venue{}), model.Space{Name: "Green room"})
	at := s.tomorrowAt(10, 0)
	if _, err := s.st.BookSpace(t.Context(), model.Actor{ID: pu.ID}, store.SpaceBookingRequest{SpaceID: room.ID, PartnerID: pu.PartnerID,
		Status: model.SpaceRequested, Purpose: "Debt clinic", StartsAt: at, EndsAt: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	pb.get("/partner").mustContain(t, `href="/rooms"`, "Debt clinic</a>, Green room", "waiting for staff")
	sb, _ := s.as(model.RoleStaff)
	sb.get("/staff").mustContain(t, `<span class="hb-counts__figure">1</span> request for a room or space waiting`, `href="/staff/closures"`, `href="/rooms/find"`)
	nb, _ := s.as(model.RoleNavigator)
	nb.get("/desk").mustContain(t, `href="/rooms"`)
}

func TestRoomsDay_AnotherPartnersProposalIsOnlyBooked(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Blue room"})
	proposer := testutil.CreatePartner(t, s.st, model.Partner{Name: "Secret Agency"})
	start := s.tomorrowAt(10, 0)
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Unannounced idea", Venue: v, Space: &room, Partner: &proposer,
		Status: model.StatusProposed, Start: start})
	path := "/rooms/" + v.Slug + "?date=" + start.In(s.loc).Format(time.DateOnly)
	for _, role := range []model.Role{model.RolePartner, model.RoleNavigator} {
		b, _ := s.as(role)
		r := b.get(path)
		r.mustContain(t, "Booked")
		r.mustNotContain(t, "Unannounced idea", "Secret Agency")
	}
	staff, _ := s.as(model.RoleStaff)
	staff.get(path).mustContain(t, "Unannounced idea")

	// Nor does a clash with it tell a partner what it is.
	pb, _ := s.as(model.RolePartner)
	proposal := sessionFormValues(s, v, start)
	proposal.Set("space", strconv.FormatInt(room.ID, 10))
	r := pb.post("/partner/sessions", proposal)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("a proposal on a held room: status %d", r.StatusCode)
	}
	r.mustNotContain(t, "Unannounced idea", "Secret Agency")
}

func TestProposals_NotInASpaceOnlyStaffBook(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	office := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Staff office"})
	if err := s.st.SetVenueHours(t.Context(), model.Actor{}, v, store.VenueHours{
		Rules: map[int64]store.SpaceRules{office.ID: {PartnerBooking: store.PartnerBookStaff}}}); err != nil {
		t.Fatal(err)
	}
	pb, _ := s.as(model.RolePartner)
	proposal := sessionFormValues(s, v, s.tomorrowAt(10, 0))
	proposal.Set("space", strconv.FormatInt(office.ID, 10))
	r := pb.post("/partner/sessions", proposal)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a proposal in a staff-only space: status %d", r.StatusCode)
	}
	r.mustContain(t, "Only library staff book this space")
	var held int
	if err := s.db.Get(&held, `SELECT count(*) FROM space_bookings WHERE space_id = $1`, office.ID); err != nil || held != 0 {
		t.Errorf("%d holds on the staff-only space, %v", held, err)
	}
	proposal.Del("space")
	if r := pb.post("/partner/sessions", proposal); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the same proposal with no space: status %d", r.StatusCode)
	}
}
