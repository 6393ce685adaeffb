package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

type spaceBookingPage struct {
	Layout
	Booking model.SpaceBooking
	// Staff is set for staff, who see every booking and may decide requests.
	Staff bool
	// CanCancel is set when the viewer may cancel the booking now.
	CanCancel bool
}

// Buffers says the space's set-up and clear-down around the booking, or "".
func (p spaceBookingPage) Buffers() string { return buffersText(p.Booking.Before, p.Booking.After) }

// HeldFrom and HeldUntil are the times the booking holds the space,
// buffers included.
func (p spaceBookingPage) HeldFrom() time.Time  { return p.Booking.StartsAt.Add(-p.Booking.Before) }
func (p spaceBookingPage) HeldUntil() time.Time { return p.Booking.EndsAt.Add(p.Booking.After) }

// StatusText says where the booking stands, in words.
func (p spaceBookingPage) StatusText() string { return spaceStatusText(p.Booking.Status) }

// spaceStatusText names a space booking's status.
func spaceStatusText(st model.SpaceBookingStatus) string {
	switch st {
	case model.SpaceRequested:
		return "Waiting for staff to approve"
	case model.SpaceConfirmed:
		return "Confirmed"
	case model.SpaceDeclined:
		return "Declined"
	case model.SpaceCancelled:
		return "Cancelled"
	}
	return string(st)
}

// viewedSpaceBooking reads the booking in the path as the signed-in person
// may see it: staff see any; a partner only its own (another's is 404).
func (s *Server) viewedSpaceBooking(c *gin.Context) (model.SpaceBooking, *store.PartnerScope, bool) {
	u, _ := currentUser(c)
	var viewer *store.PartnerScope
	if !u.Is(model.RoleStaff, model.RoleAdmin) {
		scope, _ := partnerScope(c)
		viewer = &scope
	}
	b, err := s.deps.Store.SpaceBooking(c.Request.Context(), c.Param("id"), viewer)
	if err == nil && viewer != nil && (b.Partner == nil || b.Partner.ID != viewer.PartnerID || b.Kind != model.SpaceForBooking) {
		err = model.ErrNotFound
	}
	switch {
	case isNotFound(err):
		s.notFound(c)
		return b, viewer, false
	case err != nil:
		s.serverError(c, err)
		return b, viewer, false
	}
	return b, viewer, true
}

// spaceBookingShow shows one space booking: what, where, when (with the
// set-up and clear-down it holds too), where it stands, and who made it.
func (s *Server) spaceBookingShow(c *gin.Context) {
	b, viewer, ok := s.viewedSpaceBooking(c)
	if !ok {
		return
	}
	page := spaceBookingPage{Layout: s.layout(c, b.Purpose+", "+b.Space.Name), Booking: b, Staff: viewer == nil,
		CanCancel: b.Kind != model.SpaceForSession && b.Status.Live() && b.EndsAt.After(s.deps.Now())}
	s.render(c, http.StatusOK, "space-booking", page)
}

// spaceBookingCancel frees the slot of a booking, and says so; a booking
// already cancelled or declined is left as it is, and says that.
func (s *Server) spaceBookingCancel(c *gin.Context) {
	b, viewer, ok := s.viewedSpaceBooking(c)
	if !ok || !s.parseForm(c) {
		return
	}
	err := s.deps.Store.CancelSpaceBooking(c.Request.Context(), actor(c), b.PublicID, viewer)
	if isNotFound(err) {
		// Say where it stands now: someone may have just cancelled it.
		if now, rerr := s.deps.Store.SpaceBooking(c.Request.Context(), b.PublicID, viewer); rerr == nil {
			b = now
		}
	}
	switch {
	case isNotFound(err) && b.Kind == model.SpaceForSession:
		s.flash(c, "A session holds this space: to free it, cancel the session or move it to another space.")
	case isNotFound(err):
		s.flash(c, "There was nothing to cancel: this booking is already "+strings.ToLower(spaceStatusText(b.Status))+".")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Cancelled: "+b.Space.Name+" is free again at that time.")
	}
	c.Redirect(http.StatusSeeOther, "/space-bookings/"+b.PublicID)
}
