package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

type staffFeedPage struct {
	Layout
	// Feed is the staff member's live address, or nil. When it can be
	// shown (Shown), Venues are its links, one feed per venue.
	Feed   *feedStatus
	Shown  bool
	Venues []venueFeed
	// JustMade says the address was made by this request and, with no
	// sealer, is shown this once.
	JustMade bool
}

// venueFeed is a venue with the subscribe links of its staff feed.
type venueFeed struct {
	Venue     model.Venue
	Subscribe subscribeBlock
}

// staffFeedOwner is the signed-in staff member as a feed owner: each has
// their own address.
func staffFeedOwner(c *gin.Context) model.FeedOwner {
	u, _ := currentUser(c)
	return model.FeedOwner{UserID: u.ID}
}

// staffFeed shows the staff member's own calendar address for each venue,
// to subscribe to, replace or stop.
func (s *Server) staffFeed(c *gin.Context) {
	feed, err := s.liveFeed(c.Request.Context(), staffFeedOwner(c))
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.renderStaffFeed(c, feed, "")
}

// staffFeedCreate makes the staff member's calendar address, or a new one
// in place of the old. Without a sealer this answer shows it, the only
// time; otherwise back to the page.
func (s *Server) staffFeedCreate(c *gin.Context) {
	token, replaced, err := s.newFeedToken(c, staffFeedOwner(c))
	if err != nil {
		s.serverError(c, err)
		return
	}
	if s.deps.Sealer == nil {
		s.renderStaffFeed(c, s.justMade(c, token), feedMadeMessage(replaced))
		return
	}
	s.flash(c, feedMadeMessage(replaced))
	c.Redirect(http.StatusSeeOther, "/staff/feed")
}

// staffFeedRevoke stops the staff member's calendar address.
func (s *Server) staffFeedRevoke(c *gin.Context) {
	err := s.deps.Store.RevokeFeedToken(c.Request.Context(), actor(c), staffFeedOwner(c))
	switch {
	case isNotFound(err):
		s.flash(c, "You have no calendar address to stop.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, "Your calendar address has been stopped. Calendars that used it will not update any more.")
	}
	c.Redirect(http.StatusSeeOther, "/staff/feed")
}

// renderStaffFeed renders the page; made is the message when the address
// was made by this request (and is shown this once).
func (s *Server) renderStaffFeed(c *gin.Context, feed *feedStatus, made string) {
	page := staffFeedPage{Layout: s.layout(c, "The programme in your calendar"), Feed: feed, JustMade: made != ""}
	if made != "" {
		page.Flash = made
	}
	if feed != nil && feed.token != "" {
		page.Shown = true
		venues, err := s.deps.Store.Venues(c.Request.Context())
		if err != nil {
			s.serverError(c, err)
			return
		}
		for _, v := range venues {
			page.Venues = append(page.Venues, venueFeed{Venue: v,
				Subscribe: s.subscribe("feed-venue-"+v.Slug, v.Name, "/feeds/venues/"+v.Slug+"/"+feed.token+".ics", nil)})
		}
	}
	s.render(c, http.StatusOK, "staff-feed", page)
}
