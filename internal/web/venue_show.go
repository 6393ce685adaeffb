package web

import (
	"errors"
	"net/http"

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
		Layout: s.layout(c, v.Name),
		Venue:  v,
		Spaces: spaces,
		Days:   groupByDay(sessions, s.deps.Location),
		Total:  total,
		More:   total > len(sessions),
	})
}
