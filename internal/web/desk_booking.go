package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// deskBookingPage is one booking as the desk sees it, with what can be
// done to it.
type deskBookingPage struct {
	Layout
	Booking model.Booking
	// Party is the booking's party in words.
	Party   string
	History []deskEvent
	// New shows the confirmation of a booking just made.
	New bool
	// Adults and Children are the party form's values: the party as it
	// is, or as typed when the form comes back.
	Adults, Children string
	Errors           fieldErrors
	// Short says how many places are left when a bigger party did not
	// fit; Problem says why the party could not change.
	Short, Problem string
}

// deskEvent is one step of a booking's history in words.
type deskEvent struct {
	What, Who, When string
}

// deskBooking shows a booking found by its reference: the reference large
// enough to read out, the person and party, the session, who made it and
// its history, with printing a slip, changing the party and cancelling.
func (s *Server) deskBooking(c *gin.Context) {
	b, ok := s.deskFindBooking(c)
	if !ok {
		return
	}
	s.renderDeskBooking(c, http.StatusOK, deskBookingPage{Booking: b, New: c.Query("new") == "1",
		Adults: strconv.Itoa(b.Adults()), Children: strconv.Itoa(b.PartySize - b.Adults())})
}

// deskFindBooking loads the booking named by the :ref parameter,
// answering 404 itself for a malformed or unknown reference. Walk-ins have
// references too, but they are a count, not a booking to manage (only to
// remove: deskCancel).
func (s *Server) deskFindBooking(c *gin.Context) (model.Booking, bool) {
	b, ok := s.deskFindRecord(c)
	if ok && b.Source == model.SourceWalkIn {
		s.notFound(c)
		return model.Booking{}, false
	}
	return b, ok
}

// deskFindRecord is deskFindBooking with walk-in records too.
func (s *Server) deskFindRecord(c *gin.Context) (model.Booking, bool) {
	ref := strings.ToUpper(c.Param("ref"))
	if !deskReference.MatchString(ref) {
		s.notFound(c)
		return model.Booking{}, false
	}
	b, err := s.deps.Store.Booking(c.Request.Context(), store.BookingKey{Reference: ref})
	if s.failed(c, err) {
		return model.Booking{}, false
	}
	return b, true
}

// renderDeskBooking shows the booking page with status and its history.
func (s *Server) renderDeskBooking(c *gin.Context, status int, p deskBookingPage) {
	history, err := s.deskHistory(c.Request.Context(), p.Booking)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p.History = history
	p.Party = deskPartyText(p.Booking.PartySize, p.Booking.PartySize-p.Booking.Adults())
	p.Layout = s.layout(c, "Booking "+p.Booking.Reference)
	s.render(c, status, "desk-booking", p)
}

// deskHistory is b's history in words, oldest first, times in the
// service's time zone.
func (s *Server) deskHistory(ctx context.Context, b model.Booking) ([]deskEvent, error) {
	events, err := s.deps.Store.BookingHistory(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	out := make([]deskEvent, len(events))
	for i, e := range events {
		people := pluralise(e.PartySize, "person", "people")
		ev := deskEvent{Who: e.ActorName, When: s.localStamp(e.At)}
		switch e.Kind {
		case "booked":
			ev.What = "Booked for " + people
		case "waitlisted":
			ev.What = "Put on the waiting list, " + people
		case "promoted":
			ev.What = "Given places from the waiting list, " + people
		case "changed":
			ev.What = "Party changed to " + people
		case "cancelled":
			ev.What = "Cancelled"
		default:
			ev.What = e.Kind
		}
		if ev.Who == "" {
			ev.Who = "The person themselves"
			if e.Kind == "promoted" {
				ev.Who = "Automatically, when places came free"
			}
		}
		out[i] = ev
	}
	return out, nil
}

// deskPartyText is a party in words: "3 people (2 adults, 1 child)".
func deskPartyText(party, children int) string {
	if children == 0 {
		return pluralise(party, "person", "people")
	}
	return pluralise(party, "person", "people") + " (" + pluralise(party-children, "adult", "adults") + ", " + pluralise(children, "child", "children") + ")"
}
