package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// API paging: per_page defaults to apiPerPage and may be at most apiMaxPerPage.
const (
	apiPerPage    = 50
	apiMaxPerPage = 100
)

type apiRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// apiSession is a session as open data. Times are RFC 3339 with the UK
// offset of the day; places_left is null for drop-in sessions.
type apiSession struct {
	ID              string  `json:"id"`
	Title           string  `json:"title"`
	Summary         string  `json:"summary"`
	Description     string  `json:"description,omitempty"`
	Theme           apiRef  `json:"theme"`
	Audience        apiRef  `json:"audience"`
	Venue           apiRef  `json:"venue"`
	Space           *apiRef `json:"space"`
	Partner         *apiRef `json:"partner"`
	StartsAt        string  `json:"starts_at"`
	EndsAt          string  `json:"ends_at"`
	BookingRequired bool    `json:"booking_required"`
	Capacity        *int    `json:"capacity"`
	PlacesLeft      *int    `json:"places_left"`
	WaitlistLength  int     `json:"waitlist_length"`
	ChildrenWelcome bool    `json:"children_welcome"`
	Status          string  `json:"status"`
	URL             string  `json:"url"`
}

type apiSessionList struct {
	Sessions []apiSession `json:"sessions"`
	Page     int          `json:"page"`
	PerPage  int          `json:"per_page"`
	Total    int          `json:"total"`
	Next     string       `json:"next,omitempty"`
}

func (s *Server) apiSessionOf(m model.Session, withDescription bool) apiSession {
	loc := s.deps.Location
	a := apiSession{
		ID:              m.PublicID,
		Title:           m.Title,
		Summary:         m.Summary,
		Theme:           apiRef{m.Theme.Slug, m.Theme.Name},
		Audience:        apiRef{m.Audience.Slug, m.Audience.Name},
		Venue:           apiRef{m.Venue.Slug, m.Venue.Name},
		StartsAt:        m.StartsAt.In(loc).Format(time.RFC3339),
		EndsAt:          m.EndsAt.In(loc).Format(time.RFC3339),
		BookingRequired: m.BookingRequired,
		Capacity:        m.Capacity,
		WaitlistLength:  m.WaitlistLength,
		ChildrenWelcome: m.ChildrenWelcome,
		Status:          string(m.Status),
		URL:             s.absoluteURL("/sessions/" + m.PublicID),
	}
	if withDescription {
		a.Description = m.Description
	}
	if m.Space != nil {
		a.Space = &apiRef{m.Space.Slug, m.Space.Name}
	}
	if m.Partner != nil {
		a.Partner = &apiRef{m.Partner.Slug, m.Partner.Name}
	}
	if m.BookingRequired {
		left := m.PlacesLeft()
		a.PlacesLeft = &left
	}
	return a
}

// apiSessions is the upcoming programme as JSON, with the same filters as
// the programme page. A filter that cannot be used is a 400 naming it.
func (s *Server) apiSessions(c *gin.Context) {
	ctx := c.Request.Context()
	vocab, err := s.vocabulary(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	perPage := apiPerPage
	var problems []problem
	if v := strings.TrimSpace(c.Query("per_page")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > apiMaxPerPage {
			problems = append(problems, problem{Param: "per_page", Message: "per_page must be a whole number from 1 to 100"})
		} else {
			perPage = n
		}
	}
	q := parseProgrammeQuery(c.Request.URL.Query(), vocab, s.deps.Location, perPage)
	if problems = append(problems, q.Problems...); len(problems) > 0 {
		c.JSON(http.StatusBadRequest, apiError{Error: "some query parameters could not be used", Problems: problems})
		return
	}
	sessions, total, err := s.deps.Store.UpcomingSessions(ctx, s.deps.Now(), q.Filter)
	if err != nil {
		s.serverError(c, err)
		return
	}
	out := apiSessionList{Sessions: make([]apiSession, len(sessions)), Page: q.Page, PerPage: perPage, Total: total}
	for i, m := range sessions {
		out.Sessions[i] = s.apiSessionOf(m, false)
	}
	if q.Page*perPage < total {
		next := q.values(q.Page + 1)
		if perPage != apiPerPage {
			next.Set("per_page", strconv.Itoa(perPage))
		}
		out.Next = s.absoluteURL("/api/v1/sessions?" + next.Encode())
	}
	c.Header("Cache-Control", "public, max-age=60")
	c.JSON(http.StatusOK, out)
}

// apiSession is one session as JSON, with its description.
func (s *Server) apiSession(c *gin.Context) {
	m, ok := s.findSession(c)
	if !ok {
		return
	}
	c.Header("Cache-Control", "public, max-age=60")
	c.JSON(http.StatusOK, s.apiSessionOf(m, true))
}

func (s *Server) absoluteURL(path string) string {
	return strings.TrimRight(s.deps.BaseURL.String(), "/") + path
}
