package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/store"
)

// Asking for a password link by email is limited so that the form cannot
// send unwanted email: a client address may ask five times, then once every
// two minutes (429 beyond that); one inbox gets three links, then one every
// twenty minutes, whoever asks (beyond that the same answer, and nothing
// sent, so the limit says nothing about whether the account exists).
const (
	resetAddressTries = 5
	resetAddressEvery = 2 * time.Minute
	resetInboxTries   = 3
	resetInboxEvery   = 20 * time.Minute
)

// resetRequestPage asks for an account's email address to send a link
// to, and then gives the same answer whether or not there is an account.
type resetRequestPage struct {
	Layout
	Email  string
	Sent   bool
	Errors fieldErrors
}

// resetRequestForm asks for the email address of the account whose
// password was forgotten.
func (s *Server) resetRequestForm(c *gin.Context) {
	s.render(c, http.StatusOK, "reset-request", resetRequestPage{Layout: s.layout(c, "Forgot your password?")})
}

// resetRequest queues an email with a link to set a new password, if an
// enabled account uses the address, and answers the same page either way:
// the form never tells anyone which addresses have accounts.
func (s *Server) resetRequest(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	c.Header("Cache-Control", "no-store")
	ctx := c.Request.Context()
	page := resetRequestPage{Layout: s.layout(c, "Forgot your password?"), Email: strings.TrimSpace(c.PostForm("email"))}
	switch {
	case page.Email == "":
		page.Errors.add("email", "Enter the email address of your account")
	case !store.ValidEmail(page.Email):
		page.Errors.add("email", "Enter an email address like name@example.com")
	}
	if page.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "reset-request", page)
		return
	}
	now := s.deps.Now()
	if wait, _ := s.resetAddressLimit.Take(limitKey(c.ClientIP()), now); wait > 0 {
		s.tooManyResets(c, wait)
		return
	}
	email := store.NormaliseEmail(page.Email)
	if wait, _ := s.resetInboxLimit.Take(email, now); wait > 0 {
		s.deps.Log.WarnContext(ctx, "password link not sent: too many for one inbox", "request_id", requestID(c), "remote", c.ClientIP())
	} else {
		nonce, _ := auth.NewToken()
		if err := s.deps.Store.QueuePasswordReset(ctx, email, nonce); err != nil {
			s.serverError(c, err)
			return
		}
		s.deps.Log.InfoContext(ctx, "password link asked for", "request_id", requestID(c), "remote", c.ClientIP())
	}
	page.Sent, page.Title = true, "Check your email"
	s.render(c, http.StatusOK, "reset-request", page)
}

// tooManyResets answers 429 with the too-many page, saying how long to
// wait before asking for a link again.
func (s *Server) tooManyResets(c *gin.Context, wait time.Duration) {
	secs := int(math.Ceil(wait.Seconds()))
	c.Header("Retry-After", strconv.Itoa(secs))
	s.deps.Log.WarnContext(c.Request.Context(), "password link requests limited", "request_id", requestID(c), "remote", c.ClientIP(), "retry_after_s", secs)
	s.render(c, http.StatusTooManyRequests, "too-many", tooManyPage{Layout: s.layout(c, "Too many requests for a new password"),
		Wait: waitText(secs), Reset: true})
}
