package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// registerMark marks one booking on the register: how many of the party
// came (0: a no-show), or "clear" to unmark a wrong tap. The page's script
// sends it in the background and puts the answer in place; without it,
// the 303 brings the person back to the row.
func (s *Server) registerMark(c *gin.Context) {
	r, ok := s.loadRegister(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ref := strings.ToUpper(trimmed(c, "ref"))
	var came *int
	valid := deskReference.MatchString(ref)
	if v := trimmed(c, "came"); v != "clear" {
		n, err := strconv.Atoi(v)
		came, valid = &n, valid && err == nil && n >= 0 && n <= model.MaxParty
	}
	if !valid {
		s.renderRegister(c, http.StatusUnprocessableEntity, registerPage{Register: r,
			Problem: "Choose a booking on the register and how many of its party came."})
		return
	}
	b, err := s.deps.Store.MarkAttendance(c.Request.Context(), actor(c), store.Mark{SessionPublicID: r.Session.PublicID,
		Reference: ref, Came: came, Scope: registerScope(c), Until: s.endOfToday()})
	var party *store.PartyError
	switch {
	case errors.As(err, &party):
		s.renderRegister(c, http.StatusUnprocessableEntity, registerPage{Register: r,
			Problem: ref + " is a party of " + strconv.Itoa(party.PartySize) + ": mark from 0 to " + strconv.Itoa(party.PartySize) + " as come."})
		return
	case isNotFound(err):
		s.renderRegister(c, http.StatusUnprocessableEntity, registerPage{Register: r,
			Problem: "No booking on this register has the reference " + ref + "."})
		return
	case err != nil:
		s.registerFailed(c, r, ref, err)
		return
	}
	s.flash(c, whoMarked(b)+": "+registerRow{Booking: b}.State()+".")
	c.Redirect(http.StatusSeeOther, registerPath(r.Session.PublicID)+"#"+rowID(b.Reference))
}

// whoMarked names a booking in a message at the door.
func whoMarked(b model.Booking) string {
	name := b.Name
	if name == "" {
		name = "Booking"
	}
	return name + " (" + b.Reference + ")"
}

// rowID is the id of a booking's row on the register page.
func rowID(ref string) string { return "row-" + ref }

// registerCheckIn checks in the booking whose reference was typed at the
// door (any case, with or without "HB-"): the whole party came.
func (s *Server) registerCheckIn(c *gin.Context) {
	r, ok := s.loadRegister(c)
	if !ok || !s.parseForm(c) {
		return
	}
	typed := trimmed(c, "reference")
	ref := strings.ToUpper(typed)
	if !strings.HasPrefix(ref, "HB-") {
		ref = "HB-" + ref
	}
	p := registerPage{Register: r, Reference: typed}
	if !deskReference.MatchString(ref) {
		p.Errors.add("reference", "Enter the booking reference, like HB-7K4M: it is on the booking's email or slip")
		s.renderRegister(c, http.StatusUnprocessableEntity, p)
		return
	}
	b, already, err := s.deps.Store.CheckIn(c.Request.Context(), actor(c), store.Mark{SessionPublicID: r.Session.PublicID,
		Reference: ref, Scope: registerScope(c), Until: s.endOfToday()})
	switch {
	case isNotFound(err):
		p.Errors.add("reference", "No booking has the reference "+ref+". Check it and try again")
		s.renderRegister(c, http.StatusUnprocessableEntity, p)
		return
	case err != nil:
		msg, status := s.registerRefusal(c, r, ref, err)
		if msg == "" {
			s.failed(c, err)
			return
		}
		p.Problem = msg
		s.renderRegisterAgain(c, status, p)
		return
	case already:
		s.flash(c, whoMarked(b)+" was already checked in: "+registerRow{Booking: b}.State()+".")
	default:
		s.flash(c, "Checked in: "+whoMarked(b)+", "+pluralise(b.PartySize, "person", "people")+".")
	}
	c.Redirect(http.StatusSeeOther, registerPath(r.Session.PublicID))
}

// registerWalkIns adds walk-ins to the register: a count, and at most a
// first name and a postcode. They take places like bookings, from the
// session's day until the register is closed.
func (s *Server) registerWalkIns(c *gin.Context) {
	r, ok := s.loadRegister(c)
	if !ok || !s.parseForm(c) {
		return
	}
	p := registerPage{Register: r, Count: trimmed(c, "count"), Name: trimmed(c, "name"), Postcode: trimmed(c, "postcode")}
	w, errs := readWalkIns(walkInPage{Count: p.Count, Name: p.Name, Postcode: p.Postcode})
	if errs.Any() {
		p.Errors = errs
		s.renderRegister(c, http.StatusUnprocessableEntity, p)
		return
	}
	w.SessionPublicID, w.Register, w.DayEnd = r.Session.PublicID, true, s.endOfToday()
	_, err := s.deps.Store.RecordWalkIns(c.Request.Context(), actor(c), w)
	var short *model.NotEnoughPlacesError
	switch {
	case err == nil:
		s.flash(c, pluralise(w.Count, "walk-in added", "walk-ins added")+".")
		c.Redirect(http.StatusSeeOther, registerPath(r.Session.PublicID)+"#walk-ins")
		return
	case errors.As(err, &short):
		p.Problem = deskOnlyLeft(short.Left) + ", so " + pluralise(w.Count, "walk-in was", "walk-ins were") + " not added. Add as many as there are places, or ask staff before letting more in."
	default:
		msg, _ := s.registerRefusal(c, r, "", err)
		if msg == "" {
			s.failed(c, err)
			return
		}
		p.Problem = msg
	}
	s.renderRegisterAgain(c, http.StatusConflict, p)
}
