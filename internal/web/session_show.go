package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// validPublicID matches what random_public_id makes; anything else is a 404
// without a database query.
var validPublicID = regexp.MustCompile(`^[a-z0-9]{8,32}$`)

type sessionPage struct {
	Layout
	Session model.Session
	// Ended reports whether the session is already over.
	Ended bool
	// BackURL returns to the programme as the person left it (filters, page).
	BackURL string
}

// sessionShow is one session with everything a person needs to decide and
// to get there.
func (s *Server) sessionShow(c *gin.Context) {
	session, ok := s.findSession(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "session", sessionPage{
		Layout:  s.layout(c, session.Title),
		Session: session,
		Ended:   session.Ended(s.deps.Now()),
		BackURL: backToProgramme(c),
	})
}

// findSession loads the public session named by the :id parameter,
// answering 404 or the error page itself when it cannot. Proposals are not
// public.
func (s *Server) findSession(c *gin.Context) (model.Session, bool) {
	return s.sessionFromPath(c, func(ctx context.Context, id string) (model.Session, error) {
		m, err := s.deps.Store.Session(ctx, id)
		if err == nil && !m.Status.Public() {
			return model.Session{}, model.ErrNotFound
		}
		return m, err
	})
}

// sessionFromPath loads the session named by the :id parameter with load
// (which decides who may see what), answering 404 for a malformed or
// unknown id and the error page for anything else.
func (s *Server) sessionFromPath(c *gin.Context, load func(ctx context.Context, publicID string) (model.Session, error)) (model.Session, bool) {
	id := c.Param("id")
	if !validPublicID.MatchString(id) {
		s.notFound(c)
		return model.Session{}, false
	}
	m, err := load(c.Request.Context(), id)
	switch {
	case isNotFound(err):
		s.notFound(c)
		return model.Session{}, false
	case err != nil:
		s.serverError(c, err)
		return model.Session{}, false
	}
	return m, true
}

// backToProgramme is the programme page the person came from, filters and
// page kept, when the Referer is our own programme; otherwise the programme.
func backToProgramme(c *gin.Context) string {
	ref, err := url.Parse(c.GetHeader("Referer"))
	if err != nil || ref.Host != c.Request.Host || ref.Path != "/" {
		return "/"
	}
	return (&url.URL{Path: "/", RawQuery: ref.RawQuery}).String()
}
