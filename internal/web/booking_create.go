package web

import (
	"errors"
	"math"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// bookingCreate books places online from a session's page, with no
// account. Whatever happens, the person's typing is kept: problems come
// back on the form (422), as does a full session, a person already booked
// or a session that changed meanwhile (409), and too many posts from one
// address (429). A booking made, or a form sent twice, goes to the
// booking's own page, whose link is the way to manage it.
func (s *Server) bookingCreate(c *gin.Context) {
	m, ok := s.findSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	c.Header("Cache-Control", "no-store")
	page := s.sessionPage(c, m)
	form := readBookingForm(c)
	req, errs := form.request(m.PublicID, false, s.deps.ServicePhone)
	form.Website = "" // never sent back: a browser that filled it in can try again
	page.Booking.Form = form
	if !page.Booking.Open && errs.Any() {
		s.bookingRefused(c, page, bookingClosedReason(m, page))
		return
	}
	if errs.Any() {
		page.Booking.Errors = errs
		s.render(c, http.StatusUnprocessableEntity, "session", page)
		return
	}
	// Only forms that would book count: a person correcting typing is not
	// held up, and a library's shared address is spent on bookings alone.
	if s.bookingLimit != nil {
		if wait, _ := s.bookingLimit.Take(limitKey(c.ClientIP()), s.deps.Now()); wait > 0 {
			secs := int(math.Ceil(wait.Seconds()))
			c.Header("Retry-After", strconv.Itoa(secs))
			s.deps.Log.WarnContext(c.Request.Context(), "booking limited", "request_id", requestID(c), "remote", c.ClientIP())
			page.Booking.RetryAfter = waitText(secs)
			s.render(c, http.StatusTooManyRequests, "session", page)
			return
		}
	}
	// The store decides even when the page says booking has closed: a form
	// sent again after the cut-off finds the booking it made.
	req.Source = model.SourceOnline
	_, err := s.deps.Store.BookPlaces(c.Request.Context(), req)
	var notEnough *model.NotEnoughPlacesError
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/bookings/"+url.PathEscape(form.Token)+"?new=1")
	case errors.Is(err, model.ErrFormUsed):
		page.Booking.Form.Token = newBookingForm().Token
		page.Booking.FormUsed = true
		s.render(c, http.StatusConflict, "session", page)
	case errors.Is(err, model.ErrAlreadyBooked):
		page.Booking.AlreadyBooked = true
		s.render(c, http.StatusConflict, "session", page)
	case errors.As(err, &notEnough):
		page.Booking.NotEnough = notEnough
		page.Booking.Left = notEnough.Left
		s.render(c, http.StatusConflict, "session", page)
	case errors.Is(err, model.ErrSessionCancelled), errors.Is(err, model.ErrBookingClosed), errors.Is(err, model.ErrDropIn):
		// The session changed since the form was drawn: show it as it is.
		now, err := s.deps.Store.Session(c.Request.Context(), m.PublicID)
		if s.failed(c, err) {
			return
		}
		page = s.sessionPage(c, now)
		page.Booking.Form = form
		s.bookingRefused(c, page, bookingClosedReason(now, page))
	default:
		s.failed(c, err)
	}
}

// limitKey is the booking rate limit's key for a client address: the
// address itself, or for IPv6 its /64, which one household or device
// usually has whole.
func limitKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() || a.Is4In6() {
		return ip
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// bookingRefused shows the session's page with why it cannot be booked
// now, with 409: the session is not what the form was drawn for.
func (s *Server) bookingRefused(c *gin.Context, page sessionPage, reason string) {
	page.Booking.Changed = reason
	s.render(c, http.StatusConflict, "session", page)
}

// bookingClosedReason says in a sentence why m cannot be booked online.
func bookingClosedReason(m model.Session, page sessionPage) string {
	switch {
	case m.Cancelled():
		return "This session has been cancelled, so it cannot be booked."
	case page.Ended:
		return "This session has finished."
	case m.DropIn():
		return "This session is now a drop-in: there is no need to book, just come along."
	default:
		return "Booking for this session has closed."
	}
}
