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

// weekAhead is the date a week from now in London, at midnight.
func (s *site) weekAhead() time.Time {
	y, m, d := time.Now().In(s.loc).AddDate(0, 0, 7).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, s.loc)
}

func findPath(v model.Venue, date time.Time, extra url.Values) string {
	q := url.Values{"venue": {v.Slug}, "date": {date.Format(time.DateOnly)}, "from": {"13:00"}, "to": {"17:00"},
		"length": {"120"}, "people": {"12"}}
	for k, vs := range extra {
		q[k] = vs
	}
	return "/rooms/find?" + q.Encode()
}

func TestRoomsFind_ListsFreeSpacesWithLinksToBookThem(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	hall := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Big hall", Capacity: 40, Features: []string{"step_free"}})
	testutil.CreateSpace(t, s.st, v, model.Space{Name: "Small office", Capacity: 4, Features: []string{"step_free"}})
	testutil.CreateSpace(t, s.st, v, model.Space{Name: "Upstairs room", Capacity: 40})
	booked := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Busy room", Capacity: 40, Features: []string{"step_free"}})
	day := s.weekAhead()
	if _, err := s.st.BookSpace(context.Background(), model.Actor{Name: "Sam"}, store.SpaceBookingRequest{
		SpaceID: booked.ID, Purpose: "Council surgery", StartsAt: day.Add(12 * time.Hour), EndsAt: day.Add(18 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	staff, _ := s.as(model.RoleStaff)

	r := staff.get(findPath(v, day, url.Values{"features": {"step_free"}}))
	r.mustStatus(t, http.StatusOK)
	r.mustContain(t, "Big hall, Central Library", "Free from 13:00 to 17:00",
		`href="/rooms/`+v.Slug+`/`+hall.Slug+`/book?date=`+day.Format(time.DateOnly)+`&amp;end=15%3A00&amp;start=13%3A00"`,
		`value="13:00"`, `value="12"`, `checked`)
	r.mustNotContain(t, "Small office", "Upstairs room", "Busy room")

	// A navigator sees the free times but cannot book.
	nav, _ := s.as(model.RoleNavigator)
	r = nav.get(findPath(v, day, nil))
	r.mustStatus(t, http.StatusOK)
	r.mustContain(t, "Big hall", "Upstairs room")
	r.mustNotContain(t, "/book?")
}

func TestRoomsFind_BadInputIs422WithAMessageByEachField(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	staff, _ := s.as(model.RoleStaff)

	r := staff.get("/rooms/find?" + url.Values{"venue": {v.Slug}, "date": {"31/02/2027"}, "from": {"14:00"}, "to": {"13:00"},
		"length": {"120"}, "people": {"a dozen"}}.Encode())
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter a real date, like 17/3/2027", "The latest finish must be after the earliest start, 14:00",
		"Enter how many people as a whole number, like 12", `value="31/02/2027"`, `value="a dozen"`)

	r = staff.get(findPath(v, s.weekAhead(), url.Values{"from": {"13:00"}, "to": {"14:00"}, "length": {"120"}}))
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "2 hours does not fit between 13:00 and 14:00")

	r = staff.get(findPath(v, s.weekAhead(), url.Values{"from": {"lunchtime"}, "date": {"next week"}}))
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter the earliest start as a time like 09:00 or 9.30", "Enter a real date")

	r = staff.get("/rooms/find")
	r.mustStatus(t, http.StatusOK)
	r.mustNotContain(t, "There is a problem")
}
