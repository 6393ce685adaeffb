package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// deskCancel cancels a booking from the desk. The store frees its places
// and gives them to the waiting list in the same transaction.
func (s *Server) deskCancel(c *gin.Context) {
	b, ok := s.deskFindBooking(c)
	if !ok || !s.parseForm(c) {
		return
	}
	_, err := s.deps.Store.CancelBooking(c.Request.Context(), actor(c), store.BookingKey{Reference: b.Reference})
	switch {
	case errors.Is(err, model.ErrBookingCancelled):
		s.flash(c, "Booking "+b.Reference+" was already cancelled.")
	case s.failed(c, err):
		return
	default:
		s.flash(c, "Booking "+b.Reference+" cancelled.")
	}
	c.Redirect(http.StatusSeeOther, "/desk/bookings/"+b.Reference)
}
