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

type proposalQueuePage struct {
	Layout
	Proposals []model.Session
	Total     int
}

// proposalQueue lists partners' proposals waiting for staff, oldest
// first... by date of the session, since the soonest need an answer first.
func (s *Server) proposalQueue(c *gin.Context) {
	list, total, err := s.deps.Store.Sessions(c.Request.Context(), store.SessionList{
		Status: model.StatusProposed, Upcoming: true, Now: s.deps.Now(), Limit: 200})
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "proposals", proposalQueuePage{Layout: s.layout(c, "Proposals from partners"), Proposals: list, Total: total})
}

// proposalApprove puts a proposal in the programme as it is. To change it
// first, staff edit it, then approve.
func (s *Server) proposalApprove(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok {
		return
	}
	if !s.parseForm(c) {
		return
	}
	err := s.deps.Store.ApproveProposal(c.Request.Context(), actor(c), m.PublicID, c.PostForm("version"))
	switch {
	case errors.Is(err, store.ErrChanged):
		s.flash(c, m.Title+" was changed after you opened this page, so it was not approved: check it again below.")
	case errors.Is(err, model.ErrConflict):
		s.flash(c, m.Title+" is no longer waiting for approval: someone else has dealt with it.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Approved "+m.Title+": it is now in the programme.")
	}
	c.Redirect(http.StatusSeeOther, "/staff/proposals")
}

type declinePage struct {
	Layout
	Session model.Session
	Reason  string
	Errors  fieldErrors
}

// proposalDeclineForm asks why a proposal is declined: the partner sees it.
func (s *Server) proposalDeclineForm(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok {
		return
	}
	if m.Status != model.StatusProposed {
		s.flash(c, m.Title+" is not waiting for approval.")
		c.Redirect(http.StatusSeeOther, "/staff/proposals")
		return
	}
	s.render(c, http.StatusOK, "proposal-decline", declinePage{Layout: s.layout(c, "Decline "+m.Title), Session: m})
}

// proposalDecline turns a proposal down with a reason for the partner.
func (s *Server) proposalDecline(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	page := declinePage{Layout: s.layout(c, "Decline "+m.Title), Session: m, Reason: strings.TrimSpace(c.PostForm("reason"))}
	switch {
	case page.Reason == "":
		page.Errors.add("reason", "Enter why the proposal is declined: the partner will see it")
	case utf8.RuneCountInString(page.Reason) > 2000:
		page.Errors.add("reason", "Enter a reason of at most 2,000 characters")
	}
	if page.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "proposal-decline", page)
		return
	}
	err := s.deps.Store.DeclineProposal(c.Request.Context(), actor(c), m.PublicID, page.Reason)
	switch {
	case errors.Is(err, model.ErrConflict):
		s.flash(c, m.Title+" is no longer waiting for approval: someone else has dealt with it.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Declined "+m.Title+". The partner sees your reason.")
	}
	c.Redirect(http.StatusSeeOther, "/staff/proposals")
}
