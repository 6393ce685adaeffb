package web

import (
	"cmp"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/store"
)

// Sign-in limits count failed tries only: an account gets five, then one
// every two minutes; an address (an IP, which may be a whole library's
// network) twenty, then one every ten seconds.
const (
	accountTries = 5
	accountEvery = 2 * time.Minute
	addressTries = 20
	addressEvery = 10 * time.Second
)

type loginPage struct {
	Layout
	Email     string
	Next      string
	SignedOut bool
	Errors    fieldErrors
}

// loginForm shows the sign-in form, or sends a signed-in person home.
func (s *Server) loginForm(c *gin.Context) {
	next := safeNext(c.Query("next"))
	if u, ok := currentUser(c); ok {
		c.Redirect(http.StatusSeeOther, cmp.Or(next, homeFor(u)))
		return
	}
	s.render(c, http.StatusOK, "login", loginPage{Layout: s.layout(c, "Sign in"), Next: next, SignedOut: c.Query("signed_out") == "1"})
}

// login checks an email and password. A wrong password and an unknown
// email get the same answer after the same work; too many tries from one
// address or for one account get 429 with Retry-After.
func (s *Server) login(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	page := loginPage{
		Layout: s.layout(c, "Sign in"),
		Email:  strings.TrimSpace(c.PostForm("email")),
		Next:   safeNext(c.PostForm("next")),
	}
	password := c.PostForm("password")
	if page.Email == "" {
		page.Errors.add("email", "Enter your email address")
	}
	if password == "" {
		page.Errors.add("password", "Enter your password")
	}
	if page.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "login", page)
		return
	}
	now := s.deps.Now()
	ip, account := c.ClientIP(), store.NormaliseEmail(page.Email)
	// Each try is counted before the password is checked, so that parallel
	// guesses are counted too; a try that succeeds is given back.
	ipWait, ipGiveBack := s.addressLimit.Take(ip, now)
	if ipWait > 0 {
		s.tooManyTries(c, ipWait)
		return
	}
	if wait, _ := s.accountLimit.Take(account, now); wait > 0 {
		ipGiveBack()
		s.tooManyTries(c, wait)
		return
	}

	u, err := s.deps.Store.UserByEmail(ctx, account)
	if err != nil && !isNotFound(err) {
		s.serverError(c, err)
		return
	}
	published, isPublished := s.deps.PublishedPasswords[account]
	if !auth.VerifyPassword(password, u.PasswordHash) || u.Disabled() || (isPublished && password == published) {
		s.deps.Log.InfoContext(ctx, "sign-in refused", "request_id", requestID(c), "remote", ip)
		page.Errors.add("email", "Enter the email address and password of an account that is in use")
		s.render(c, http.StatusUnprocessableEntity, "login", page)
		return
	}
	ipGiveBack()
	s.accountLimit.Forget(account)
	sm := s.deps.Sessions
	// A new token at sign-in, so a token planted before it is worth nothing.
	if err := sm.RenewToken(ctx); err != nil {
		s.serverError(c, err)
		return
	}
	sm.Put(ctx, sessionUserID, u.ID)
	sm.Put(ctx, sessionAuthVersion, u.AuthVersion)
	if err := s.deps.Store.RecordSignIn(ctx, u.ID, now); err != nil {
		s.serverError(c, err)
		return
	}
	s.deps.Log.InfoContext(ctx, "signed in", "request_id", requestID(c), "user_id", u.ID)
	c.Redirect(http.StatusSeeOther, cmp.Or(page.Next, homeFor(u)))
}

// logout ends the login session.
func (s *Server) logout(c *gin.Context) {
	if err := s.deps.Sessions.Destroy(c.Request.Context()); err != nil {
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/login?signed_out=1")
}

type tooManyPage struct {
	Layout
	Wait string
	// Form names the email form whose requests were too many ("reset",
	// "link"); empty means sign-ins.
	Form string
}

// tooManyTries answers 429 to a sign-in.
func (s *Server) tooManyTries(c *gin.Context, wait time.Duration) {
	s.tooMany(c, wait, "Too many tries to sign in", "")
}

// tooMany answers 429 with Retry-After and a plain page titled title
// saying how long to wait; form is the email form limited ("reset",
// "link"), or "" for sign-ins, and picks the page's advice.
func (s *Server) tooMany(c *gin.Context, wait time.Duration, title, form string) {
	secs := int(math.Ceil(wait.Seconds()))
	c.Header("Retry-After", strconv.Itoa(secs))
	s.deps.Log.WarnContext(c.Request.Context(), "requests limited", "form", cmp.Or(form, "sign-in"),
		"request_id", requestID(c), "remote", c.ClientIP(), "retry_after_s", secs)
	s.render(c, http.StatusTooManyRequests, "too-many", tooManyPage{Layout: s.layout(c, title), Wait: waitText(secs), Form: form})
}

// limited takes one of the client address's tries from l. With none left
// it sets Retry-After, logs the refusal as form's, and returns how long to
// wait in words, for the 429 page its caller renders with the typing kept.
func (s *Server) limited(c *gin.Context, l *auth.Limiter, form string) (wait string, refused bool) {
	d, _ := l.Take(limitKey(c.ClientIP()), s.deps.Now())
	if d <= 0 {
		return "", false
	}
	secs := int(math.Ceil(d.Seconds()))
	c.Header("Retry-After", strconv.Itoa(secs))
	s.deps.Log.WarnContext(c.Request.Context(), "requests limited", "form", form,
		"request_id", requestID(c), "remote", c.ClientIP(), "retry_after_s", secs)
	return waitText(secs), true
}

func waitText(secs int) string {
	if secs <= 60 {
		return pluralise(secs, "second", "seconds")
	}
	return pluralise((secs+59)/60, "minute", "minutes")
}
