package web

import (
	"cmp"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// deskSlipPage is a booking laid out to print and hand over.
type deskSlipPage struct {
	Layout
	Booking model.Booking
	Party   string
	// CallPhone is the number to call about the booking: the venue's, or
	// the service's.
	CallPhone string
}

// deskSlip is a printable slip for the person who booked: the reference
// large, the session, where and when, the party, and how to change or
// cancel. It prints on A6 or A4 without the site's navigation.
func (s *Server) deskSlip(c *gin.Context) {
	b, ok := s.deskFindBooking(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "desk-slip", deskSlipPage{
		Layout:    s.layout(c, "Booking slip "+b.Reference),
		Booking:   b,
		Party:     deskPartyText(b.PartySize, b.PartySize-b.Adults()),
		CallPhone: cmp.Or(b.Session.Venue.Phone, s.deps.ServicePhone),
	})
}
