package web

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

type deskPage struct {
	Layout
	// Query is what the navigator searched for, as typed; Searched reports
	// that they asked (an empty search is answered too).
	Query    string
	Searched bool
	Found    []model.Booking
	// Today is all of today's sessions; those that started before Now can
	// take walk-ins but no more bookings.
	Today []model.Session
	// LastWeek is the sessions of the seven days before today: their
	// registers, for typing in a paper register afterwards.
	LastWeek []model.Session
	Now      time.Time
}

// deskSearchDays is how far back a search by name or phone looks: a
// person asking about last week's session is still found.
const deskSearchDays = 7

// deskHome is the community navigators' one screen for helping people who
// are not online: find a booking (by reference, name or phone), and
// today's sessions with booking on someone's behalf and walk-ins.
func (s *Server) deskHome(c *gin.Context) {
	ctx := c.Request.Context()
	now := s.deps.Now()
	start := deskDayStart(now, s.deps.Location)
	p := deskPage{Layout: s.layout(c, "Desk"), Now: now}
	if c.Request.URL.Query().Has("q") {
		p.Searched = true
		p.Query = strings.TrimSpace(c.Query("q"))
		if r := []rune(p.Query); len(r) > 100 {
			p.Query = string(r[:100])
		}
	}
	if p.Query != "" {
		phone := searchPhone(p.Query)
		found, err := s.deps.Store.FindBookings(ctx, p.Query, phone, start.AddDate(0, 0, -deskSearchDays))
		if err != nil {
			s.serverError(c, err)
			return
		}
		p.Found = found
	}
	// All of today's sessions, those already over too: walk-ins are often
	// recorded after the session.
	today, _, err := s.deps.Store.UpcomingSessions(ctx, start, model.SessionFilter{From: start, To: start.AddDate(0, 0, 1)})
	if err != nil {
		s.serverError(c, err)
		return
	}
	p.Today = today
	weekAgo := start.AddDate(0, 0, -deskSearchDays)
	if p.LastWeek, _, err = s.deps.Store.UpcomingSessions(ctx, weekAgo, model.SessionFilter{From: weekAgo, To: start}); err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "desk", p)
}

// deskDayStart is midnight at the start of now's day in loc.
func deskDayStart(now time.Time, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// deskReference matches a booking reference as the schema allows it.
var deskReference = regexp.MustCompile(`^HB-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4,8}$`)

// deskOnlyLeft says how many places are left when a party did not fit.
func deskOnlyLeft(n int) string {
	if n <= 0 {
		return "There are no places left"
	}
	return "Only " + pluralise(n, "place left", "places left")
}
