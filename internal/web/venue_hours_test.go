package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/testutil"
)

func TestHours_SavedForTheVenueAndASpaceAndShownAgain(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	hall := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Hall"})
	office := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Office"})
	staff, _ := s.as(model.RoleStaff)
	path := "/staff/venues/" + v.Slug + "/hours"

	r := staff.get(path)
	r.mustStatus(t, http.StatusOK)
	r.mustContain(t, "Opening hours and booking rules", `name="d1-opens"`, "Hall", "Office")
	staff.get("/staff/venues/"+v.Slug).mustContain(t, `href="`+path+`"`)

	hk, ok := "s"+strconv.FormatInt(hall.ID, 10), "s"+strconv.FormatInt(office.ID, 10)
	form := url.Values{"d1-opens": {"9.00"}, "d1-closes": {"17:00"}, "d6-opens": {"10:00"}, "d6-closes": {"13:00"},
		hk + "-d2-opens": {"18:00"}, hk + "-d2-closes": {"21:30"}, hk + "-setup": {"15"}, hk + "-cleardown": {"30"}, hk + "-partner": {"instant"},
		ok + "-same": {"yes"}, ok + "-d3-opens": {"08:00"}, ok + "-d3-closes": {"09:00"}, ok + "-setup": {""}, ok + "-cleardown": {"0"}, ok + "-partner": {"staff"}}
	staff.post(path, form).mustRedirect(t, path)

	h, err := s.st.VenueHours(context.Background(), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := []model.OpeningPeriod{{Weekday: 1, Opens: 540, Closes: 1020}, {Weekday: 6, Opens: 600, Closes: 780}}; !reflect.DeepEqual(h.Venue, want) {
		t.Errorf("venue hours %+v", h.Venue)
	}
	if want := []model.OpeningPeriod{{Weekday: 2, Opens: 1080, Closes: 1290}}; !reflect.DeepEqual(h.Spaces[hall.ID], want) || len(h.Spaces) != 1 {
		t.Errorf("space hours %+v", h.Spaces)
	}
	if h.Rules[hall.ID].Setup != 15 || h.Rules[hall.ID].Cleardown != 30 || h.Rules[hall.ID].PartnerBooking != "instant" ||
		h.Rules[office.ID].PartnerBooking != "staff" {
		t.Errorf("rules %+v", h.Rules)
	}
	r = staff.get(path)
	r.mustContain(t, "Opening hours saved for Central Library.", `value="09:00"`, `value="21:30"`)

	// An empty form sets no hours.
	staff.post(path, url.Values{}).mustRedirect(t, path)
	if h, _ := s.st.VenueHours(context.Background(), v.ID); len(h.Venue) != 0 || len(h.Spaces) != 0 || h.Rules[hall.ID].Setup != 15 {
		t.Errorf("after an empty form: %+v", h)
	}
}

func TestHours_BadTimesAre422WithMessagesAndInputKept(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	hall := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Hall"})
	staff, _ := s.as(model.RoleStaff)
	hk := "s" + strconv.FormatInt(hall.ID, 10)
	r := staff.post("/staff/venues/"+v.Slug+"/hours", url.Values{"d1-opens": {"17:00"}, "d1-closes": {"09:00"},
		"d2-opens": {"9am"}, "d2-closes": {"17:00"}, "d3-opens": {"09:00"},
		hk + "-d4-opens": {"10:00"}, hk + "-d4-closes": {"25:00"}, hk + "-setup": {"300"}, hk + "-cleardown": {"0"}, hk + "-partner": {"often"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Monday: the closing time must be after the opening time, 17:00",
		"Tuesday: enter the opening time like 09:00 or 9.30",
		"Wednesday: enter the closing time too, or leave both empty for closed",
		"Hall, Thursday: enter the closing time like 17:00 or 5.30",
		"Hall, enter the set-up time in minutes, a whole number from 0 to 240",
		"Hall, choose how partners book it",
		`value="9am"`, `value="25:00"`, `value="300"`)
	if h, _ := s.st.VenueHours(context.Background(), v.ID); len(h.Venue) != 0 {
		t.Errorf("saved %+v", h.Venue)
	}
}
