package web

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

type cancelPage struct {
	Layout
	Session model.Session
	// Following is what cancelling this and the following sessions of its
	// series would cancel; Sessions is 0 outside a series.
	Following store.FollowingScheduled
	// Scope is "this" or "following".
	Scope  string
	Reason string
	Errors fieldErrors
}

// cancelPageFor is the cancel page of m, with its series' figures.
func (s *Server) cancelPageFor(c *gin.Context, m model.Session) (cancelPage, bool) {
	following, err := s.deps.Store.ScheduledFrom(c.Request.Context(), m)
	if err != nil {
		s.serverError(c, err)
		return cancelPage{}, false
	}
	return cancelPage{Layout: s.layout(c, "Cancel "+m.Title), Session: m, Following: following, Scope: "this"}, true
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
	page, ok := s.cancelPageFor(c, m)
	if ok {
		s.render(c, http.StatusOK, "session-cancel", page)
	}
}

// sessionCancel marks the session cancelled. It is kept, never deleted, and
// its public page says so with the reason.
func (s *Server) sessionCancel(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	page, ok := s.cancelPageFor(c, m)
	if !ok {
		return
	}
	page.Reason = strings.TrimSpace(c.PostForm("reason"))
	following := c.PostForm("scope") == "following" && page.Following.Sessions > 1
	booked, waiting := m.PlacesBooked, m.WaitlistLength
	if following {
		page.Scope = "following"
		booked, waiting = page.Following.Places, page.Following.Waitlist
	}
	switch {
	case page.Reason == "":
		page.Errors.add("reason", "Enter why the session is cancelled: people will see it on the session's page")
	case utf8.RuneCountInString(page.Reason) > 300:
		page.Errors.add("reason", "Enter a reason of at most 300 characters")
	}
	if booked+waiting > 0 && c.PostForm("confirm") != "yes" {
		page.Errors.add("confirm", "Tick the box to confirm that the booked places are cancelled too")
	}
	if page.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "session-cancel", page)
		return
	}
	var done store.Changed
	var err error
	if following {
		done, err = s.deps.Store.CancelSessionAndFollowing(c.Request.Context(), actor(c), m.PublicID, page.Reason)
	} else {
		done, err = s.deps.Store.CancelSession(c.Request.Context(), actor(c), m.PublicID, page.Reason)
	}
	switch {
	case errors.Is(err, model.ErrConflict):
		s.flash(c, "This session was not in the programme any more, so it was not cancelled: someone may have cancelled it already.")
	case err != nil:
		s.serverError(c, err)
		return
	case done.Sessions > 1:
		s.flash(c, "Cancelled "+pluralise(done.Sessions, "session", "sessions")+" of "+m.Title+". They stay in the programme marked as cancelled."+told(done.Notified))
	default:
		s.flash(c, "Cancelled "+m.Title+". It stays in the programme marked as cancelled."+told(done.Notified))
	}
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+m.PublicID)
}

// told says how many bookings a change is telling by email, for the flash
// after it.
func told(n int) string {
	if n == 0 {
		return ""
	}
	return " " + pluralise(n, "booking is", "bookings are") + " being told by email."
}

// sessionReinstate puts a cancelled session back in the programme.
func (s *Server) sessionReinstate(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok {
		return
	}
	done, err := s.deps.Store.ReinstateSession(c.Request.Context(), actor(c), m.PublicID)
	switch {
	case clashMessage(err, nil) != "":
		s.flash(c, "Not reinstated: "+clashMessage(err, nil))
	case errors.Is(err, model.ErrConflict):
		s.flash(c, "This session was not cancelled, so there was nothing to reinstate.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Reinstated "+m.Title+": it is back in the programme."+told(done.Notified))
	}
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+m.PublicID)
}
