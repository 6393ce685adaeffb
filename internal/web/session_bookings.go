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

// sessionBookingsPage is a session's bookings, waiting list and walk-ins,
// for staff, with the form that changes how many places it has.
type sessionBookingsPage struct {
	Layout
	Session model.Session
	// Booked are the confirmed bookings in the order made, walk-ins apart;
	// Waitlist is the waiting list in order (Position 1, 2, ...).
	Booked    []listedBooking
	Waitlist  []listedBooking
	WalkIns   []listedBooking
	Cancelled []listedBooking
	// WalkedIn is how many people the walk-in records count.
	WalkedIn int
	// Held is how many of the places left online booking cannot take now;
	// ReserveNote says until when, or that the reserve is open.
	Held        int
	ReserveNote string
	// ReserveHint explains the walk-in reserve next to its field.
	ReserveHint string
	Form        capacityForm
	Errors      fieldErrors
	// Conflict says someone else changed the session since the page opened.
	Conflict bool
}

// CanChangePlaces reports whether the page offers the capacity form: only
// a session in the programme that people book has places to change.
func (p sessionBookingsPage) CanChangePlaces() bool {
	return p.Session.BookingRequired && p.Session.Status == model.StatusScheduled
}

// listedBooking is a booking as a row of the page: its place in the
// waiting list, and the time that matters (recorded, cancelled) in words.
type listedBooking struct {
	model.Booking
	Position int
	At       string
}

// Party says who the booking is for: adults and children when children
// were asked, otherwise how many people.
func (b listedBooking) Party() string {
	if b.Children == nil {
		return pluralise(b.PartySize, "person", "people")
	}
	party := pluralise(b.Adults(), "adult", "adults")
	if *b.Children > 0 {
		party += ", " + pluralise(*b.Children, "child", "children")
	}
	return party
}

// capacityForm is the capacity form as the person filled it in.
type capacityForm struct {
	Capacity, Reserve, Version string
}

// capacityFormOf fills the capacity form from the session as it is.
func capacityFormOf(m model.Session) capacityForm {
	f := capacityForm{Reserve: strconv.Itoa(m.WalkInReserve), Version: store.Version(m.UpdatedAt)}
	if m.Capacity != nil {
		f.Capacity = strconv.Itoa(*m.Capacity)
	}
	return f
}

// validate checks the form against m and returns the places and the
// reserve to save.
func (f capacityForm) validate(m model.Session) (capacity, reserve int, errs fieldErrors) {
	capacity, err := strconv.Atoi(strings.ReplaceAll(f.Capacity, ",", ""))
	switch {
	case f.Capacity == "" || err != nil || capacity < 1 || capacity > 10000:
		errs.add("capacity", "Enter how many places, as a number from 1 to 10,000")
	case m.Space != nil && capacity > m.Space.Capacity:
		errs.add("capacity", fmt.Sprintf("%s holds %d people: enter %d places or fewer, or choose a larger room in the session form",
			m.Space.Name, m.Space.Capacity, m.Space.Capacity))
	case capacity < m.PlacesBooked:
		errs.add("capacity", belowBookedText(m.PlacesBooked))
	}
	reserve, ok := parseReserve(f.Reserve)
	switch {
	case !ok:
		errs.add("reserve", "Enter how many places to hold for walk-ins as a number, or 0 for none")
	case !errs.Any() && reserve > capacity:
		errs.add("reserve", fmt.Sprintf("Enter how many places to hold for walk-ins, as a number from 0 to %d (the places)", capacity))
	}
	return capacity, reserve, errs
}

// parseReserve reads a walk-in reserve as typed: empty is none.
func parseReserve(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	return n, err == nil && n >= 0 && n <= 10000
}

// belowBookedText asks for at least as many places as are booked.
func belowBookedText(booked int) string {
	return fmt.Sprintf("%s booked: enter %d or more", pluralise(booked, "place is", "places are"), booked)
}

// reserveHint explains the walk-in reserve with the service's rule for
// when it opens to online booking.
func reserveHint(opens time.Duration) string {
	until := "right up to the start"
	if opens > 0 {
		until = "until " + durationText(opens) + " before the start"
	}
	return "Online booking leaves these places for people who turn up on the day, " + until + ". Navigators at the desk can use them."
}

// durationText says a duration in hours and minutes: "2 hours", "1 hour
// 30 minutes", "45 minutes".
func durationText(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return pluralise(m, "minute", "minutes")
	case m == 0:
		return pluralise(h, "hour", "hours")
	}
	return pluralise(h, "hour", "hours") + " " + pluralise(m, "minute", "minutes")
}

// bookingsSession loads the session named by :id for its bookings page:
// a proposal has no bookings, so it is not found here.
func (s *Server) bookingsSession(c *gin.Context) (model.Session, bool) {
	m, ok := s.staffSession(c)
	if ok && !m.Status.Public() {
		s.notFound(c)
		return m, false
	}
	return m, ok
}

// sessionBookings shows staff who has booked a session, who is waiting,
// who walked in and who cancelled, and lets them change its places.
func (s *Server) sessionBookings(c *gin.Context) {
	m, ok := s.bookingsSession(c)
	if !ok {
		return
	}
	s.renderBookings(c, http.StatusOK, m, sessionBookingsPage{Form: capacityFormOf(m)})
}

// renderBookings shows m's bookings page with page's form, problems and
// conflict; status is 200, 409 or 422.
func (s *Server) renderBookings(c *gin.Context, status int, m model.Session, page sessionBookingsPage) {
	bookings, err := s.deps.Store.SessionBookings(c.Request.Context(), m.PublicID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	loc := s.deps.Location
	for _, b := range bookings {
		row := listedBooking{Booking: b}
		switch {
		case b.Status == model.BookingCancelled:
			if b.CancelledAt != nil {
				row.At = b.CancelledAt.In(loc).Format("Monday 2 January, 15:04")
			}
			page.Cancelled = append(page.Cancelled, row)
		case b.Source == model.SourceWalkIn:
			row.At = b.CreatedAt.In(loc).Format("15:04")
			page.WalkIns = append(page.WalkIns, row)
			page.WalkedIn += b.PartySize
		case b.Status == model.BookingWaitlisted:
			row.Position = len(page.Waitlist) + 1
			page.Waitlist = append(page.Waitlist, row)
		default:
			page.Booked = append(page.Booked, row)
		}
	}
	page.Session = m
	page.Held = s.deps.Booking.Held(m, s.deps.Now())
	page.ReserveNote = s.reserveNote(m)
	page.ReserveHint = reserveHint(s.deps.Booking.ReserveOpens)
	page.Layout = s.layout(c, "Bookings for "+m.Title)
	s.render(c, status, "session-bookings", page)
}

// reserveNote says when m's walk-in reserve opens to online booking.
func (s *Server) reserveNote(m model.Session) string {
	if m.WalkInReserve == 0 || !m.BookingRequired {
		return ""
	}
	opens := m.StartsAt.Add(-s.deps.Booking.ReserveOpens)
	if !s.deps.Now().Before(opens) {
		return "The walk-in reserve is open to online booking now."
	}
	loc := s.deps.Location
	at := opens.In(loc).Format("15:04")
	if dateOf(opens.In(loc)) != dateOf(m.StartsAt.In(loc)) {
		at = opens.In(loc).Format("Monday 2 January, 15:04")
	}
	return fmt.Sprintf("%s held for walk-ins. Online booking can take them from %s.",
		pluralise(m.WalkInReserve, "place is", "places are"), at)
}

// sessionCapacity changes a session's places and walk-in reserve. More
// places go to the waiting list at once, first in line that fits first.
func (s *Server) sessionCapacity(c *gin.Context) {
	m, ok := s.bookingsSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	back := "/staff/sessions/" + m.PublicID + "/bookings"
	if !(sessionBookingsPage{Session: m}).CanChangePlaces() {
		s.flash(c, "Only a session in the programme that people book has places to change: change the session itself in its form.")
		c.Redirect(http.StatusSeeOther, back)
		return
	}
	ctx := c.Request.Context()
	form := capacityForm{
		Capacity: strings.TrimSpace(c.PostForm("capacity")),
		Reserve:  strings.TrimSpace(c.PostForm("reserve")),
		Version:  c.PostForm("version"),
	}
	capacity, reserve, errs := form.validate(m)
	if errs.Any() {
		s.renderBookings(c, http.StatusUnprocessableEntity, m, sessionBookingsPage{Form: form, Errors: errs})
		return
	}
	promoted, err := s.deps.Store.SetCapacity(ctx, actor(c), m.PublicID, form.Version, capacity, reserve)
	if below, ok := errors.AsType[*store.BelowBookedError](err); ok {
		errs.add("capacity", belowBookedText(below.Session.PlacesBooked))
		s.renderBookingsNow(c, http.StatusUnprocessableEntity, m.PublicID, sessionBookingsPage{Form: form, Errors: errs})
		return
	}
	if errors.Is(err, model.ErrConflict) {
		s.renderBookingsNow(c, http.StatusConflict, m.PublicID, sessionBookingsPage{Form: form, Conflict: true})
		return
	}
	if s.failed(c, err) {
		return
	}
	s.flash(c, capacityFlash(capacity, reserve, promoted, m.WaitlistLength > 0))
	c.Redirect(http.StatusSeeOther, back)
}

// renderBookingsNow shows the bookings page of the session publicID as it
// is now, with the person's form kept and carrying the current version, so
// that saving again applies what they typed to what they now see.
func (s *Server) renderBookingsNow(c *gin.Context, status int, publicID string, page sessionBookingsPage) {
	m, err := s.deps.Store.Session(c.Request.Context(), publicID)
	if s.failed(c, err) {
		return
	}
	page.Form.Version = store.Version(m.UpdatedAt)
	s.renderBookings(c, status, m, page)
}

// capacityFlash says what changing the places did: the new figures, and
// how many people moved off the waiting list (promoted, counted in the
// change's transaction); waited says whether anyone was waiting.
func capacityFlash(capacity, reserve, promoted int, waited bool) string {
	held := "none"
	if reserve > 0 {
		held = strconv.Itoa(reserve)
	}
	msg := fmt.Sprintf("The session now has %s, %s held for walk-ins.", pluralise(capacity, "place", "places"), held)
	switch {
	case promoted == 1:
		msg += " 1 person moved off the waiting list and now has a place."
	case promoted > 1:
		msg += fmt.Sprintf(" %d people moved off the waiting list and now have places.", promoted)
	case waited:
		msg += " Nobody moved off the waiting list: no one waiting fits in the places free to them."
	}
	return msg
}
