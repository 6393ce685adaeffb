package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
)

// browserCookie names the random token that tells one browser from another
// where people have no account: one supporter per browser for a
// suggestion, one answer per browser for a session's feedback form.
const browserCookie = "hb_browser"

// browserCookieLife is how long a browser keeps its token.
const browserCookieLife = 365 * 24 * time.Hour

// browserKey is the SHA-256 of this browser's token (what the database
// keeps), giving the browser a new token when it has none or a malformed
// one. A person can clear cookies and count again: the rate limits bound
// that; the key only stops the easy double count.
func (s *Server) browserKey(c *gin.Context) []byte {
	if key, known := knownBrowser(c); known {
		return key
	}
	token, hash := auth.NewToken()
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     browserCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   int(browserCookieLife / time.Second),
		HttpOnly: true,
		Secure:   s.deps.BaseURL != nil && s.deps.BaseURL.Scheme == "https",
		SameSite: http.SameSiteLaxMode,
	})
	return hash
}

// knownBrowser is this browser's key when it already has a token, giving
// it none otherwise: reading a page sets no cookie; answering does.
func knownBrowser(c *gin.Context) ([]byte, bool) {
	ck, err := c.Request.Cookie(browserCookie)
	if err != nil || !auth.WellFormedToken(ck.Value) {
		return nil, false
	}
	return auth.HashToken(ck.Value), true
}
