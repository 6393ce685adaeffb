package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/model"
)

type resetPage struct {
	Layout
	Account model.User
	Errors  fieldErrors
}

// resetForm asks for a new password, if the link in the path still works:
// known, unused, unexpired and for an enabled account.
func (s *Server) resetForm(c *gin.Context) {
	token := s.takeToken(c)
	u, ok := s.resetAccount(c, token)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "reset", resetPage{Layout: s.layout(c, "Set a new password"), Account: u})
}

// reset sets the new password, spends the link and ends the account's
// other sign-ins, then sends the person to sign in with it.
func (s *Server) reset(c *gin.Context) {
	token := s.takeToken(c)
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	u, ok := s.resetAccount(c, token)
	if !ok {
		return
	}
	p := resetPage{Layout: s.layout(c, "Set a new password"), Account: u}
	password, again := c.PostForm("password"), c.PostForm("confirm")
	if problem := auth.CheckPassword(password, u.Email); problem != "" {
		p.Errors.add("password", problem)
	} else if again == "" {
		p.Errors.add("confirm", "Enter the new password again")
	} else if again != password {
		p.Errors.add("confirm", "Enter the same password twice: the two did not match")
	}
	if p.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "reset", p)
		return
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.serverError(c, err)
		return
	}
	// Spent here, under a lock: of two people using one link, one wins.
	if _, err := s.deps.Store.ResetPassword(ctx, auth.HashToken(token), hash, s.deps.Now()); err != nil {
		if errors.Is(err, model.ErrInvalidToken) {
			s.deadLink(c)
			return
		}
		s.serverError(c, err)
		return
	}
	s.deps.Log.InfoContext(ctx, "password set with a link", "request_id", requestID(c), "user_id", u.ID)
	if me, ok := currentUser(c); ok && me.ID == u.ID {
		// This sign-in ended with the old password; end it here, keeping
		// the session for the message below.
		sm := s.deps.Sessions
		if err := sm.RenewToken(ctx); err != nil {
			s.serverError(c, err)
			return
		}
		sm.Remove(ctx, sessionUserID)
		sm.Remove(ctx, sessionAuthVersion)
	}
	s.flash(c, "Your password is set. Sign in with it.")
	c.Redirect(http.StatusSeeOther, "/login")
}

// takeToken returns the link's token. Pages with a token are not cached,
// and send no Referer anywhere; the access log leaves it out (loggedPath).
func (s *Server) takeToken(c *gin.Context) string {
	token := c.Param("token")
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer")
	return token
}

// resetAccount returns the account a live link is for, or answers 410
// itself. A malformed token is refused before the database is asked.
func (s *Server) resetAccount(c *gin.Context, token string) (model.User, bool) {
	if !auth.WellFormedToken(token) {
		s.deadLink(c)
		return model.User{}, false
	}
	u, err := s.deps.Store.PasswordResetUser(c.Request.Context(), auth.HashToken(token), s.deps.Now())
	if errors.Is(err, model.ErrInvalidToken) {
		s.deadLink(c)
		return u, false
	}
	if err != nil {
		s.serverError(c, err)
		return u, false
	}
	return u, true
}

// deadLink answers 410 Gone: the link is unknown, used, expired or for a
// disabled account, and only an admin can make a new one.
func (s *Server) deadLink(c *gin.Context) {
	s.render(c, http.StatusGone, "reset-dead", resetPage{Layout: s.layout(c, "This link no longer works")})
}
