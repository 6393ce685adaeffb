package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// bookingPage is a booking as its holder sees it from the manage link.
type bookingPage struct {
	Layout
	Booking model.Booking
	// Token is the manage link's token, for the page's own links and forms.
	Token string
	// New shows the confirmation; Done says what the last action did.
	New  bool
	Done string
	// CanChange reports whether the holder may still cancel or reduce the
	// party: the booking is live and the session has not started.
	CanChange bool
	// The party form, as typed, and its problems.
	Adults, Children string
	Errors           fieldErrors
	// Ahead is how many parties wait ahead of a waitlisted booking.
	Ahead int
	// CheckIn is the QR code to show at the door, while it can be used.
	CheckIn *checkInQR
}

// URL is the manage page's own address.
func (p bookingPage) URL() string { return "/bookings/" + url.PathEscape(p.Token) }

// bookingShow is the booking's own page: the confirmation right after
// booking, and the place to manage it later from the link.
func (s *Server) bookingShow(c *gin.Context) {
	page, ok := s.bookingFromLink(c)
	if !ok {
		return
	}
	page.New = c.Query("new") == "1"
	page.Done = c.Query("done")
	s.render(c, http.StatusOK, "booking", page)
}

// bookingFromLink loads the booking whose manage token is in the path,
// answering a plain 404 itself for a malformed, unknown or expired one: a
// page that says nothing about whether the link ever worked. The page is
// never cached and sends no Referer, so the token stays with its holder.
func (s *Server) bookingFromLink(c *gin.Context) (bookingPage, bool) {
	token := s.takeToken(c)
	c.Header("X-Robots-Tag", "noindex")
	if !auth.WellFormedToken(token) {
		s.notFound(c)
		return bookingPage{}, false
	}
	b, err := s.deps.Store.Booking(c.Request.Context(), store.BookingKey{TokenHash: auth.HashToken(token)})
	if s.failed(c, err) {
		return bookingPage{}, false
	}
	title := "Your booking"
	if b.Status == model.BookingWaitlisted {
		title = "You are on the waitlist"
	}
	page := bookingPage{
		Layout:    s.layout(c, title),
		Booking:   b,
		Token:     token,
		CanChange: b.Live() && b.Session.Status == model.StatusScheduled && s.deps.Now().Before(b.Session.StartsAt),
		Adults:    strconv.Itoa(b.Adults()),
		Children:  "0",
	}
	if b.Children != nil {
		page.Children = strconv.Itoa(*b.Children)
	}
	page.CheckIn = s.bookingCheckInQR(b)
	if b.Status == model.BookingWaitlisted && page.CanChange {
		if page.Ahead, err = s.deps.Store.WaitlistAhead(c.Request.Context(), b.ID); s.failed(c, err) {
			return bookingPage{}, false
		}
	}
	return page, true
}

// bookingDone returns to the booking's page saying what happened.
func bookingDone(c *gin.Context, page bookingPage, done string) {
	c.Redirect(http.StatusSeeOther, page.URL()+"?done="+done)
}

// bookingLocked answers an action on a booking that can no longer change:
// 409 with the booking's page, which says why.
func (s *Server) bookingLocked(c *gin.Context, page bookingPage, err error) {
	switch {
	case errors.Is(err, model.ErrBookingCancelled), errors.Is(err, model.ErrBookingClosed):
		// Reload: it changed since the page was read.
		if fresh, ok := s.bookingFromLink(c); ok {
			s.render(c, http.StatusConflict, "booking", fresh)
		}
	default:
		s.failed(c, err)
	}
}
