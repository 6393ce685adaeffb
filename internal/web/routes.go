package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// routes lists every route hubbook serves. Reading it tells a newcomer what
// the product does.
func (s *Server) routes(r *gin.Engine) {
	r.Use(withRequestID, s.accessLog, s.recoverPanic, securityHeaders)
	r.NoRoute(func(c *gin.Context) { s.errorPage(c, http.StatusNotFound) })

	// Operations: for load balancers and monitoring.
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)

	// Static files under content-hashed names.
	r.GET("/static/*filepath", s.assets.serve)
	r.HEAD("/static/*filepath", s.assets.serve)

	// Public: the programme, for citizens, with no account.
	r.GET("/", s.programme)
	r.GET("/print", s.programmePrint)
	r.GET("/sessions/:id", s.sessionShow)
	r.GET("/venues/:slug", s.venueShow)

	// Public API: the programme as open data.
	api := r.Group("/api/v1", allowAnyOrigin)
	api.GET("/sessions", s.apiSessions)
	api.GET("/sessions/:id", s.apiSession)
}
