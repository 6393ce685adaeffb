package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// registerPage is a session's register at the door: its bookings to mark,
// check-in by reference, walk-ins, and closing at the end.
type registerPage struct {
	Layout
	Register model.Register
	Totals   model.RegisterTotals
	Rows     []registerRow
	// NotYet is the day the register opens, when that is after today.
	NotYet string
	// CanMark says marks, check-ins and walk-ins are taken now; CanClose
	// that the session has started and the register is open; CanReopen
	// that the signed-in person may reopen a closed one (staff).
	CanMark, CanClose, CanReopen bool
	// Reference is the check-in form as typed; Count, Name and Postcode
	// the walk-ins form.
	Reference, Count, Name, Postcode string
	Errors                           fieldErrors
	// Problem says why an action changed nothing (another session's
	// booking, a closed register).
	Problem string
	// Back is where the person came from: their home or the session's
	// bookings.
	Back string
}

// registerRow is one booking on the register with the marks it offers.
type registerRow struct {
	model.Booking
	// Some are the counts between none and all of the party, for a party
	// of more than one.
	Some []int
}

// State is the booking's mark in words.
func (r registerRow) State() string {
	switch {
	case r.Attended == nil:
		return "Not marked"
	case *r.Attended == 0:
		return "No-show"
	case r.PartySize == 1:
		return "Came"
	}
	return "Came: " + strconv.Itoa(*r.Attended) + " of " + strconv.Itoa(r.PartySize)
}

// Is reports whether the booking is marked with came people.
func (r registerRow) Is(came int) bool { return r.Attended != nil && *r.Attended == came }

// registerScope is the signed-in person's view of registers: a partner's
// own organisation's sessions, or (nil) every session for staff and
// navigators.
func registerScope(c *gin.Context) *store.PartnerScope {
	if u, _ := currentUser(c); u.Role == model.RolePartner {
		scope, _ := partnerScope(c)
		return &scope
	}
	return nil
}

// registerBack is where the register page's back link leads the
// signed-in person: the session's bookings for staff, else their home.
func registerBack(c *gin.Context, m model.Session) string {
	u, _ := currentUser(c)
	switch u.Role {
	case model.RoleStaff, model.RoleAdmin:
		return "/staff/sessions/" + m.PublicID + "/bookings"
	case model.RolePartner:
		return "/partner"
	}
	return "/desk"
}

// registerPath is the register page of the session publicID.
func registerPath(publicID string) string { return "/registers/" + publicID }

// endOfToday is the start of tomorrow in the service's time zone: a
// register takes marks for sessions that start before it.
func (s *Server) endOfToday() time.Time {
	return deskDayStart(s.deps.Now(), s.deps.Location).AddDate(0, 0, 1)
}

// loadRegister reads the register the :id parameter names, as the
// signed-in person may see it, answering 404 itself.
func (s *Server) loadRegister(c *gin.Context) (model.Register, bool) {
	id := c.Param("id")
	if !validPublicID.MatchString(id) {
		s.notFound(c)
		return model.Register{}, false
	}
	r, err := s.deps.Store.Register(c.Request.Context(), id, registerScope(c))
	if s.failed(c, err) {
		return model.Register{}, false
	}
	return r, true
}

// registerShow shows a session's register.
func (s *Server) registerShow(c *gin.Context) {
	r, ok := s.loadRegister(c)
	if !ok {
		return
	}
	s.renderRegister(c, http.StatusOK, registerPage{Register: r})
}

// renderRegister shows the register in p.Register with status.
func (s *Server) renderRegister(c *gin.Context, status int, p registerPage) {
	r := p.Register
	m := r.Session
	now := s.deps.Now()
	p.Totals = r.Totals()
	p.Rows = make([]registerRow, len(r.Bookings))
	for i, b := range r.Bookings {
		p.Rows[i] = registerRow{Booking: b}
		for n := 1; n < b.PartySize; n++ {
			p.Rows[i].Some = append(p.Rows[i].Some, n)
		}
	}
	if !m.StartsAt.Before(s.endOfToday()) {
		p.NotYet = m.StartsAt.In(s.deps.Location).Format("Monday 2 January")
	}
	open := !m.Cancelled() && !r.Closed()
	p.CanMark = open && p.NotYet == ""
	p.CanClose = open && !now.Before(m.StartsAt)
	if u, ok := currentUser(c); ok {
		p.CanReopen = r.Closed() && u.Is(model.RoleStaff, model.RoleAdmin)
	}
	p.Back = registerBack(c, m)
	p.Layout = s.layout(c, "Register: "+m.Title)
	s.render(c, status, "register", p)
}

// registerRefusal is the plain message for an action on the register r
// that the store refused, with its status, or "" for an unexpected error.
func (s *Server) registerRefusal(c *gin.Context, r model.Register, ref string, err error) (string, int) {
	m := r.Session
	switch {
	case errors.Is(err, model.ErrRegisterClosed):
		if u, _ := currentUser(c); u.Is(model.RoleStaff, model.RoleAdmin) {
			return "The register is closed, so nothing was changed. Reopen it to correct it.", http.StatusConflict
		}
		return "The register is closed, so nothing was changed. Ask staff to reopen it if something needs correcting.", http.StatusConflict
	case errors.Is(err, model.ErrRegisterNotYet), errors.Is(err, model.ErrNotToday):
		return "The register opens on the day of the session, " + m.StartsAt.In(s.deps.Location).Format("Monday 2 January") + ". Nothing was changed.", http.StatusConflict
	case errors.Is(err, model.ErrNotStarted):
		return "The session has not started yet, so the register cannot be closed.", http.StatusConflict
	case errors.Is(err, model.ErrSessionCancelled):
		return "This session is cancelled, so there is no register to keep.", http.StatusConflict
	case errors.Is(err, model.ErrOtherSession):
		return ref + " is a booking for another session, not this one. Nothing was changed.", http.StatusConflict
	case errors.Is(err, model.ErrBookingCancelled):
		return ref + " was cancelled, so it is not on the register. Nothing was changed.", http.StatusConflict
	case errors.Is(err, model.ErrNotConfirmed):
		return ref + " is on the waiting list, so it has no place at this session. Nothing was changed.", http.StatusConflict
	}
	return "", 0
}

// registerClose closes the register: bookings not marked count as
// no-shows, and the marks are final until staff reopen it.
func (s *Server) registerClose(c *gin.Context) {
	r, ok := s.loadRegister(c)
	if !ok {
		return
	}
	m := r.Session
	n, err := s.deps.Store.CloseRegister(c.Request.Context(), actor(c), m.PublicID, registerScope(c))
	if err != nil {
		s.registerFailed(c, r, "", err)
		return
	}
	msg := "The register is closed."
	if n > 0 {
		msg += " " + pluralise(n, "booking not marked now counts as a no-show.", "bookings not marked now count as no-shows.")
	}
	s.flash(c, msg)
	c.Redirect(http.StatusSeeOther, registerPath(m.PublicID))
}

// registerReopen opens a closed register again, for staff to correct it.
func (s *Server) registerReopen(c *gin.Context) {
	r, ok := s.loadRegister(c)
	if !ok {
		return
	}
	if s.failed(c, s.deps.Store.ReopenRegister(c.Request.Context(), actor(c), r.Session.PublicID)) {
		return
	}
	s.flash(c, "The register is open again. Close it when the marks are right.")
	c.Redirect(http.StatusSeeOther, registerPath(r.Session.PublicID))
}

// registerFailed answers an action the store refused with the register
// page and a plain message (read again, as it is now), or the error page.
func (s *Server) registerFailed(c *gin.Context, r model.Register, ref string, err error) {
	msg, status := s.registerRefusal(c, r, ref, err)
	if msg == "" {
		s.failed(c, err)
		return
	}
	s.renderRegisterAgain(c, status, registerPage{Register: r, Problem: msg})
}

// renderRegisterAgain reads the register again (someone may have changed
// it) and renders p with it and status.
func (s *Server) renderRegisterAgain(c *gin.Context, status int, p registerPage) {
	fresh, err := s.deps.Store.Register(c.Request.Context(), p.Register.Session.PublicID, registerScope(c))
	if s.failed(c, err) {
		return
	}
	p.Register = fresh
	s.renderRegister(c, status, p)
}
