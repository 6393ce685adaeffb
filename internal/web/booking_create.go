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
//
// A complete form goes straight to the store, which checks the session
// in the statement that books: the session is read only to draw the page
// again, so a booking costs one query.
func (s *Server) bookingCreate(c *gin.Context) {
	publicID := c.Param("id")
	if !validPublicID.MatchString(publicID) {
		s.notFound(c)
		return
	}
	if !s.parseForm(c) {
		return
	}
	c.Header("Cache-Control", "no-store")
	form := readBookingForm(c)
	req, errs := form.request(publicID, false, s.deps.ServicePhone)
	req.TokenSealed = s.seal(form.Token)
	form.Website = "" // never sent back: a browser that filled it in can try again
	var err error
	retryAfter := 0
	if !errs.Any() {
		var giveBack func()
		if retryAfter, giveBack = s.bookingLimited(c); retryAfter == 0 {
			req.Source = model.SourceOnline
			if _, err = s.deps.Store.BookPlaces(c.Request.Context(), req); err == nil {
				c.Redirect(http.StatusSeeOther, "/bookings/"+url.PathEscape(form.Token)+"?new=1")
				return
			}
			if isNotFound(err) {
				giveBack() // no session to book: not a booking post
			}
		}
	}
	m, ok := s.findSession(c)
	if !ok {
		return
	}
	page := s.sessionPage(c, m)
	page.Booking.Form = form
	var notEnough *model.NotEnoughPlacesError
	switch {
	case errs.Any() && !page.Booking.Open:
		s.bookingRefused(c, page, bookingClosedReason(m, page))
	case errs.Any():
		page.Booking.Errors = errs
		s.render(c, http.StatusUnprocessableEntity, "session", page)
	case retryAfter > 0:
		c.Header("Retry-After", strconv.Itoa(retryAfter))
		page.Booking.RetryAfter = waitText(retryAfter)
		s.render(c, http.StatusTooManyRequests, "session", page)
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
		// The session changed since the form was drawn: the page, read
		// after the refusal, shows it as it is.
		s.bookingRefused(c, page, bookingClosedReason(m, page))
	default:
		s.failed(c, err)
	}
}

// bookingLimited spends one of the client address's booking posts. It
// returns how many seconds to wait (0 when the post may go ahead) and a
// function that gives the post back. Only complete forms count: a person
// correcting their typing is not held up, and a library's shared address
// is spent on bookings.
func (s *Server) bookingLimited(c *gin.Context) (int, func()) {
	if s.bookingLimit == nil {
		return 0, func() {}
	}
	wait, giveBack := s.bookingLimit.Take(limitKey(c.ClientIP()), s.deps.Now())
	if wait <= 0 {
		return 0, giveBack
	}
	s.deps.Log.WarnContext(c.Request.Context(), "booking limited", "request_id", requestID(c), "remote", c.ClientIP())
	return int(math.Ceil(wait.Seconds())), giveBack
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
