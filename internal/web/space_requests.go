package web

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// nearWindow is how far either side of a request staff are shown the
// other bookings of the space, the rooms around it and its zones.
const nearWindow = time.Hour

// historyLength is how many of a partner's recent bookings staff see
// beside a request.
const historyLength = 5

// spaceRequest is one request in the queue with what staff need to decide.
type spaceRequest struct {
	Booking model.SpaceBooking
	// Near are the live bookings within nearWindow either side.
	Near []model.SpaceBooking
	// History are the partner's latest other bookings.
	History []model.SpaceBooking
}

type spaceRequestsPage struct {
	Layout
	Requests []spaceRequest
}

// StatusText names a space booking's status.
func (spaceRequestsPage) StatusText(st model.SpaceBookingStatus) string { return spaceStatusText(st) }

// spaceRequestQueue lists partners' space requests waiting for staff,
// soonest first, each with the bookings near it and the partner's history.
func (s *Server) spaceRequestQueue(c *gin.Context) {
	ctx := c.Request.Context()
	st := s.deps.Store
	list, err := st.SpaceRequests(ctx, 100)
	if err != nil {
		s.serverError(c, err)
		return
	}
	page := spaceRequestsPage{Layout: s.layout(c, "Space requests from partners")}
	for _, b := range list {
		r := spaceRequest{Booking: b}
		from, to := b.StartsAt.Add(-b.Before-nearWindow), b.EndsAt.Add(b.After+nearWindow)
		if r.Near, err = st.SpaceBookingsAround(ctx, b.Space.ID, from, to, b.ID, nil); err != nil {
			s.serverError(c, err)
			return
		}
		if b.Partner != nil {
			if r.History, err = st.PartnerSpaceHistory(ctx, b.Partner.ID, b.ID, historyLength); err != nil {
				s.serverError(c, err)
				return
			}
		}
		page.Requests = append(page.Requests, r)
	}
	s.render(c, http.StatusOK, "staff-space-requests", page)
}

// spaceRequestApprove confirms a request as it is.
func (s *Server) spaceRequestApprove(c *gin.Context) {
	b, ok := s.spaceRequest(c)
	if !ok || !s.parseForm(c) {
		return
	}
	err := s.deps.Store.DecideSpaceBooking(c.Request.Context(), actor(c), b.PublicID, true, "")
	switch {
	case errors.Is(err, model.ErrConflict):
		s.flash(c, "That request for "+b.Space.Name+" is no longer waiting: someone else has dealt with it, or the partner cancelled it.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Approved: "+b.Purpose+" in "+b.Space.Name+" is confirmed. The partner is told.")
	}
	c.Redirect(http.StatusSeeOther, "/staff/space-requests")
}

type spaceDeclinePage struct {
	Layout
	Booking model.SpaceBooking
	Reason  string
	Errors  fieldErrors
}

// spaceRequestDeclineForm asks why a request is declined: the partner is told.
func (s *Server) spaceRequestDeclineForm(c *gin.Context) {
	b, ok := s.spaceRequest(c)
	if !ok {
		return
	}
	if b.Status != model.SpaceRequested {
		s.flash(c, "That request for "+b.Space.Name+" is not waiting for approval.")
		c.Redirect(http.StatusSeeOther, "/staff/space-requests")
		return
	}
	s.render(c, http.StatusOK, "staff-space-request-decline", spaceDeclinePage{Layout: s.layout(c, "Decline a request for "+b.Space.Name), Booking: b})
}

// spaceRequestDecline turns a request down with a reason for the partner,
// freeing the slot.
func (s *Server) spaceRequestDecline(c *gin.Context) {
	b, ok := s.spaceRequest(c)
	if !ok || !s.parseForm(c) {
		return
	}
	page := spaceDeclinePage{Layout: s.layout(c, "Decline a request for "+b.Space.Name), Booking: b, Reason: strings.TrimSpace(c.PostForm("reason"))}
	switch {
	case page.Reason == "":
		page.Errors.add("reason", "Enter why the request is declined: the partner is told")
	case utf8.RuneCountInString(page.Reason) > 2000:
		page.Errors.add("reason", "Enter a reason of at most 2,000 characters")
	}
	if page.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "staff-space-request-decline", page)
		return
	}
	err := s.deps.Store.DecideSpaceBooking(c.Request.Context(), actor(c), b.PublicID, false, page.Reason)
	if refused, ok := errors.AsType[*store.SpaceRefused](err); ok {
		page.Errors.add("reason", refused.Reason)
		s.render(c, http.StatusUnprocessableEntity, "staff-space-request-decline", page)
		return
	}
	switch {
	case errors.Is(err, model.ErrConflict):
		s.flash(c, "That request for "+b.Space.Name+" is no longer waiting: someone else has dealt with it, or the partner cancelled it.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Declined: "+b.Purpose+" in "+b.Space.Name+". The slot is free again, and the partner is told why.")
	}
	c.Redirect(http.StatusSeeOther, "/staff/space-requests")
}

// spaceRequest reads the booking in the path for staff, or answers 404.
func (s *Server) spaceRequest(c *gin.Context) (model.SpaceBooking, bool) {
	b, err := s.deps.Store.SpaceBooking(c.Request.Context(), c.Param("id"), nil)
	switch {
	case err == nil && b.Kind != model.SpaceForBooking:
		s.notFound(c)
		return b, false
	case isNotFound(err):
		s.notFound(c)
		return b, false
	case err != nil:
		s.serverError(c, err)
		return b, false
	}
	return b, true
}
