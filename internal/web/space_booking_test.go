package web_test

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/internal/web"
)

// spaceSite is a site whose store says times in London and refuses space
// bookings longer than four hours.
func spaceSite(t *testing.T) *site {
	t.Helper()
	return newSite(t, func(d *web.Deps) {
		d.Booking.Location = d.Location
		d.Booking.SpaceMaxLength = 4 * time.Hour
	})
}

// bookableSpace adds a venue and a space partners book as partnerBooking
// ('instant', 'request' or 'staff'), and returns its booking form path.
func bookableSpace(t *testing.T, s *site, partnerBooking string) (model.Space, string) {
	t.Helper()
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	sp := testutil.CreateSpace(t, s.st, v, model.Space{Capacity: 20})
	if _, err := s.db.Exec(`UPDATE spaces SET partner_booking = $2 WHERE id = $1`, sp.ID, partnerBooking); err != nil {
		t.Fatal(err)
	}
	return sp, "/rooms/" + v.Slug + "/" + sp.Slug + "/book"
}

// spaceBookingValues is the booking form filled in for date (YYYY-MM-DD),
// start to end; more are further field and value pairs.
func spaceBookingValues(date, start, end, purpose string, more ...string) url.Values {
	f := url.Values{"date": {date}, "start": {start}, "end": {end}, "purpose": {purpose}, "repeat": {""}}
	for i := 0; i+1 < len(more); i += 2 {
		f.Set(more[i], more[i+1])
	}
	return f
}

// nextWeekday is the date of the next weekday (after tomorrow) in London.
func nextWeekday(s *site, wd time.Weekday) string {
	d := time.Now().In(s.loc).AddDate(0, 0, 2)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return d.Format(time.DateOnly)
}

// bookedSpace follows a booking's redirect and returns the booking.
func bookedSpace(t *testing.T, s *site, r response) model.SpaceBooking {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/space-bookings/") {
		t.Fatalf("status %d to %q, want 303 to the booking; problems: %s", r.StatusCode, loc, problems(r.body))
	}
	b, err := s.st.SpaceBooking(t.Context(), strings.TrimPrefix(loc, "/space-bookings/"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSpaceBooking_PartnerIsConfirmedAtOnceOrWaitsAsTheSpaceSays(t *testing.T) {
	t.Parallel()
	s := spaceSite(t)
	b, _ := s.as(model.RolePartner)
	date := nextWeekday(s, time.Wednesday)
	for _, tc := range []struct {
		partnerBooking string
		want           model.SpaceBookingStatus
		says           string
	}{{"instant", model.SpaceConfirmed, "Confirmed"}, {"request", model.SpaceRequested, "Waiting for staff to approve"}} {
		_, path := bookableSpace(t, s, tc.partnerBooking)
		if r := b.get(path); r.StatusCode != http.StatusOK {
			t.Fatalf("%s form: status %d", tc.partnerBooking, r.StatusCode)
		}
		got := bookedSpace(t, s, b.post(path, spaceBookingValues(date, "10:00", "11:00", "Advice surgery", "attendees", "8")))
		if got.Status != tc.want || got.Purpose != "Advice surgery" || got.Attendees == nil || *got.Attendees != 8 {
			t.Errorf("%s space: booking %+v, want %s", tc.partnerBooking, got, tc.want)
		}
		page := b.get("/space-bookings/" + got.PublicID)
		page.mustContain(t, tc.says, "Advice surgery", "10:00 to 11:00", "Cancel the booking")
	}
	_, path := bookableSpace(t, s, "staff")
	b.get(path).mustContain(t, "Only library staff book")
	if r := b.post(path, spaceBookingValues(date, "10:00", "11:00", "Advice")); r.StatusCode != http.StatusForbidden {
		t.Errorf("partner booking a staff-only space: status %d, want 403", r.StatusCode)
	}
}

func TestSpaceRequests_StaffApproveOneAndDeclineAnotherWithAReason(t *testing.T) {
	t.Parallel()
	s := spaceSite(t)
	partnerBrowser, _ := s.as(model.RolePartner)
	staffBrowser, _ := s.as(model.RoleStaff)
	_, path := bookableSpace(t, s, "request")
	date := nextWeekday(s, time.Thursday)
	first := bookedSpace(t, s, partnerBrowser.post(path, spaceBookingValues(date, "10:00", "11:00", "Job club")))
	second := bookedSpace(t, s, partnerBrowser.post(path, spaceBookingValues(date, "11:30", "12:30", "Coffee morning")))

	queue := staffBrowser.get("/staff/space-requests")
	queue.mustContain(t, "Job club", "Coffee morning", "2 requests are waiting", "Other bookings within an hour")
	if r := staffBrowser.post("/staff/space-requests/"+first.PublicID+"/approve", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: status %d", r.StatusCode)
	}
	staffBrowser.get("/staff/space-requests/"+second.PublicID+"/decline").mustContain(t, "Why is it declined?")
	r := staffBrowser.post("/staff/space-requests/"+second.PublicID+"/decline", url.Values{"reason": {"  "}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("decline with no reason: status %d, want 422", r.StatusCode)
	}
	r.mustContain(t, "Enter why the request is declined")
	r = staffBrowser.post("/staff/space-requests/"+second.PublicID+"/decline", url.Values{"reason": {"The room is being painted."}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: status %d", r.StatusCode)
	}
	for id, want := range map[string]model.SpaceBookingStatus{first.PublicID: model.SpaceConfirmed, second.PublicID: model.SpaceDeclined} {
		got, err := s.st.SpaceBooking(t.Context(), id, nil)
		if err != nil || got.Status != want {
			t.Errorf("booking %s: %s, %v; want %s", id, got.Status, err, want)
		}
	}
	partnerBrowser.get("/space-bookings/"+second.PublicID).mustContain(t, "Declined", "The room is being painted.")
	var told []string
	if err := s.db.Select(&told, `SELECT args->>'message' FROM river_job WHERE kind = 'mail' AND args->>'space_booking' <> '' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(told, " "); got != "space_approved space_declined" {
		t.Errorf("emails queued to the partner: %q, want the approval and the decline", got)
	}
	staffBrowser.get("/staff/space-requests").mustContain(t, "0 requests are waiting")
	// A new request shows the confirmed booking just before it and the
	// partner's history, with the reason for the decline.
	bookedSpace(t, s, partnerBrowser.post(path, spaceBookingValues(date, "11:30", "12:30", "Baby rhymes")))
	staffBrowser.get("/staff/space-requests").mustContain(t, "1 request is waiting", "Baby rhymes",
		"10:00 to 11:00: Job club in", "Job club, ", ": Confirmed", "Coffee morning, ", ": Declined (The room is being painted.)")
	// Approving again says it is no longer waiting.
	staffBrowser.post("/staff/space-requests/"+first.PublicID+"/approve", url.Values{})
	staffBrowser.get("/staff/space-requests").mustContain(t, "no longer waiting")
}

func TestSpaceBooking_PartnerCannotOpenOrCancelAnotherPartnersBooking(t *testing.T) {
	t.Parallel()
	s := spaceSite(t)
	owner, _ := s.as(model.RolePartner)
	other, _ := s.as(model.RolePartner)
	staffBrowser, _ := s.as(model.RoleStaff)
	_, path := bookableSpace(t, s, "instant")
	booked := bookedSpace(t, s, owner.post(path, spaceBookingValues(nextWeekday(s, time.Friday), "14:00", "15:00", "Debt advice")))
	page := "/space-bookings/" + booked.PublicID
	if r := other.get(page); r.StatusCode != http.StatusNotFound || strings.Contains(r.body, "Debt advice") {
		t.Errorf("another partner opening it: status %d, want 404 without the purpose", r.StatusCode)
	}
	if r := other.post(page+"/cancel", url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Errorf("another partner cancelling it: status %d, want 404", r.StatusCode)
	}
	staffBrowser.get(page).mustContain(t, "Debt advice", "Confirmed")
	if r := owner.post(page+"/cancel", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("owner cancelling: status %d", r.StatusCode)
	}
	owner.get(page).mustContain(t, "Cancelled", "is free again")
	owner.post(page+"/cancel", url.Values{})
	owner.get(page).mustContain(t, "nothing to cancel: this booking is already cancelled")
}

// invalidField matches a field marked invalid.
func invalidField(id string) *regexp.Regexp {
	return regexp.MustCompile(`id="` + id + `"[^>]*aria-invalid="true"`)
}

func TestSpaceBooking_BadInputIsRefusedNextToItsFieldWithTheFormKept(t *testing.T) {
	t.Parallel()
	s := spaceSite(t)
	b, _ := s.as(model.RolePartner)
	sp, path := bookableSpace(t, s, "instant")
	if _, err := s.db.Exec(`INSERT INTO opening_hours (venue_id, weekday, opens, closes)
		SELECT $1, d, '09:00', '17:00' FROM generate_series(1, 7) d`, sp.VenueID); err != nil {
		t.Fatal(err)
	}
	date := nextWeekday(s, time.Tuesday)
	past := time.Now().In(s.loc).AddDate(0, 0, -7).Format(time.DateOnly)
	for _, tc := range []struct {
		name, date, start, end, attendees string
		field, says                       string
	}{
		{"end before start", date, "11:00", "10:00", "", "end", "The end must be after the start."},
		{"no length", date, "11:00", "11:00", "", "end", "The booking has no length"},
		{"in the past", past, "10:00", "11:00", "", "start", "That time has passed"},
		{"too long", date, "09:00", "16:00", "", "end", "A booking can be at most 4 hours long."},
		{"too many people", date, "10:00", "11:00", "21", "attendees", "holds 20 people at most."},
		{"no people", date, "10:00", "11:00", "0", "attendees", "Enter how many people"},
		{"outside opening hours", date, "18:00", "19:00", "", "start", "is open 09:00 to 17:00 on Tuesdays"},
		{"not a date", "31/02/2027", "10:00", "11:00", "", "date", "Enter the date like"},
		{"not a time", date, "ten", "11:00", "", "start", "Enter the start time like"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := b.post(path, spaceBookingValues(tc.date, tc.start, tc.end, "Homework club", "attendees", tc.attendees))
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			r.mustContain(t, tc.says, `value="Homework club"`, `value="`+tc.date+`"`, `value="`+tc.start+`"`)
			if !invalidField(tc.field).MatchString(r.body) {
				t.Errorf("field %q is not marked invalid; problems: %s", tc.field, problems(r.body))
			}
		})
	}
	var n int
	if err := s.db.Get(&n, `SELECT count(*) FROM space_bookings WHERE space_id = $1`, sp.ID); err != nil || n != 0 {
		t.Errorf("%d bookings made, %v; want none", n, err)
	}
}

func TestSpaceBooking_AClashIs409NamingWhatIsInTheWayAsTheViewerMaySeeIt(t *testing.T) {
	t.Parallel()
	s := spaceSite(t)
	first, _ := s.as(model.RolePartner)
	second, _ := s.as(model.RolePartner)
	staffBrowser, _ := s.as(model.RoleStaff)
	_, path := bookableSpace(t, s, "instant")
	date := nextWeekday(s, time.Monday)
	bookedSpace(t, s, first.post(path, spaceBookingValues(date, "10:00", "11:00", "Private counselling")))

	r := second.post(path, spaceBookingValues(date, "10:30", "11:30", "Knitting group"))
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("clash: status %d, want 409", r.StatusCode)
	}
	r.mustContain(t, "is already booked at that time: booked", "10:00 to 11:00", `value="Knitting group"`)
	r.mustNotContain(t, "Private counselling")

	r = staffBrowser.post(path, spaceBookingValues(date, "10:30", "11:30", "Staff training"))
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("staff clash: status %d, want 409", r.StatusCode)
	}
	r.mustContain(t, "Private counselling")
}

func TestSpaceBooking_WeeklyAcrossTheClockChangePreviewsThenBooksOnlyTheFreeDates(t *testing.T) {
	t.Parallel()
	s := spaceSite(t)
	b, _ := s.as(model.RolePartner)
	sp, path := bookableSpace(t, s, "instant")
	// Five Tuesdays around the next spring clock change that is at least a
	// few days away (the last Sunday of March): two before it, three
	// after, at 10:00 London time.
	year := time.Now().Year()
	lastSunday := func(y int) time.Time {
		d := time.Date(y, time.March, 31, 0, 0, 0, 0, s.loc)
		for d.Weekday() != time.Sunday {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	for lastSunday(year).AddDate(0, 0, -12).Before(time.Now().AddDate(0, 0, 3)) {
		year++
	}
	first := lastSunday(year).AddDate(0, 0, -12)
	tue := func(week, hour int) time.Time {
		d := first.AddDate(0, 0, 7*week)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, s.loc)
	}
	day := func(week int) string { return tue(week, 10).Format("Monday 2 January 2006") }
	if _, err := s.st.BookSpace(t.Context(), model.Actor{}, store.SpaceBookingRequest{SpaceID: sp.ID, Purpose: "Staff training",
		StartsAt: tue(2, 10).Add(30 * time.Minute), EndsAt: tue(2, 12)}); err != nil {
		t.Fatal(err)
	}
	form := spaceBookingValues(tue(0, 10).Format("02/01/2006"), "10:00", "11:00", "Job club", "repeat", "weekly", "ends", "count", "count", "5")
	preview := b.post(path, form)
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview: status %d; problems: %s", preview.StatusCode, problems(preview.body))
	}
	preview.mustContain(t, "Nothing is booked yet", "4 dates are free of 5", day(2)+", 10:00 to 11:00</strong>:\n    not free",
		"is already booked at that time: booked", "Book the 4 free dates")
	preview.mustNotContain(t, "Staff training")
	var none int
	if err := s.db.Get(&none, `SELECT count(*) FROM space_bookings WHERE purpose = 'Job club'`); err != nil || none != 0 {
		t.Fatalf("the preview booked %d dates, %v", none, err)
	}

	// Meanwhile someone takes 6 April: it is reported, the others booked.
	if _, err := s.st.BookSpace(t.Context(), model.Actor{}, store.SpaceBookingRequest{SpaceID: sp.ID, Purpose: "Author visit",
		StartsAt: tue(3, 10), EndsAt: tue(3, 11)}); err != nil {
		t.Fatal(err)
	}
	chosen := regexp.MustCompile(`name="dates" value="([0-9-]+)"`).FindAllStringSubmatch(preview.body, -1)
	for _, m := range chosen {
		form.Add("dates", m[1])
	}
	if len(chosen) != 4 {
		t.Fatalf("preview offers %d dates, want 4", len(chosen))
	}
	done := b.post(strings.TrimSuffix(path, "/book")+"/book/confirm", form)
	if done.StatusCode != http.StatusOK {
		t.Fatalf("confirm: status %d; problems: %s", done.StatusCode, problems(done.body))
	}
	done.mustContain(t, "3 dates are booked", day(3)+", 10:00 to 11:00</strong>:\n    not booked")
	var booked []struct {
		StartsAt time.Time `db:"starts_at"`
		Series   string    `db:"series"`
	}
	if err := s.db.Select(&booked, `SELECT starts_at, series::text AS series FROM space_bookings
		WHERE purpose = 'Job club' AND status = 'confirmed' ORDER BY starts_at`); err != nil {
		t.Fatal(err)
	}
	want := []time.Time{tue(0, 10), tue(1, 10), tue(4, 10)}
	if len(booked) != len(want) {
		t.Fatalf("booked %d dates, want %d", len(booked), len(want))
	}
	for i, got := range booked {
		if !got.StartsAt.Equal(want[i]) || got.StartsAt.In(s.loc).Hour() != 10 || got.Series == "" || got.Series != booked[0].Series {
			t.Errorf("date %d: %v (series %q), want %v in one series", i, got.StartsAt.In(s.loc), got.Series, want[i])
		}
	}
	if booked[0].StartsAt.UTC().Hour() != 10 || booked[2].StartsAt.UTC().Hour() != 9 {
		t.Errorf("10:00 London should be 10:00 UTC in March and 09:00 UTC in April: %v, %v", booked[0].StartsAt.UTC(), booked[2].StartsAt.UTC())
	}
}

func TestSpaceBooking_RepeatNeedsAnEndAndAtMost52Dates(t *testing.T) {
	t.Parallel()
	s := spaceSite(t)
	b, _ := s.as(model.RoleStaff)
	_, path := bookableSpace(t, s, "instant")
	date := nextWeekday(s, time.Tuesday)
	for _, tc := range []struct {
		more        []string
		field, says string
	}{
		{[]string{"repeat", "weekly", "ends", "count", "count", "53"}, "count", "from 2 to 52"},
		{[]string{"repeat", "weekly", "ends", "until", "until", "2099-01-01"}, "until", "at most 52 dates"},
		{[]string{"repeat", "weekly", "ends", "until", "until", "nope"}, "until", "Enter the date of the last booking"},
	} {
		r := b.post(path, spaceBookingValues(date, "10:00", "11:00", "Rhyme time", tc.more...))
		if r.StatusCode != http.StatusUnprocessableEntity || !invalidField(tc.field).MatchString(r.body) {
			t.Errorf("%v: status %d, field %s not marked; problems: %s", tc.more, r.StatusCode, tc.field, problems(r.body))
		}
		r.mustContain(t, tc.says)
	}
}

func TestBookSpace_OneOfTwentyAtOnceWinsTheSlot(t *testing.T) {
	t.Parallel()
	s := spaceSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	sp := testutil.CreateSpace(t, s.st, v, model.Space{})
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = s.st.BookSpace(t.Context(), model.Actor{}, store.SpaceBookingRequest{SpaceID: sp.ID,
				Purpose: "Race", StartsAt: start, EndsAt: start.Add(time.Hour)})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, model.ErrClash):
			t.Errorf("a loser got %v, want a clash", err)
		}
	}
	var live int
	if err := s.db.Get(&live, `SELECT count(*) FROM space_bookings WHERE space_id = $1 AND status = 'confirmed'`, sp.ID); err != nil {
		t.Fatal(err)
	}
	if won != 1 || live != 1 {
		t.Errorf("%d won and %d confirmed, want exactly 1", won, live)
	}
}

func TestSpaceBooking_StaffBookForAPartnerAndAreConfirmedWhateverTheSpaceSays(t *testing.T) {
	t.Parallel()
	s := spaceSite(t)
	b, _ := s.as(model.RoleStaff)
	p := testutil.CreatePartner(t, s.st, model.Partner{Name: "Healthy Living Team"})
	_, path := bookableSpace(t, s, "staff")
	b.get(path).mustContain(t, "For a partner (optional)", "Healthy Living Team")
	got := bookedSpace(t, s, b.post(path, spaceBookingValues(nextWeekday(s, time.Monday), "09:30", "10:30", "Health check",
		"partner", strconv.FormatInt(p.ID, 10))))
	if got.Status != model.SpaceConfirmed || got.Partner == nil || got.Partner.ID != p.ID {
		t.Errorf("booking %+v, want confirmed for %s", got, p.Name)
	}
	r := b.post(path, spaceBookingValues(nextWeekday(s, time.Monday), "11:00", "12:00", "Health check", "partner", "999999"))
	if r.StatusCode != http.StatusUnprocessableEntity || !invalidField("partner").MatchString(r.body) {
		t.Errorf("unknown partner: status %d; problems: %s", r.StatusCode, problems(r.body))
	}
}
