package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/store"
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
		title := "Too many requests for a new password"
		if form == "link" {
			title = "Too many requests for booking links"
		}
		s.tooMany(c, wait, title, form)
		return false, false
	}
	if wait, _ := s.emailInboxLimit.Take(form+":"+inbox, now); wait > 0 {
		s.deps.Log.WarnContext(c.Request.Context(), "email not sent: too many for one inbox", "form", form,
			"request_id", requestID(c), "remote", c.ClientIP())
		return false, true
	}
	return true, true
}

// emailForm is a form that emails a link to an address someone types.
type emailForm struct {
	// page is its template, title its heading, limit its name for the
	// limits ("reset", "link"), and empty the message for no address.
	page, title, limit, empty string
	// queue queues the email(s) for the normalised address; nonce keeps
	// two requests apart.
	queue func(ctx context.Context, email, nonce string) error
}

// emailFormPage is such a form, and then its answer, which is the same
// whatever the address has.
type emailFormPage struct {
	Layout
	Email  string
	Sent   bool
	Errors fieldErrors
}

// postEmailForm checks the address (422 with the problem and the address
// as typed), applies the limits, queues the email and answers "Check your
// email".
func (s *Server) postEmailForm(c *gin.Context, f emailForm) {
	if !s.parseForm(c) {
		return
	}
	c.Header("Cache-Control", "no-store")
	page := emailFormPage{Layout: s.layout(c, f.title), Email: strings.TrimSpace(c.PostForm("email"))}
	switch {
	case page.Email == "":
		page.Errors.add("email", f.empty)
	case !store.ValidEmail(page.Email):
		page.Errors.add("email", "Enter an email address like name@example.com")
	}
	if page.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, f.page, page)
		return
	}
	email := store.NormaliseEmail(page.Email)
	send, ok := s.emailFormLimited(c, email, f.limit)
	if !ok {
		return
	}
	if send {
		nonce, _ := auth.NewToken()
		if s.failed(c, f.queue(c.Request.Context(), email, nonce)) {
			return
		}
		s.deps.Log.InfoContext(c.Request.Context(), "email form sent", "form", f.limit, "request_id", requestID(c), "remote", c.ClientIP())
	}
	page.Sent, page.Title = true, "Check your email"
	s.render(c, http.StatusOK, f.page, page)
}
