package web

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/qr"
)

// posterPage is an A4 poster for the room: a big QR code of the session's
// feedback form, for people who walked in (they get no feedback email).
type posterPage struct {
	Layout
	Session model.Session
	// URL is the feedback form's address, printed under the code for
	// people who type it; QR is the code.
	URL string
	QR  template.HTML
}

// posterQRSize is the QR code's size on screen, in CSS pixels; printed,
// the stylesheet makes it most of the page's width.
const posterQRSize = 400

// feedbackPoster shows the printable feedback poster of the register's
// session, to whoever may keep the register: staff, navigators, and the
// partner delivering the session (another partner's session is not
// found).
func (s *Server) feedbackPoster(c *gin.Context) {
	r, ok := s.loadRegister(c) // scoped as the register is
	if !ok {
		return
	}
	m := r.Session
	link := s.absoluteURL("/sessions/" + m.PublicID + "/feedback")
	code, err := qr.New(link)
	if s.failed(c, err) {
		return
	}
	s.render(c, http.StatusOK, "feedback-poster", posterPage{
		Layout:  s.layout(c, "Feedback poster: "+m.Title),
		Session: m,
		URL:     link,
		QR:      code.SVG("QR code: scan it with your phone's camera to open "+link, posterQRSize),
	})
}
