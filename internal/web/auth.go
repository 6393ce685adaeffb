package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// Keys of the login session's data.
const (
	sessionUserID      = "user_id"
	sessionAuthVersion = "auth_version"
	sessionFlash       = "flash"
)

// sessionLoadedKey marks a request whose login session withSession loaded.
const sessionLoadedKey = "session_loaded"

// userKey is where identify leaves the signed-in user on the gin context.
const userKey = "user"

// withSession loads the login session named by the cookie and saves it
// before the response's first byte, as scs's LoadAndSave does for
// net/http, but inside Gin so that a database failure gets our error page.
func (s *Server) withSession(c *gin.Context) {
	sm := s.deps.Sessions
	var token string
	if cookie, err := c.Request.Cookie(sm.Cookie.Name); err == nil {
		token = cookie.Value
	}
	ctx, err := sm.Load(c.Request.Context(), token)
	if err != nil {
		s.serverError(c, err)
		c.Abort()
		return
	}
	c.Request = c.Request.WithContext(ctx)
	c.Set(sessionLoadedKey, true)
	w := &sessionWriter{ResponseWriter: c.Writer, c: c, s: s}
	c.Writer = w
	c.Header("Vary", "Cookie")
	c.Next()
	w.commit()
}

// sessionWriter commits the login session and sets its cookie just before
// the response's headers go out.
type sessionWriter struct {
	gin.ResponseWriter
	c    *gin.Context
	s    *Server
	done bool
}

func (w *sessionWriter) commit() {
	if w.done {
		return
	}
	w.done = true
	sm := w.s.deps.Sessions
	ctx := w.c.Request.Context()
	switch sm.Status(ctx) {
	case scs.Modified:
		token, expiry, err := sm.Commit(ctx)
		if err != nil {
			w.s.deps.Log.ErrorContext(ctx, "save login session", "request_id", requestID(w.c), "err", err)
			return
		}
		sm.WriteSessionCookie(ctx, w.ResponseWriter, token, expiry)
	case scs.Destroyed:
		sm.WriteSessionCookie(ctx, w.ResponseWriter, "", time.Time{})
	}
}

func (w *sessionWriter) WriteHeader(code int) { w.commit(); w.ResponseWriter.WriteHeader(code) }
func (w *sessionWriter) WriteHeaderNow()      { w.commit(); w.ResponseWriter.WriteHeaderNow() }
func (w *sessionWriter) Write(b []byte) (int, error) {
	w.commit()
	return w.ResponseWriter.Write(b)
}
func (w *sessionWriter) WriteString(str string) (int, error) {
	w.commit()
	return w.ResponseWriter.WriteString(str)
}

// identify puts the signed-in user, if any, on the context. A session
// whose account was disabled, or whose password changed since it began,
// ends here.
func (s *Server) identify(c *gin.Context) {
	ctx := c.Request.Context()
	sm := s.deps.Sessions
	id := sm.GetInt64(ctx, sessionUserID)
	if id == 0 {
		c.Next()
		return
	}
	u, err := s.deps.Store.User(ctx, id)
	if err != nil && !isNotFound(err) {
		s.serverError(c, err)
		c.Abort()
		return
	}
	if err != nil || u.Disabled() || u.AuthVersion != sm.GetInt(ctx, sessionAuthVersion) {
		if err := sm.Destroy(ctx); err != nil {
			s.serverError(c, err)
			c.Abort()
			return
		}
		c.Next()
		return
	}
	c.Set(userKey, u)
	c.Next()
}

// currentUser returns the signed-in user.
func currentUser(c *gin.Context) (model.User, bool) {
	v, ok := c.Get(userKey)
	if !ok {
		return model.User{}, false
	}
	u, ok := v.(model.User)
	return u, ok
}

// actor is the signed-in user as the audit log names them.
func actor(c *gin.Context) model.Actor {
	u, _ := currentUser(c)
	return model.Actor{ID: u.ID, Name: u.Name}
}

// requireRole lets through only signed-in users with one of roles. Anyone
// else signed in gets 403; a visitor is sent to sign in and brought back.
func (s *Server) requireRole(roles ...model.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := currentUser(c)
		if !ok {
			next := "/"
			if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
				next = c.Request.URL.RequestURI()
			}
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(next))
			c.Abort()
			return
		}
		if !u.Is(roles...) {
			s.errorPage(c, http.StatusForbidden)
			c.Abort()
			return
		}
		c.Header("Cache-Control", "no-store")
		c.Next()
	}
}

// requirePartnerAccount lets through only partner accounts that belong to
// a partner organisation (the database insists on it; this fails closed if
// that ever changes), since every partner query is scoped by that id.
func (s *Server) requirePartnerAccount(c *gin.Context) {
	if u, ok := currentUser(c); !ok || u.PartnerID == nil || *u.PartnerID == 0 {
		s.errorPage(c, http.StatusForbidden)
		c.Abort()
		return
	}
	c.Next()
}

// crossOrigin refuses unsafe requests (POST and the like) that a browser
// says come from another site: Go's CSRF protection, which needs no token.
func (s *Server) crossOrigin(c *gin.Context) {
	if err := s.cop.Check(c.Request); err != nil {
		s.deps.Log.WarnContext(c.Request.Context(), "cross-origin request refused",
			"request_id", requestID(c), "path", loggedPath(c), "origin", c.GetHeader("Origin"))
		s.errorPage(c, http.StatusForbidden)
		c.Abort()
		return
	}
	c.Next()
}

// homeFor is where a person lands after signing in.
func homeFor(u model.User) string {
	switch u.Role {
	case model.RoleAdmin, model.RoleStaff:
		return "/staff"
	case model.RoleNavigator:
		return "/desk"
	case model.RolePartner:
		return "/partner"
	}
	return "/"
}

// safeNext returns next when it is a path on this site, else "".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return ""
	}
	return next
}

// flash keeps a one-line message for the next page the person sees.
func (s *Server) flash(c *gin.Context, msg string) {
	s.deps.Sessions.Put(c.Request.Context(), sessionFlash, msg)
}

// popFlash returns and forgets the message flash kept, if any.
func (s *Server) popFlash(c *gin.Context) string {
	return s.deps.Sessions.PopString(c.Request.Context(), sessionFlash)
}
