package web

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// closureForm is a closure as the person typed it. Where is
// "venue:<slug>" for a whole venue or "space:<slug>" for one space.
type closureForm struct {
	Where, FromDate, FromTime, ToDate, ToTime, Reason string
	Errors                                            fieldErrors
}

func readClosureForm(c *gin.Context) closureForm {
	return closureForm{Where: c.PostForm("where"), FromDate: trimmed(c, "from_date"), FromTime: trimmed(c, "from_time"),
		ToDate: trimmed(c, "to_date"), ToTime: trimmed(c, "to_time"), Reason: trimmed(c, "reason")}
}

// closurePlace is a venue and its spaces, to choose what to close.
type closurePlace struct {
	Venue  model.Venue
	Spaces []model.Space
}

// request validates the form, recording each problem next to its field,
// and returns the closure to make. An empty start time is the start of
// the day (or now, today); an empty end time the end of the day; an
// empty last day the first.
func (f *closureForm) request(places []closurePlace, loc *time.Location, now time.Time) store.ClosureRequest {
	var r store.ClosureRequest
	kind, slug, _ := strings.Cut(f.Where, ":")
	found := false
	for _, p := range places {
		if kind == "venue" && p.Venue.Slug == slug {
			r.VenueID, found = p.Venue.ID, true
		}
		for _, sp := range p.Spaces {
			if kind == "space" && sp.Slug == slug {
				r.SpaceID, found = sp.ID, true
			}
		}
	}
	switch {
	case f.Where == "":
		f.Errors.add("where", "Choose the venue or space to close")
	case !found:
		f.Errors.add("where", "Choose a venue or space from the list")
	}
	start, startOK := closureMoment(f.FromDate, f.FromTime, false, "from", &f.Errors, loc)
	toDate := f.ToDate
	if toDate == "" {
		toDate = f.FromDate
	}
	end, endOK := closureMoment(toDate, f.ToTime, true, "to", &f.Errors, loc)
	if startOK && f.FromTime == "" && start.Before(now) && now.Sub(start) < 24*time.Hour {
		start = now.Truncate(time.Minute).Add(time.Minute) // closed from now, today
	}
	switch {
	case startOK && start.Before(now):
		f.Errors.add("from_date", "That time has passed: choose a time from now on")
	case startOK && endOK && !end.After(start):
		f.Errors.add("to_date", "The closure must end after it starts")
	}
	switch n := utf8.RuneCountInString(f.Reason); {
	case n == 0:
		f.Errors.add("reason", "Say why it is closed, like Bank holiday")
	case n > 200:
		f.Errors.add("reason", "Say why it is closed in 200 characters or fewer")
	}
	r.StartsAt, r.EndsAt, r.Reason = start, end, f.Reason
	return r
}

// closureMoment reads a date and an optional time ("from" or "to");
// without a time it is the day's start, or with end set the next day's.
func closureMoment(date, clock string, end bool, prefix string, errs *fieldErrors, loc *time.Location) (time.Time, bool) {
	day, ok := parseFormDate(date, loc)
	switch {
	case date == "" && prefix == "from":
		errs.add(prefix+"_date", "Enter the first day it is closed, like 25/12/2026")
		return day, false
	case !ok:
		errs.add(prefix+"_date", "Enter a real date, like 25/12/2026")
		return day, false
	}
	if clock == "" {
		if end {
			return day.AddDate(0, 0, 1), true
		}
		return day, true
	}
	m, ok := parseClock(clock)
	if !ok {
		errs.add(prefix+"_time", "Enter the time like 09:00 or 9.30, or leave it empty for the whole day")
		return day, false
	}
	return atClock(day, m, loc), true
}

// refused records a refusal of the store next to its field.
func (f *closureForm) refused(err *store.SpaceRefused) {
	field := map[string]string{"starts_at": "from_date", "ends_at": "to_date", "purpose": "reason"}[err.Field]
	if field == "" {
		field = "where"
	}
	f.Errors.add(field, strings.TrimSuffix(err.Reason, "."))
}

// closuresPage lists the closures to come and the form to add one.
type closuresPage struct {
	Layout
	Closures []closureRow
	Places   []closurePlace
	Form     closureForm
	// Clash says which booking is in the way of the closure.
	Clash string
}

// closureWhen says when a closure is, in words: whole days as days,
// otherwise with the times.
func closureWhen(start, end time.Time, loc *time.Location, now time.Time) string {
	start, end = start.In(loc), end.In(loc)
	date := func(t time.Time) string {
		if t.Year() != now.In(loc).Year() {
			return t.Format("Monday 2 January 2006")
		}
		return t.Format("Monday 2 January")
	}
	midnight := func(t time.Time) bool { return t.Hour() == 0 && t.Minute() == 0 }
	switch {
	case midnight(start) && midnight(end):
		last := end.AddDate(0, 0, -1)
		if last.YearDay() == start.YearDay() && last.Year() == start.Year() {
			return date(start) + ", all day"
		}
		return date(start) + " to " + date(last) + ", all day"
	case start.YearDay() == end.YearDay() && start.Year() == end.Year():
		return date(start) + ", " + start.Format("15:04") + " to " + end.Format("15:04")
	}
	return date(start) + " " + start.Format("15:04") + " to " + date(end) + " " + end.Format("15:04")
}

// closureRow is a closure as the list shows it.
type closureRow struct {
	store.Closure
	When string
}

// renderClosures shows the list and the form with status.
func (s *Server) renderClosures(c *gin.Context, status int, page closuresPage) {
	ctx := c.Request.Context()
	closures, err := s.deps.Store.UpcomingClosures(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	page.Closures = make([]closureRow, len(closures))
	for i, cl := range closures {
		page.Closures[i] = closureRow{Closure: cl, When: closureWhen(cl.StartsAt, cl.EndsAt, s.deps.Location, s.deps.Now())}
	}
	if page.Places == nil {
		if page.Places, err = s.closurePlaces(c); err != nil {
			s.serverError(c, err)
			return
		}
	}
	page.Layout = s.layout(c, "Closures")
	s.render(c, status, "staff-closures", page)
}

// closurePlaces are the venues and their spaces, to choose from.
func (s *Server) closurePlaces(c *gin.Context) ([]closurePlace, error) {
	ctx := c.Request.Context()
	venues, err := s.deps.Store.Venues(ctx)
	if err != nil {
		return nil, err
	}
	spaces, err := s.deps.Store.SpacesByVenue(ctx)
	if err != nil {
		return nil, err
	}
	places := make([]closurePlace, len(venues))
	for i, v := range venues {
		places[i] = closurePlace{Venue: v, Spaces: spaces[v.ID]}
	}
	return places, nil
}

// closureList shows the closures to come and the form to add one.
func (s *Server) closureList(c *gin.Context) {
	s.renderClosures(c, http.StatusOK, closuresPage{})
}

// closureCreate closes a venue or a space, unless bookings are in the way:
// then the form comes back (409) saying which.
func (s *Server) closureCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	places, err := s.closurePlaces(c)
	if err != nil {
		s.serverError(c, err)
		return
	}
	page := closuresPage{Places: places, Form: readClosureForm(c)}
	f := &page.Form
	r := f.request(places, s.deps.Location, s.deps.Now())
	if f.Errors.Any() {
		s.renderClosures(c, http.StatusUnprocessableEntity, page)
		return
	}
	_, err = s.deps.Store.CloseSpaces(c.Request.Context(), actor(c), r)
	if refused, ok := errors.AsType[*store.SpaceRefused](err); ok {
		f.refused(refused)
		s.renderClosures(c, http.StatusUnprocessableEntity, page)
		return
	}
	if errors.Is(err, model.ErrClash) {
		page.Clash = "It cannot be closed then: there is a booking in the way. Move or cancel it first, then add the closure."
		if clash, ok := errors.AsType[*model.Clash](err); ok {
			page.Clash = clash.Error() + ". Move or cancel it first, then add the closure."
		}
		s.renderClosures(c, http.StatusConflict, page)
		return
	}
	if s.failed(c, err) {
		return
	}
	s.flash(c, "Closure added: "+closureWhen(r.StartsAt, r.EndsAt, s.deps.Location, s.deps.Now())+", "+r.Reason+".")
	c.Redirect(http.StatusSeeOther, "/staff/closures")
}

// closureRemove removes a closure (every space of a whole venue's),
// freeing the spaces.
func (s *Server) closureRemove(c *gin.Context) {
	err := s.deps.Store.RemoveClosure(c.Request.Context(), actor(c), c.Param("id"))
	switch {
	case isNotFound(err):
		s.flash(c, "That closure had already been removed.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Closure removed: the spaces can be booked again.")
	}
	c.Redirect(http.StatusSeeOther, "/staff/closures")
}
