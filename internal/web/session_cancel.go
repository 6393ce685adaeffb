package web

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

type cancelPage struct {
	Layout
	Session model.Session
	Reason  string
	Errors  fieldErrors
}

// sessionCancelForm asks for the reason and, when people have booked, for
// confirmation with how many places are booked.
func (s *Server) sessionCancelForm(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok {
		return
	}
	if m.Status != model.StatusScheduled {
		s.flash(c, "Only a session in the programme can be cancelled.")
		c.Redirect(http.StatusSeeOther, "/staff/sessions/"+m.PublicID)
		return
	}
	s.render(c, http.StatusOK, "session-cancel", cancelPage{Layout: s.layout(c, "Cancel "+m.Title), Session: m})
}

// sessionCancel marks the session cancelled. It is kept, never deleted, and
// its public page says so with the reason.
func (s *Server) sessionCancel(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	page := cancelPage{Layout: s.layout(c, "Cancel "+m.Title), Session: m, Reason: strings.TrimSpace(c.PostForm("reason"))}
	switch {
	case page.Reason == "":
		page.Errors.add("reason", "Enter why the session is cancelled: people will see it on the session's page")
	case utf8.RuneCountInString(page.Reason) > 300:
		page.Errors.add("reason", "Enter a reason of at most 300 characters")
	}
	if m.PlacesBooked+m.WaitlistLength > 0 && c.PostForm("confirm") != "yes" {
		page.Errors.add("confirm", "Tick the box to confirm that the booked places are cancelled too")
	}
	if page.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "session-cancel", page)
		return
	}
	err := s.deps.Store.CancelSession(c.Request.Context(), actor(c), m.PublicID, page.Reason)
	switch {
	case errors.Is(err, model.ErrConflict):
		s.flash(c, "This session was not in the programme any more, so it was not cancelled: someone may have cancelled it already.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Cancelled "+m.Title+". It stays in the programme marked as cancelled.")
	}
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+m.PublicID)
}

// sessionReinstate puts a cancelled session back in the programme.
func (s *Server) sessionReinstate(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok {
		return
	}
	err := s.deps.Store.ReinstateSession(c.Request.Context(), actor(c), m.PublicID)
	switch {
	case errors.Is(err, model.ErrConflict):
		s.flash(c, "This session was not cancelled, so there was nothing to reinstate.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Reinstated "+m.Title+": it is back in the programme.")
	}
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+m.PublicID)
}
