package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/store"
)

// lostPage asks for the email address a booking was made with, and then
// gives the same answer whether or not there are bookings.
type lostPage struct {
	Layout
	Email  string
	Sent   bool
	Errors fieldErrors
}

// bookingLost helps someone who has lost the link to their booking: it
// can be emailed again to the address the booking was made with, and the
// page says how the desk and the phone line can help.
func (s *Server) bookingLost(c *gin.Context) {
	s.render(c, http.StatusOK, "booking-lost", lostPage{Layout: s.layout(c, "Lost the link to your booking?")})
}

// bookingLinks emails the links of the live bookings made with the address
// typed, to that address only, and answers the same page whether or not
// there are any: the form never says what an address has booked.
func (s *Server) bookingLinks(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	c.Header("Cache-Control", "no-store")
	page := lostPage{Layout: s.layout(c, "Lost the link to your booking?"), Email: strings.TrimSpace(c.PostForm("email"))}
	switch {
	case page.Email == "":
		page.Errors.add("email", "Enter the email address you booked with")
	case !store.ValidEmail(page.Email):
		page.Errors.add("email", "Enter an email address like name@example.com")
	}
	if page.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "booking-lost", page)
		return
	}
	email := store.NormaliseEmail(page.Email)
	send, ok := s.emailFormLimited(c, email, "link")
	if !ok {
		return
	}
	if send {
		nonce, _ := auth.NewToken()
		if s.failed(c, s.deps.Store.QueueBookingLinks(c.Request.Context(), email, nonce)) {
			return
		}
	}
	page.Sent, page.Title = true, "Check your email"
	s.render(c, http.StatusOK, "booking-lost", page)
}
