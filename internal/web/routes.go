package web

import (
	"github.com/gin-gonic/gin"
)

// routes lists every route hubbook serves. Reading it tells a newcomer what
// the product does.
func (s *Server) routes(r *gin.Engine) {
	r.Use(withRequestID, s.accessLog, s.recoverPanic, securityHeaders)
	r.NoRoute(s.notFound)

	// Operations: for load balancers and monitoring.
	read(r, "/healthz", s.healthz)
	read(r, "/readyz", s.readyz)

	// Static files under content-hashed names.
	read(r, "/static/*filepath", s.assets.serve)

	// Public: the programme, for citizens, with no account.
	read(r, "/", s.programme)
	read(r, "/print", s.programmePrint)
	read(r, "/sessions/:id", s.sessionShow)
	read(r, "/venues/:slug", s.venueShow)

	// Public API: the programme as open data.
	api := r.Group("/api/v1", allowAnyOrigin)
	read(api, "/sessions", s.apiSessions)
	read(api, "/sessions/:id", s.apiSession)
}

// read registers a page for GET and HEAD (uptime monitors and link checkers
// ask with HEAD; net/http drops the body).
func read(r gin.IRoutes, path string, h gin.HandlerFunc) {
	r.GET(path, h)
	r.HEAD(path, h)
}
