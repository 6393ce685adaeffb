package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/store"
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
	email := store.NormaliseEmail(page.Email)
	send, ok := s.emailFormLimited(c, email, "reset")
	if !ok {
		return
	}
	if send {
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
