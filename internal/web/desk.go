package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

type deskPage struct {
	Layout
	Today []model.Session
}

// deskHome is the community navigators' start page: today's sessions, to
// answer "what's on today?" at the desk and on the phone. Booking on
// someone's behalf and walk-ins arrive with the booking tools.
func (s *Server) deskHome(c *gin.Context) {
	now := s.deps.Now()
	y, m, d := now.In(s.deps.Location).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, s.deps.Location)
	today, _, err := s.deps.Store.UpcomingSessions(c.Request.Context(), now, model.SessionFilter{From: start, To: start.AddDate(0, 0, 1)})
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "desk", deskPage{Layout: s.layout(c, "Desk"), Today: today})
}
