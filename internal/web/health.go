package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// healthz answers while the process is up.
func (s *Server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.String(http.StatusOK, "ok\n")
}

// readyz answers 200 only while the database is reachable and its schema is
// the one this binary expects, so a load balancer stops sending traffic to
// an instance that cannot serve it.
func (s *Server) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.deps.Ready(ctx); err != nil {
		s.deps.Log.WarnContext(ctx, "not ready", "request_id", requestID(c), "err", err)
		c.String(http.StatusServiceUnavailable, "not ready: database unavailable or schema not current\n")
		return
	}
	c.String(http.StatusOK, "ready\n")
}
