package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

type printPage struct {
	Layout
	Problems  []problem
	Venue     *model.Venue
	WeekStart time.Time
	WeekEnd   time.Time
	Next      bool
	Days      []dayGroup
}

// programmePrint is a week's programme laid out for a noticeboard: this
// week (Monday to Sunday) or, with week=next, the following one; with
// venue=slug, one venue only.
func (s *Server) programmePrint(c *gin.Context) {
	ctx := c.Request.Context()
	loc := s.deps.Location
	now := s.deps.Now().In(loc)
	p := printPage{Layout: s.layout(c, "This week's programme")}
	y, m, d := now.Date()
	monday := time.Date(y, m, d-(int(now.Weekday())+6)%7, 0, 0, 0, 0, loc)
	switch week := c.Query("week"); week {
	case "", "this":
	case "next":
		monday = monday.AddDate(0, 0, 7)
		p.Next = true
		p.Title = "Next week's programme"
	default:
		p.Problems = append(p.Problems, problem{Param: "week", Message: fmt.Sprintf("%q is not a week we can print (this or next), so this week is shown.", week)})
	}
	p.WeekStart, p.WeekEnd = monday, monday.AddDate(0, 0, 6)
	f := model.SessionFilter{From: monday, To: monday.AddDate(0, 0, 7)}
	if slug := c.Query("venue"); slug != "" {
		v, err := s.deps.Store.Venue(ctx, slug)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			s.serverError(c, err)
			return
		}
		if err == nil {
			p.Venue = &v
			f.VenueSlug = v.Slug
		} else {
			p.Problems = append(p.Problems, unknownVenue(slug))
		}
	}
	sessions, _, err := s.deps.Store.UpcomingSessions(ctx, s.deps.Now(), f)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p.Days = groupByDay(sessions, loc)
	s.render(c, http.StatusOK, "print", p)
}
