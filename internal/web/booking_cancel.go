package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// bookingCancelForm asks the holder to confirm cancelling, so that a
// mis-tap on a phone does not give their place away.
func (s *Server) bookingCancelForm(c *gin.Context) {
	page, ok := s.bookingFromLink(c)
	if !ok {
		return
	}
	if !page.CanChange {
		s.render(c, http.StatusConflict, "booking", page)
		return
	}
	page.Title = "Cancel your booking?"
	s.render(c, http.StatusOK, "booking-cancel", page)
}

// bookingCancel cancels the booking by its holder. The places go to the
// first people on the waitlist whose party fits, in the same transaction.
func (s *Server) bookingCancel(c *gin.Context) {
	page, ok := s.bookingFromLink(c)
	if !ok || !s.parseForm(c) {
		return
	}
	b, err := s.deps.Store.CancelBooking(c.Request.Context(), model.Actor{}, store.BookingKey{TokenHash: auth.HashToken(page.Token)})
	if err != nil {
		s.bookingLocked(c, page, err)
		return
	}
	if b.Status == model.BookingWaitlisted {
		bookingDone(c, page, "left")
		return
	}
	bookingDone(c, page, "cancelled")
}
