package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

type staffHomePage struct {
	Layout
	Counts store.StaffCounts
}

// staffHome is the staff's start page: what needs doing, and where to go.
func (s *Server) staffHome(c *gin.Context) {
	counts, err := s.deps.Store.Counts(c.Request.Context(), s.deps.Now())
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "staff-home", staffHomePage{Layout: s.layout(c, "Staff"), Counts: counts})
}

// staffSessionsPage lists sessions for staff, whatever their status.
type staffSessionsPage struct {
	Layout
	Sessions []model.Session
	Total    int
	Venues   []model.Venue
	// Show is the list chosen: upcoming, proposed, cancelled, declined or past.
	Show, Venue, Text string
	Page              int
	Pages             []pageLink
	PrevURL, NextURL  string
}

var staffShows = []option{
	{"upcoming", "Upcoming"}, {"proposed", "Proposed by partners"}, {"cancelled", "Cancelled"},
	{"declined", "Declined proposals"}, {"past", "Past"},
}

const staffPerPage = 50

// staffSessions lists sessions to edit, filtered by what, where and title.
func (s *Server) staffSessions(c *gin.Context) {
	ctx := c.Request.Context()
	venues, err := s.deps.Store.Venues(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	page := staffSessionsPage{Venues: venues, Show: c.Query("show"), Venue: c.Query("venue"), Text: strings.TrimSpace(c.Query("q"))}
	page.Page, _ = strconv.Atoi(c.Query("page"))
	page.Page = max(page.Page, 1)
	f := store.SessionList{Now: s.deps.Now(), Text: page.Text, Limit: staffPerPage, Offset: (page.Page - 1) * staffPerPage}
	switch page.Show {
	case "proposed", "cancelled", "declined":
		f.Status, f.Upcoming = model.SessionStatus(page.Show), true
	case "past":
		f.Past = true
	default:
		page.Show, f.Upcoming, f.Status = "upcoming", true, model.StatusScheduled
	}
	for _, v := range venues {
		if v.Slug == page.Venue {
			f.VenueID = v.ID
		}
	}
	if f.VenueID == 0 {
		page.Venue = ""
	}
	if page.Sessions, page.Total, err = s.deps.Store.Sessions(ctx, f); err != nil {
		s.serverError(c, err)
		return
	}
	page.Pages, page.PrevURL, page.NextURL = pagination(page.Page, page.Total, staffPerPage, func(n int) string {
		q := c.Request.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return "/staff/sessions?" + q.Encode()
	})
	page.Layout = s.layout(c, "Sessions")
	s.render(c, http.StatusOK, "staff-sessions", page)
}

// Shows lists the choices of list.
func (staffSessionsPage) Shows() []option { return staffShows }
