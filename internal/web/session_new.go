package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// sessionNew shows an empty session form.
func (s *Server) sessionNew(c *gin.Context) {
	s.renderSessionForm(c, http.StatusOK, "Add a session", sessionFormPage{
		Form: sessionForm{Booking: "book", Ends: "count"}, Action: "/staff/sessions", Repeats: true})
}

// sessionDuplicate shows the session form filled in from another session,
// for staff to change the date and save as a new one.
func (s *Server) sessionDuplicate(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok {
		return
	}
	form := formFromSession(m, s.deps.Location)
	form.Version, form.Scope, form.Ends = "", "", "count"
	s.renderSessionForm(c, http.StatusOK, "Add a session like "+m.Title, sessionFormPage{
		Form: form, Action: "/staff/sessions", Repeats: true})
}

// sessionCreate adds a session, or a series of them.
func (s *Server) sessionCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	form := readSessionForm(c)
	choices, err := s.sessionChoices(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p, errs := form.validate(sessionCheck{choices: choices, loc: s.deps.Location, now: s.deps.Now(), repeats: true})
	if errs.Any() {
		s.renderSessionForm(c, http.StatusUnprocessableEntity, "Add a session", sessionFormPage{
			Form: form, Errors: errs, Choices: choices, Action: "/staff/sessions", Repeats: true})
		return
	}
	ids, err := s.deps.Store.AddSessions(ctx, actor(c), p.fields, p.rule, p.at)
	if msg := clashMessage(err, nil); msg != "" {
		errs.add("space", msg)
		s.renderSessionForm(c, http.StatusConflict, "Add a session", sessionFormPage{
			Form: form, Errors: errs, Choices: choices, Action: "/staff/sessions", Repeats: true})
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	msg := "Added " + p.fields.Title + "."
	if p.rule != nil {
		msg = "Added " + pluralise(len(ids), "session", "sessions") + " of " + p.fields.Title + ": " + p.describe + "."
	}
	s.flash(c, msg)
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+ids[0])
}
