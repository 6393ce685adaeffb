package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// bookingParty makes the holder's party smaller: the places freed go to
// the waitlist. Adding people needs places, so it is done by making a new
// booking or at the desk.
func (s *Server) bookingParty(c *gin.Context) {
	page, ok := s.bookingFromLink(c)
	if !ok || !s.parseForm(c) {
		return
	}
	page.Adults, page.Children = trimmed(c, "adults"), trimmed(c, "children")
	party, children, ok := readParty(page.Adults, page.Children, &page.Errors)
	switch {
	case !ok:
	case party < 1:
		page.Errors.add("adults", "Enter at least 1 person. To cancel the whole booking, use Cancel booking")
	case party == page.Booking.PartySize:
		page.Errors.add("adults", "That is the number already booked. Enter fewer people, or leave the booking as it is")
	case party > page.Booking.PartySize:
		page.Errors.add("adults", "You can only make your party smaller here. To bring more people, call "+s.deps.ServicePhone+" or ask at the desk")
	}
	if !page.CanChange {
		s.render(c, http.StatusConflict, "booking", page)
		return
	}
	if page.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "booking", page)
		return
	}
	_, err := s.deps.Store.ChangeParty(c.Request.Context(), model.Actor{}, store.BookingKey{TokenHash: auth.HashToken(page.Token)},
		store.PartyChange{PartySize: party, Children: &children})
	if err != nil {
		s.bookingLocked(c, page, err)
		return
	}
	bookingDone(c, page, "changed-"+strconv.Itoa(party))
}
