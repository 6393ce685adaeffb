package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

type partnerHomePage struct {
	Layout
	Partner   model.Partner
	Proposals []model.Session
	Upcoming  []model.Session
	Past      []model.Session
	// Rooms are the organisation's latest space bookings and requests.
	Rooms []model.SpaceBooking
}

// partnerScope is the signed-in partner's own organisation; every partner
// query goes through it.
func partnerScope(c *gin.Context) (store.PartnerScope, model.Partner) {
	u, _ := currentUser(c)
	var id int64
	if u.PartnerID != nil {
		id = *u.PartnerID
	}
	return store.PartnerScope{PartnerID: id}, model.Partner{ID: id, Name: u.PartnerName}
}

// partnerHome shows a partner's own sessions: proposals waiting or
// declined, upcoming sessions with their bookings, and recent ones.
func (s *Server) partnerHome(c *gin.Context) {
	ctx := c.Request.Context()
	scope, partner := partnerScope(c)
	now := s.deps.Now()
	page := partnerHomePage{Layout: s.layout(c, partner.Name), Partner: partner}
	var err error
	lists := []struct {
		dst *[]model.Session
		f   store.SessionList
	}{
		{&page.Upcoming, store.SessionList{Upcoming: true, Now: now, Limit: 100}},
		{&page.Past, store.SessionList{Past: true, Now: now, Limit: 20}},
	}
	for _, l := range lists {
		if *l.dst, _, err = s.deps.Store.PartnerSessions(ctx, scope, l.f); err != nil {
			s.serverError(c, err)
			return
		}
	}
	// Proposals (waiting or declined) are listed apart from the programme.
	var upcoming []model.Session
	for _, m := range page.Upcoming {
		if m.Status.Public() {
			upcoming = append(upcoming, m)
		} else {
			page.Proposals = append(page.Proposals, m)
		}
	}
	page.Upcoming = upcoming
	if page.Rooms, err = s.deps.Store.PartnerSpaceHistory(ctx, scope.PartnerID, 0, 10); err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "partner-home", page)
}

// proposalNew shows the form to propose a session.
func (s *Server) proposalNew(c *gin.Context) {
	_, partner := partnerScope(c)
	s.renderSessionForm(c, http.StatusOK, "Propose a session", sessionFormPage{
		Form: sessionForm{Booking: "book"}, Action: "/partner/sessions", Partner: &partner})
}

// proposalCreate records a partner's proposal for staff to approve.
func (s *Server) proposalCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	_, partner := partnerScope(c)
	form := readSessionForm(c)
	choices, err := s.sessionChoices(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p, errs := form.validate(sessionCheck{choices: choices, loc: s.deps.Location, now: s.deps.Now(), partner: &partner})
	if errs.Any() {
		s.renderSessionForm(c, http.StatusUnprocessableEntity, "Propose a session", sessionFormPage{
			Form: form, Errors: errs, Choices: choices, Action: "/partner/sessions", Partner: &partner})
		return
	}
	if staffOnly, err := s.staffOnlySpace(ctx, p.fields); err != nil {
		s.serverError(c, err)
		return
	} else if staffOnly {
		errs.add("space", staffOnlyMessage)
		s.renderSessionForm(c, http.StatusUnprocessableEntity, "Propose a session", sessionFormPage{
			Form: form, Errors: errs, Choices: choices, Action: "/partner/sessions", Partner: &partner})
		return
	}
	p.fields.Status = model.StatusProposed
	_, err = s.deps.Store.AddSessions(ctx, actor(c), p.fields, nil, nil)
	if msg := clashMessage(err, &store.PartnerScope{PartnerID: partner.ID}); msg != "" {
		errs.add("space", msg)
		s.renderSessionForm(c, http.StatusConflict, "Propose a session", sessionFormPage{
			Form: form, Errors: errs, Choices: choices, Action: "/partner/sessions", Partner: &partner})
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.flash(c, "Sent "+p.fields.Title+" to staff. You will see here when it is approved.")
	c.Redirect(http.StatusSeeOther, "/partner")
}

// partnerSession loads the signed-in partner's own session named by :id;
// another partner's session is not found.
func (s *Server) partnerSession(c *gin.Context) (model.Session, store.PartnerScope, bool) {
	scope, _ := partnerScope(c)
	m, ok := s.sessionFromPath(c, func(ctx context.Context, id string) (model.Session, error) {
		return s.deps.Store.PartnerSession(ctx, scope, id)
	})
	return m, scope, ok
}

// editableByPartner reports whether a partner may still change m.
func editableByPartner(m model.Session) bool {
	return m.Status == model.StatusProposed || m.Status == model.StatusDeclined
}

// proposalEdit shows the partner's own session: a form while it is a
// proposal, the details once staff have put it in the programme.
func (s *Server) proposalEdit(c *gin.Context) {
	m, _, ok := s.partnerSession(c)
	if !ok {
		return
	}
	_, partner := partnerScope(c)
	if !editableByPartner(m) {
		s.render(c, http.StatusOK, "partner-session", partnerSessionPage{Layout: s.layout(c, m.Title), Session: m})
		return
	}
	s.renderSessionForm(c, http.StatusOK, "Change your proposal", sessionFormPage{
		Form: formFromSession(m, s.deps.Location), Action: "/partner/sessions/" + m.PublicID, Session: &m, Partner: &partner})
}

type partnerSessionPage struct {
	Layout
	Session model.Session
}

// proposalUpdate saves a partner's change to its own proposal; a declined
// one goes back to staff.
func (s *Server) proposalUpdate(c *gin.Context) {
	m, scope, ok := s.partnerSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	_, partner := partnerScope(c)
	form := readSessionForm(c)
	page := sessionFormPage{Form: form, Action: "/partner/sessions/" + m.PublicID, Session: &m, Partner: &partner}
	if !editableByPartner(m) {
		s.flash(c, "Staff have already put this session in the programme: ask them to change it.")
		c.Redirect(http.StatusSeeOther, "/partner/sessions/"+m.PublicID)
		return
	}
	choices, err := s.sessionChoices(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	page.Choices = choices
	p, errs := form.validate(sessionCheck{choices: choices, loc: s.deps.Location, now: s.deps.Now(), existing: &m, partner: &partner})
	if errs.Any() {
		page.Errors = errs
		s.renderSessionForm(c, http.StatusUnprocessableEntity, "Change your proposal", page)
		return
	}
	if staffOnly, err := s.staffOnlySpace(ctx, p.fields); err != nil {
		s.serverError(c, err)
		return
	} else if staffOnly {
		page.Errors.add("space", staffOnlyMessage)
		s.renderSessionForm(c, http.StatusUnprocessableEntity, "Change your proposal", page)
		return
	}
	_, err = s.deps.Store.UpdateSession(ctx, actor(c), m.PublicID, store.SessionEdit{Fields: p.fields, Version: form.Version}, &scope)
	switch {
	case clashMessage(err, &scope) != "":
		page.Errors.add("space", clashMessage(err, &scope))
		s.renderSessionForm(c, http.StatusConflict, "Change your proposal", page)
		return
	case errors.Is(err, model.ErrConflict):
		s.sessionConflict(c, page, &scope)
		return
	case isNotFound(err):
		s.flash(c, "Staff have already dealt with this proposal: see it below.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Sent your changes to "+p.fields.Title+" to staff.")
	}
	c.Redirect(http.StatusSeeOther, "/partner")
}

// staffOnlyMessage is said to a partner who proposes a session in a space
// only staff book.
const staffOnlyMessage = "Only library staff book this space: choose another, or none and staff will find one"

// staffOnlySpace reports whether the session's space is one only staff
// book: a partner's proposal there would hold it as a request, around the
// space's rule.
func (s *Server) staffOnlySpace(ctx context.Context, n store.NewSession) (bool, error) {
	if n.SpaceID == nil {
		return false, nil
	}
	h, err := s.deps.Store.VenueHours(ctx, n.VenueID)
	if err != nil {
		return false, err
	}
	return h.Rules[*n.SpaceID].PartnerBooking == store.PartnerBookStaff, nil
}
