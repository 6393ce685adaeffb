package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/store"
)

// seriesDate is one date of a repeating space booking: at the preview,
// whether it is free; once booked, the booking or why not.
type seriesDate struct {
	StartsAt, EndsAt time.Time
	// Value is the date as the form sends it back (YYYY-MM-DD).
	Value string
	Free  bool
	// Problem says in words why the date cannot be booked: the booking in
	// the way, or a rule it breaks.
	Problem string
	// Booking is the public id of the booking made for the date.
	Booking string
}

type spaceSeriesPage struct {
	Layout
	Space store.BookableSpace
	Form  spaceBookingForm
	Dates []seriesDate
	// Free counts the dates free at the preview; Booked those booked.
	Free, Booked int
	// Done is set once the chosen dates have been booked.
	Done bool
	// Waits is set when the partner's bookings wait for staff.
	Waits bool
}

// Action is where the preview's form posts to book the free dates.
func (p spaceSeriesPage) Action() string {
	return "/rooms/" + p.Space.Venue.Slug + "/" + p.Space.Space.Slug + "/book/confirm"
}

// Back is the room's own page.
func (p spaceSeriesPage) Back() string {
	return "/rooms/" + p.Space.Venue.Slug + "/" + p.Space.Space.Slug
}

// previewSpaceSeries shows which dates of a repeating booking are free and
// which are not (and why), to book the free ones or none. Nothing is
// booked yet: the dates are checked again, one by one, when booked.
func (s *Server) previewSpaceSeries(c *gin.Context, form spaceBookingFormPage, plan spaceBookingPlan, who spaceBooker) {
	page := s.seriesPage(c, form)
	page.Form.Dates = nil
	for _, r := range plan.requests {
		d := s.seriesDate(r)
		err := s.deps.Store.PreviewSpaceBooking(c.Request.Context(), r, who.viewer())
		if !s.dateProblem(c, &d, err, who) {
			return
		}
		if d.Free {
			page.Free++
			page.Form.Dates = append(page.Form.Dates, d.Value)
		}
		page.Dates = append(page.Dates, d)
	}
	s.render(c, http.StatusOK, "space-booking-series", page)
}

// bookSpaceSeries books each chosen date in its own transaction, under one
// series id, and reports each: a date taken since the preview is named
// with what took it, and the others are booked all the same.
func (s *Server) bookSpaceSeries(c *gin.Context, form spaceBookingFormPage, plan spaceBookingPlan, who spaceBooker) {
	page := s.seriesPage(c, form)
	page.Done = true
	series := store.NewSeries()
	for _, r := range plan.requests {
		d := s.seriesDate(r)
		if !form.Form.Chosen(d.Value) {
			continue
		}
		r.Series = series
		b, err := s.deps.Store.BookSpace(c.Request.Context(), actor(c), r)
		if !s.dateProblem(c, &d, err, who) {
			return
		}
		if err == nil {
			d.Booking = b.PublicID
			page.Booked++
		}
		page.Dates = append(page.Dates, d)
	}
	status := http.StatusOK
	if page.Booked == 0 {
		status = http.StatusConflict
	}
	s.render(c, status, "space-booking-series", page)
}

func (s *Server) seriesPage(c *gin.Context, form spaceBookingFormPage) spaceSeriesPage {
	return spaceSeriesPage{Layout: s.layout(c, "Book "+form.Space.Space.Name+" on several dates"),
		Space: form.Space, Form: form.Form, Waits: form.Waits}
}

func (s *Server) seriesDate(r store.SpaceBookingRequest) seriesDate {
	return seriesDate{StartsAt: r.StartsAt, EndsAt: r.EndsAt, Value: r.StartsAt.In(s.deps.Location).Format(time.DateOnly)}
}

// dateProblem records on d what err says about its date (nil: free), or
// answers with the error page and returns false for an unexpected error.
func (s *Server) dateProblem(c *gin.Context, d *seriesDate, err error, who spaceBooker) bool {
	if refused, ok := errors.AsType[*store.SpaceRefused](err); ok {
		d.Problem = refused.Reason
		return true
	}
	if msg := clashMessage(err, who.viewer()); msg != "" {
		d.Problem = msg
		return true
	}
	if err != nil {
		s.serverError(c, err)
		return false
	}
	d.Free = true
	return true
}
