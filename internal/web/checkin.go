package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// checkInURL is the absolute check-in link of booking b, for its QR code
// on the confirmation page and in its emails: a member of staff scans it,
// signed in, and marks the party arrived with one tap. It is "" when the
// service has no key for check-in links. b.Session.PublicID must be set.
func (s *Server) checkInURL(b model.Booking) string {
	if s.deps.CheckIns == nil || s.deps.BaseURL == nil {
		return ""
	}
	return s.deps.BaseURL.JoinPath("check-in", auth.CheckInCode(s.deps.CheckIns, b.Reference, b.Session.PublicID)).String()
}

// checkInPage is a scanned check-in link: the booking and one button, or
// a plain message saying why it cannot be marked.
type checkInPage struct {
	Layout
	Booking model.Booking
	Code    string
	// Problem is why nothing can be marked; the page then shows only it.
	Problem string
	// Arrived is the booking's mark when the whole party is marked as
	// come; Partly when only some of it is (the rest may come late).
	Arrived, Partly string
}

// checkInShow shows what a check-in link names, to staff, navigators and
// the session's partner signed in (requireRole sends anyone else to sign
// in and back): the booking and a button to mark it arrived.
func (s *Server) checkInShow(c *gin.Context) {
	b, ok := s.checkInBooking(c)
	if !ok {
		return
	}
	s.renderCheckIn(c, http.StatusOK, checkInPage{Booking: b})
}

// checkIn marks the booking a check-in link names as arrived in full.
func (s *Server) checkIn(c *gin.Context) {
	b, ok := s.checkInBooking(c)
	if !ok {
		return
	}
	_, already, err := s.deps.Store.CheckIn(c.Request.Context(), actor(c), store.Mark{SessionPublicID: b.Session.PublicID,
		Reference: b.Reference, Scope: registerScope(c), Until: s.endOfToday()})
	switch {
	case err != nil:
		s.checkInRefused(c, b, err)
		return
	case !already:
		s.flash(c, "Marked as arrived: "+whoMarked(b)+", "+pluralise(b.PartySize, "person", "people")+".")
	}
	c.Redirect(http.StatusSeeOther, "/check-in/"+c.Param("code"))
}

// checkInBooking reads the booking the :code parameter names when the code
// is genuine and the signed-in person may mark it, answering with a plain
// message page itself otherwise: 404 for a code that is not genuine (or
// another partner's session), 409 for a booking that cannot be marked now.
func (s *Server) checkInBooking(c *gin.Context) (model.Booking, bool) {
	code := c.Param("code")
	ref, ok := auth.CheckInReference(code)
	if !ok || s.deps.CheckIns == nil {
		s.checkInNotValid(c)
		return model.Booking{}, false
	}
	b, err := s.deps.Store.Booking(c.Request.Context(), store.BookingKey{Reference: ref})
	switch {
	case isNotFound(err):
		s.checkInNotValid(c)
		return model.Booking{}, false
	case err != nil:
		s.serverError(c, err)
		return model.Booking{}, false
	}
	m := b.Session
	if !auth.VerifyCheckInCode(s.deps.CheckIns, code, b.Reference, m.PublicID) || b.Source == model.SourceWalkIn || !m.Status.Public() {
		s.checkInNotValid(c)
		return model.Booking{}, false
	}
	if scope := registerScope(c); scope != nil && (m.Partner == nil || m.Partner.ID != scope.PartnerID) {
		s.checkInNotValid(c)
		return model.Booking{}, false
	}
	r, err := s.deps.Store.Register(c.Request.Context(), m.PublicID, registerScope(c))
	if s.failed(c, err) {
		return model.Booking{}, false
	}
	switch {
	case b.Status == model.BookingCancelled:
		err = model.ErrBookingCancelled
	case m.Cancelled():
		err = model.ErrSessionCancelled
	case b.Status == model.BookingWaitlisted:
		err = model.ErrNotConfirmed
	case r.Closed():
		err = model.ErrRegisterClosed
	case !m.StartsAt.Before(s.endOfToday()):
		err = model.ErrRegisterNotYet
	case s.checkInOver(m):
		err = errCheckInOver
	}
	if err != nil {
		s.checkInRefused(c, b, err)
		return model.Booking{}, false
	}
	return b, true
}

// errCheckInOver means a check-in link was scanned after its session's
// day: nobody arrives at a session that is over, so an old link marks
// nothing, though the register still takes marks typed in afterwards.
var errCheckInOver = errors.New("check-in link of a session that is over")

// checkInOver reports whether the day of m is past: it started before
// today (in the service's time zone) and has ended. A session that runs
// past midnight takes check-ins until it ends.
func (s *Server) checkInOver(m model.Session) bool {
	now := s.deps.Now()
	return m.StartsAt.Before(deskDayStart(now, s.deps.Location)) && m.Ended(now)
}

// checkInNotValid answers a check-in link that names no booking the
// person may mark: tampered with, unknown, or another partner's.
func (s *Server) checkInNotValid(c *gin.Context) {
	s.renderCheckIn(c, http.StatusNotFound, checkInPage{Problem: "This check-in link is not valid. " +
		"Ask for the booking reference and check the person in on the session's register instead."})
}

// checkInRefused answers a booking that cannot be marked now: why, and
// nothing changed.
func (s *Server) checkInRefused(c *gin.Context, b model.Booking, err error) {
	m := b.Session
	when := "This booking is for " + m.Title + " on " + m.StartsAt.In(s.deps.Location).Format("Monday 2 January 2006") + "."
	var msg string
	switch {
	case errors.Is(err, model.ErrBookingCancelled):
		msg = "This booking (" + b.Reference + ") was cancelled, so there is nothing to mark. " + when
	case errors.Is(err, model.ErrSessionCancelled):
		msg = "This session was cancelled. " + when
	case errors.Is(err, model.ErrNotConfirmed):
		msg = "This booking (" + b.Reference + ") is on the waiting list: it has no place at the session. " + when
	case errors.Is(err, model.ErrRegisterClosed):
		msg = when + " Its register is closed, so nothing was changed."
	case errors.Is(err, model.ErrRegisterNotYet):
		msg = when + " Check the person in on that day. Nothing was changed."
	case errors.Is(err, errCheckInOver):
		msg = when + " That day is over, so nothing was changed. To correct who came, mark the booking on the session's register."
	case isNotFound(err):
		s.checkInNotValid(c)
		return
	default:
		s.serverError(c, err)
		return
	}
	s.renderCheckIn(c, http.StatusConflict, checkInPage{Booking: b, Problem: msg})
}

// renderCheckIn shows the check-in page with status.
func (s *Server) renderCheckIn(c *gin.Context, status int, p checkInPage) {
	p.Code = c.Param("code")
	title := "Check in"
	if p.Problem == "" {
		title = "Check in " + p.Booking.Name
		switch a := p.Booking.Attended; {
		case a == nil || *a == 0:
		case *a < p.Booking.PartySize:
			p.Partly = fmt.Sprintf("%d of %d came", *a, p.Booking.PartySize)
		case p.Booking.PartySize > 1:
			p.Arrived = fmt.Sprintf("came (%d of %d)", *a, p.Booking.PartySize)
		default:
			p.Arrived = "came"
		}
	}
	p.Layout = s.layout(c, title)
	s.render(c, status, "check-in", p)
}
