package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// lostLinks is the "Lost the link to your booking?" form: the links of the
// live bookings made with the address typed go to that address only, and
// the answer is the same whether or not there are any, so the form never
// says what an address has booked.
func (s *Server) lostLinks() emailForm {
	return emailForm{page: "booking-lost", title: "Lost the link to your booking?", limit: "link",
		empty: "Enter the email address you booked with", queue: s.deps.Store.QueueBookingLinks}
}

// bookingLost helps someone who has lost the link to their booking: it
// can be emailed again, and the page says how the desk and the phone line
// can help.
func (s *Server) bookingLost(c *gin.Context) {
	s.render(c, http.StatusOK, "booking-lost", emailFormPage{Layout: s.layout(c, "Lost the link to your booking?")})
}

// bookingLinks queues the emails with the links.
func (s *Server) bookingLinks(c *gin.Context) { s.postEmailForm(c, s.lostLinks()) }
