package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// maxSeriesDates caps the dates of one recurring space booking.
const maxSeriesDates = 52

// spaceBookingForm is the space booking form as the person filled it in:
// strings, so that whatever they typed comes back to them.
type spaceBookingForm struct {
	// Date is YYYY-MM-DD (or DD/MM/YYYY); Start and End are HH:MM, local.
	Date, Start, End   string
	Purpose, Attendees string
	// Partner is the id of the partner a staff member books for, or "".
	Partner string
	// Repeat is "" (once), "weekly" or "fortnightly"; Ends is "count" or
	// "until".
	Repeat, Ends, Count, Until string
	// Dates are the dates (YYYY-MM-DD) chosen at the preview.
	Dates []string
}

// Chosen reports whether the date (YYYY-MM-DD) was chosen at the preview.
func (f spaceBookingForm) Chosen(date string) bool {
	for _, d := range f.Dates {
		if d == date {
			return true
		}
	}
	return false
}

func readSpaceBookingForm(c *gin.Context) spaceBookingForm {
	p := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	return spaceBookingForm{
		Date: p("date"), Start: p("start"), End: p("end"), Purpose: p("purpose"), Attendees: p("attendees"),
		Partner: p("partner"), Repeat: p("repeat"), Ends: p("ends"), Count: p("count"), Until: p("until"),
		Dates: c.PostFormArray("dates"),
	}
}

// spaceBooker is who is booking and how their bookings stand.
type spaceBooker struct {
	staff    bool
	scope    store.PartnerScope
	partners []model.Partner
}

// viewer is the scope the booker sees other bookings through (nil: staff).
func (b spaceBooker) viewer() *store.PartnerScope {
	if b.staff {
		return nil
	}
	return &b.scope
}

// spaceBookingPlan is a valid form: one request per date, in order.
type spaceBookingPlan struct {
	requests []store.SpaceBookingRequest
	repeats  bool
}

// validate checks the form and works out the dates to book.
func (f spaceBookingForm) validate(sp store.BookableSpace, who spaceBooker, loc *time.Location) (spaceBookingPlan, fieldErrors) {
	var errs fieldErrors
	var plan spaceBookingPlan
	day, dayOK := parseFormDate(f.Date, loc)
	if !dayOK {
		errs.add("date", "Enter the date like 16/03/2027")
	}
	start, startOK := parseClock(f.Start)
	if !startOK {
		errs.add("start", "Enter the start time like 10:00 or 14:30")
	}
	end, endOK := parseClock(f.End)
	if !endOK {
		errs.add("end", "Enter the end time like 11:30 or 16:00")
	}
	if f.Purpose == "" {
		errs.add("purpose", "Say what the booking is for")
	}
	r := store.SpaceBookingRequest{SpaceID: sp.Space.ID, Purpose: f.Purpose, Status: model.SpaceConfirmed}
	if f.Attendees != "" {
		n, err := strconv.Atoi(strings.ReplaceAll(f.Attendees, ",", ""))
		if err != nil || n < 1 {
			errs.add("attendees", "Enter how many people as a number, 1 or more, or leave it empty")
		} else {
			r.Attendees = &n
		}
	}
	switch {
	case !who.staff:
		r.PartnerID = &who.scope.PartnerID
		if sp.PartnerBooking != store.PartnerBookInstant {
			r.Status = model.SpaceRequested
		}
	case f.Partner != "":
		if p, ok := pick(who.partners, f.Partner, func(p model.Partner) int64 { return p.ID }); ok {
			r.PartnerID = &p.ID
		} else {
			errs.add("partner", "Choose a partner from the list, or none")
		}
	}
	var dates []time.Time
	if dayOK {
		dates = f.repeatDates(day, loc, &errs)
	}
	if errs.Any() {
		return plan, errs
	}
	plan.repeats = f.Repeat != ""
	for _, d := range dates {
		req := r
		req.StartsAt, req.EndsAt = atClock(d, start, loc), atClock(d, end, loc)
		plan.requests = append(plan.requests, req)
	}
	return plan, errs
}

// repeatDates are the dates to book from the first: every week or two
// weeks, a number of times or until a date, at most maxSeriesDates.
func (f spaceBookingForm) repeatDates(first time.Time, loc *time.Location, errs *fieldErrors) []time.Time {
	step := 0
	switch f.Repeat {
	case "":
		return []time.Time{first}
	case "weekly":
		step = 7
	case "fortnightly":
		step = 14
	default:
		errs.add("repeat", "Choose whether the booking repeats")
		return nil
	}
	tooMany := fmt.Sprintf("A repeating booking can have at most %d dates", maxSeriesDates)
	var dates []time.Time
	switch f.Ends {
	case "count":
		n, err := strconv.Atoi(f.Count)
		if err != nil || n < 2 || n > maxSeriesDates {
			errs.add("count", fmt.Sprintf("Enter how many dates, as a number from 2 to %d", maxSeriesDates))
			return nil
		}
		for i := range n {
			dates = append(dates, first.AddDate(0, 0, i*step))
		}
	case "until":
		until, ok := parseFormDate(f.Until, loc)
		switch {
		case !ok:
			errs.add("until", "Enter the date of the last booking like 30/06/2027")
			return nil
		case !until.After(first):
			errs.add("until", "Enter a last date after the first date")
			return nil
		}
		for d := first; !d.After(until); d = d.AddDate(0, 0, step) {
			if len(dates) == maxSeriesDates {
				errs.add("until", tooMany+": choose an earlier last date")
				return nil
			}
			dates = append(dates, d)
		}
	default:
		errs.add("ends", "Choose when the booking stops repeating: after a number of dates or on a date")
		return nil
	}
	return dates
}

// refusalField is the form field for a store refusal's field.
func refusalField(field string) string {
	switch field {
	case "starts_at":
		return "start"
	case "ends_at":
		return "end"
	case "attendees", "purpose":
		return field
	}
	return "date"
}

type spaceBookingFormPage struct {
	Layout
	Space  store.BookableSpace
	Form   spaceBookingForm
	Errors fieldErrors
	// Clash names the booking in the way, as the person may see it.
	Clash string
	// Staff is set for staff, who may book for a partner from Partners.
	Staff    bool
	Partners []model.Partner
	// StaffOnly is set when a partner may not book this space.
	StaffOnly bool
	// Waits is set when a partner's booking of this space waits for staff.
	Waits bool
}

// Action is where the form posts.
func (p spaceBookingFormPage) Action() string {
	return "/rooms/" + p.Space.Venue.Slug + "/" + p.Space.Space.Slug + "/book"
}

// Buffers says the space's set-up and clear-down in words, or "".
func (p spaceBookingFormPage) Buffers() string { return buffersText(p.Space.Setup, p.Space.Cleardown) }

func buffersText(before, after time.Duration) string {
	if before == 0 && after == 0 {
		return ""
	}
	return fmt.Sprintf("%d minutes to set up before and %d minutes to clear down after", int(before.Minutes()), int(after.Minutes()))
}

// bookableSpace reads the space in the path and who is booking it, or
// answers itself.
func (s *Server) bookableSpace(c *gin.Context) (store.BookableSpace, spaceBooker, bool) {
	ctx := c.Request.Context()
	sp, err := s.deps.Store.BookableSpace(ctx, c.Param("venue"), c.Param("space"))
	if err != nil {
		if isNotFound(err) {
			s.notFound(c)
		} else {
			s.serverError(c, err)
		}
		return sp, spaceBooker{}, false
	}
	u, _ := currentUser(c)
	who := spaceBooker{staff: u.Is(model.RoleStaff, model.RoleAdmin)}
	if who.staff {
		if who.partners, err = s.deps.Store.Partners(ctx); err != nil {
			s.serverError(c, err)
			return sp, who, false
		}
	} else {
		who.scope, _ = partnerScope(c)
		if who.scope.PartnerID == 0 {
			s.errorPage(c, http.StatusForbidden)
			return sp, who, false
		}
	}
	return sp, who, true
}

func (s *Server) spaceFormPage(c *gin.Context, sp store.BookableSpace, who spaceBooker, f spaceBookingForm) spaceBookingFormPage {
	return spaceBookingFormPage{Layout: s.layout(c, "Book "+sp.Space.Name), Space: sp, Form: f, Staff: who.staff,
		Partners: who.partners, StaffOnly: !who.staff && sp.PartnerBooking == store.PartnerBookStaff,
		Waits: !who.staff && sp.PartnerBooking == store.PartnerBookRequest}
}

// spaceBookingForm shows the form to book a space, starting from the date
// and times in the query (from the room's week view), if any.
func (s *Server) spaceBookingForm(c *gin.Context) {
	sp, who, ok := s.bookableSpace(c)
	if !ok {
		return
	}
	f := spaceBookingForm{Date: c.Query("date"), Start: c.Query("start"), End: c.Query("end"), Ends: "count"}
	s.render(c, http.StatusOK, "space-booking-form", s.spaceFormPage(c, sp, who, f))
}

// spaceBookingCreate books a space once, or shows which dates of a
// repeating booking are free before any is booked.
func (s *Server) spaceBookingCreate(c *gin.Context) {
	s.spaceBookingPost(c, false)
}

// spaceBookingConfirm books the dates of a repeating booking chosen at
// the preview, each on its own, and says what became of each.
func (s *Server) spaceBookingConfirm(c *gin.Context) {
	s.spaceBookingPost(c, true)
}

func (s *Server) spaceBookingPost(c *gin.Context, confirm bool) {
	sp, who, ok := s.bookableSpace(c)
	if !ok || !s.parseForm(c) {
		return
	}
	page := s.spaceFormPage(c, sp, who, readSpaceBookingForm(c))
	if page.StaffOnly {
		s.errorPage(c, http.StatusForbidden)
		return
	}
	plan, errs := page.Form.validate(sp, who, s.deps.Location)
	if !errs.Any() && plan.repeats && confirm && len(page.Form.Dates) == 0 {
		errs.add("repeat", "Choose at least one free date to book, or book none")
	}
	if errs.Any() {
		page.Errors = errs
		s.render(c, http.StatusUnprocessableEntity, "space-booking-form", page)
		return
	}
	switch {
	case !plan.repeats:
		s.bookSpaceOnce(c, page, plan.requests[0], who)
	case confirm:
		s.bookSpaceSeries(c, page, plan, who)
	default:
		s.previewSpaceSeries(c, page, plan, who)
	}
}

// bookSpaceOnce books one date and opens the booking, or keeps the form
// with what is wrong (422) or the booking in the way (409).
func (s *Server) bookSpaceOnce(c *gin.Context, page spaceBookingFormPage, r store.SpaceBookingRequest, who spaceBooker) {
	b, err := s.deps.Store.BookSpace(c.Request.Context(), actor(c), r)
	if refused, ok := errors.AsType[*store.SpaceRefused](err); ok {
		page.Errors.add(refusalField(refused.Field), refused.Reason)
		s.render(c, http.StatusUnprocessableEntity, "space-booking-form", page)
		return
	}
	if msg := clashMessage(err, who.viewer()); msg != "" {
		page.Clash = msg
		s.render(c, http.StatusConflict, "space-booking-form", page)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.flash(c, bookedText(b))
	c.Redirect(http.StatusSeeOther, "/space-bookings/"+b.PublicID)
}

func bookedText(b model.SpaceBooking) string {
	if b.Status == model.SpaceRequested {
		return "Your request for " + b.Space.Name + " is waiting for staff to approve it. The slot is held for you meanwhile."
	}
	return b.Space.Name + " is booked."
}
