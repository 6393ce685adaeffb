package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// deskCancel cancels a booking from the desk, or removes a record of
// walk-ins typed wrongly. The store frees the places and gives them to the
// waiting list in the same transaction.
func (s *Server) deskCancel(c *gin.Context) {
	b, ok := s.deskFindRecord(c)
	if !ok || !s.parseForm(c) {
		return
	}
	what, back := "Booking "+b.Reference, "/desk/bookings/"+b.Reference
	if b.Source == model.SourceWalkIn {
		what = "The record of " + pluralise(b.PartySize, "walk-in", "walk-ins")
		back = "/desk/sessions/" + b.Session.PublicID + "/walk-ins"
	}
	_, err := s.deps.Store.CancelBooking(c.Request.Context(), actor(c), store.BookingKey{Reference: b.Reference})
	switch {
	case errors.Is(err, model.ErrBookingCancelled):
		s.flash(c, what+" was already cancelled.")
	case s.failed(c, err):
		return
	case b.Source == model.SourceWalkIn:
		s.flash(c, what+" is removed.")
	default:
		s.flash(c, what+" cancelled.")
	}
	c.Redirect(http.StatusSeeOther, back)
}
