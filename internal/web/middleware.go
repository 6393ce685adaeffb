package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

const requestIDKey = "request_id"

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// withRequestID gives every request an id, taken from a well-formed
// X-Request-Id header (set by a proxy) or made here, echoed in the response
// and in every log line about the request.
func withRequestID(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if !validRequestID.MatchString(id) {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(requestIDKey, id)
	c.Header("X-Request-Id", id)
	c.Next()
}

func requestID(c *gin.Context) string { return c.GetString(requestIDKey) }

// accessLog writes one structured line per request.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.deps.Log.InfoContext(c.Request.Context(), "request",
		"request_id", requestID(c),
		"method", c.Request.Method,
		"path", loggedPath(c),
		"route", c.FullPath(),
		"status", c.Writer.Status(),
		"bytes", c.Writer.Size(),
		"duration_ms", float64(time.Since(start).Microseconds())/1000,
		"remote", c.ClientIP(),
	)
}

// loggedPath is the request's path as the logs may keep it: a route with a
// secret in its path (a one-time link's :token) is logged as its pattern,
// and so is a mistyped path under a prefix whose links carry a token (a
// manage link with something added), so that no log holds a usable link.
func loggedPath(c *gin.Context) string {
	route := c.FullPath()
	if strings.Contains(route, ":token") {
		return route
	}
	p := c.Request.URL.Path
	if route == "" {
		for _, prefix := range tokenPrefixes {
			if strings.HasPrefix(p, prefix) {
				return prefix + "..."
			}
		}
	}
	return p
}

// tokenPrefixes are the paths under which links carry a token.
var tokenPrefixes = []string{"/bookings/", "/reset/", "/feeds/partners/", "/feeds/venues/"}

// recoverPanic turns a panic in a handler into a logged error and the plain
// error page, so one bad request never takes the server down.
func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.deps.Log.ErrorContext(c.Request.Context(), "panic", "request_id", requestID(c),
				"route", c.FullPath(), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			c.Abort()
			if !c.Writer.Written() {
				s.errorPage(c, http.StatusInternalServerError)
			}
		}
	}()
	c.Next()
}

// contentSecurityPolicy allows only our own scripts, styles and images (and
// the design system's inline SVG icons): no inline script anywhere.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Next()
}

// isAPI reports whether the request is for the JSON API.
func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// allowAnyOrigin lets other websites (the council's) read the open data.
func allowAnyOrigin(c *gin.Context) {
	c.Header("Access-Control-Allow-Origin", "*")
	c.Next()
}
