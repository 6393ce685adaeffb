package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// deskParty changes the size of a booking's party: navigators may make it
// bigger, when the places are there, or smaller, which frees places for
// the waiting list.
func (s *Server) deskParty(c *gin.Context) {
	b, ok := s.deskFindBooking(c)
	if !ok || !s.parseForm(c) {
		return
	}
	p := deskBookingPage{Booking: b, Adults: trimmed(c, "adults"), Children: trimmed(c, "children")}
	change, errs := deskPartyChange(p.Adults, p.Children)
	if errs.Any() {
		p.Errors = errs
		s.renderDeskBooking(c, http.StatusUnprocessableEntity, p)
		return
	}
	if b.Live() && change.PartySize == b.PartySize && b.Children != nil && *change.Children == *b.Children {
		s.flash(c, "The party is the same as before: nothing changed.")
		c.Redirect(http.StatusSeeOther, "/desk/bookings/"+b.Reference)
		return
	}
	_, err := s.deps.Store.ChangeParty(c.Request.Context(), actor(c), store.BookingKey{Reference: b.Reference}, change)
	var short *model.NotEnoughPlacesError
	switch {
	case errors.As(err, &short):
		p.Short = deskOnlyLeft(short.Left) + " on this session, so the party cannot grow by " + strconv.Itoa(change.PartySize-b.PartySize) + "."
	case errors.Is(err, model.ErrBookingCancelled):
		p.Problem = "This booking is cancelled, so its party cannot change."
	case s.failed(c, err):
		return
	default:
		s.flash(c, "Party changed to "+deskPartyText(change.PartySize, *change.Children)+".")
		c.Redirect(http.StatusSeeOther, "/desk/bookings/"+b.Reference)
		return
	}
	// Show the booking as it is now.
	if p.Booking, err = s.deps.Store.Booking(c.Request.Context(), store.BookingKey{Reference: b.Reference}); s.failed(c, err) {
		return
	}
	s.renderDeskBooking(c, http.StatusConflict, p)
}

// deskPartyChange checks the party form: adults and children, at least
// one person and at most model.MaxParty.
func deskPartyChange(adultsText, childrenText string) (store.PartyChange, fieldErrors) {
	var errs fieldErrors
	party, children, ok := readParty(adultsText, childrenText, &errs)
	switch {
	case !ok:
	case party < 1:
		errs.add("adults", "Enter at least 1 person. To free all the places, cancel the booking instead")
	case party > model.MaxParty:
		errs.add("adults", fmt.Sprintf("A booking can hold up to %d people. For a bigger group, talk to the staff who run the session", model.MaxParty))
	}
	return store.PartyChange{PartySize: party, Children: &children}, errs
}
