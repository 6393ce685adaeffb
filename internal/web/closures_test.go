package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

func TestClosures_AWholeVenueIsClosedListedAndRemoved(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	hall := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Hall"})
	testutil.CreateSpace(t, s.st, v, model.Space{Name: "Office"})
	staff, _ := s.as(model.RoleStaff)
	day := s.weekAhead()

	r := staff.get("/staff/closures")
	r.mustStatus(t, http.StatusOK)
	r.mustContain(t, "No closures are coming up", `value="venue:`+v.Slug+`"`, `value="space:`+hall.Slug+`"`)

	staff.post("/staff/closures", url.Values{"where": {"venue:" + v.Slug}, "from_date": {day.Format("2/1/2006")},
		"reason": {"Bank holiday"}}).mustRedirect(t, "/staff/closures")
	r = staff.get("/staff/closures")
	r.mustContain(t, "Central Library, the whole venue", "Bank holiday", day.Format("Monday 2 January")+", all day", "Closure added")

	// The hall cannot be booked that day.
	_, err := s.st.BookSpace(context.Background(), model.Actor{Name: "Sam"}, store.SpaceBookingRequest{
		SpaceID: hall.ID, Purpose: "Meeting", StartsAt: day.Add(10 * time.Hour), EndsAt: day.Add(11 * time.Hour)})
	if err == nil {
		t.Fatal("booked a space of a closed venue")
	}

	list, err := s.st.UpcomingClosures(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("closures %+v, %v", list, err)
	}
	staff.post("/staff/closures/"+list[0].PublicID+"/remove", nil).mustRedirect(t, "/staff/closures")
	staff.get("/staff/closures").mustContain(t, "Closure removed", "No closures are coming up")
	staff.post("/staff/closures/"+list[0].PublicID+"/remove", nil).mustRedirect(t, "/staff/closures")
}

func TestClosures_ABookingInTheWayIs409AndBadInputIs422(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	hall := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Hall"})
	staff, _ := s.as(model.RoleStaff)
	day := s.weekAhead()
	if _, err := s.st.BookSpace(context.Background(), model.Actor{Name: "Sam"}, store.SpaceBookingRequest{
		SpaceID: hall.ID, Purpose: "Council surgery", StartsAt: day.Add(14 * time.Hour), EndsAt: day.Add(15 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"where": {"space:" + hall.Slug}, "from_date": {day.Format(time.DateOnly)}, "from_time": {"13:00"},
		"to_time": {"17:00"}, "reason": {"Building works"}}
	r := staff.post("/staff/closures", form)
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Hall is already booked at that time: Council surgery", "Move or cancel it first", `value="Building works"`, `value="13:00"`)

	r = staff.post("/staff/closures", url.Values{"from_date": {"31/02/2027"}, "from_time": {"9am"}, "to_date": {day.Format(time.DateOnly)}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Choose the venue or space to close", "Enter a real date, like 25/12/2026",
		"Say why it is closed, like Bank holiday", `value="9am"`)

	form.Set("to_time", "12:00")
	r = staff.post("/staff/closures", form)
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "The closure must end after it starts")
}
