package web

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// The forms that email a link to an address someone types ("forgot your
// password?", "lost your booking link?") are limited so that they cannot
// send unwanted email: a client address may ask five times, then once
// every two minutes (429 beyond that); one inbox gets three emails, then
// one every twenty minutes, whoever asks (beyond that the same answer, and
// nothing sent, so the limit says nothing about what the address has).
const (
	emailFormAddressTries = 5
	emailFormAddressEvery = 2 * time.Minute
	emailFormInboxTries   = 3
	emailFormInboxEvery   = 20 * time.Minute
)

// emailFormLimited applies those limits to a request of form ("reset" or
// "link") to email inbox. ok is false when it has answered 429; send is
// false when the inbox has had enough for now (the form then answers as
// if it had sent).
func (s *Server) emailFormLimited(c *gin.Context, inbox, form string) (send, ok bool) {
	now := s.deps.Now()
	if wait, _ := s.emailAddressLimit.Take(limitKey(c.ClientIP()), now); wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		c.Header("Retry-After", strconv.Itoa(secs))
		s.deps.Log.WarnContext(c.Request.Context(), "email form limited", "form", form, "request_id", requestID(c),
			"remote", c.ClientIP(), "retry_after_s", secs)
		title := "Too many requests for a new password"
		if form == "link" {
			title = "Too many requests for booking links"
		}
		s.render(c, http.StatusTooManyRequests, "too-many", tooManyPage{Layout: s.layout(c, title), Wait: waitText(secs), Form: form})
		return false, false
	}
	if wait, _ := s.emailInboxLimit.Take(form+":"+inbox, now); wait > 0 {
		s.deps.Log.WarnContext(c.Request.Context(), "email not sent: too many for one inbox", "form", form,
			"request_id", requestID(c), "remote", c.ClientIP())
		return false, true
	}
	return true, true
}
