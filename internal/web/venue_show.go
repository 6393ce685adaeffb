package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// venueSessionsShown is how many upcoming sessions a venue page lists
// before pointing to the programme filtered by the venue.
const venueSessionsShown = 20

type venuePage struct {
	Layout
	Venue  model.Venue
	Spaces []model.Space
	Days   []dayGroup
	Total  int
	// More reports whether there are more sessions than the page lists.
	More bool
	// Subscribe is the calendar feed of the venue's programme, and
	// SpaceFeeds the feed of what is on in each of its spaces.
	Subscribe  subscribeBlock
	SpaceFeeds []subscribeBlock
}

// venueShow is a venue: how to get there, its spaces and what is on.
func (s *Server) venueShow(c *gin.Context) {
	ctx := c.Request.Context()
	v, err := s.deps.Store.Venue(ctx, c.Param("slug"))
	if errors.Is(err, model.ErrNotFound) {
		s.notFound(c)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	spaces, err := s.deps.Store.Spaces(ctx, v.ID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	sessions, total, err := s.deps.Store.UpcomingSessions(ctx, s.deps.Now(),
		model.SessionFilter{VenueSlug: v.Slug, Limit: venueSessionsShown})
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "venue", venuePage{
		Layout:     s.layout(c, v.Name),
		Venue:      v,
		Spaces:     spaces,
		Days:       groupByDay(sessions, s.deps.Location),
		Total:      total,
		More:       total > len(sessions),
		Subscribe:  s.subscribe("feed-address", "", "/feeds/programme.ics", url.Values{"venue": {v.Slug}}),
		SpaceFeeds: s.spaceFeeds(spaces),
	})
}

// spaceFeeds are the calendar feeds of what is on in each of spaces.
func (s *Server) spaceFeeds(spaces []model.Space) []subscribeBlock {
	feeds := make([]subscribeBlock, len(spaces))
	for i, sp := range spaces {
		feeds[i] = s.subscribe("feed-space-"+sp.Slug, sp.Name, "/feeds/spaces/"+sp.Slug+".ics", nil)
	}
	return feeds
}
