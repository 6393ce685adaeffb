package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// forgotPassword is the "Forgot your password?" form: a link to set a new
// password goes to an enabled account with the address typed, if there is
// one, and the answer is the same either way, so the form never tells
// anyone which addresses have accounts.
func (s *Server) forgotPassword() emailForm {
	return emailForm{page: "reset-request", title: "Forgot your password?", limit: "reset",
		empty: "Enter the email address of your account", queue: s.deps.Store.QueuePasswordReset}
}

// resetRequestForm asks for the email address of the account whose
// password was forgotten.
func (s *Server) resetRequestForm(c *gin.Context) {
	s.render(c, http.StatusOK, "reset-request", emailFormPage{Layout: s.layout(c, "Forgot your password?")})
}

// resetRequest queues the email with the link.
func (s *Server) resetRequest(c *gin.Context) { s.postEmailForm(c, s.forgotPassword()) }
