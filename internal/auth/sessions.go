package auth

import (
	"database/sql"
	"net/http"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/v2"
)

// SessionOptions configure login sessions.
type SessionOptions struct {
	// IdleTimeout ends a session nobody has used for this long.
	IdleTimeout time.Duration
	// Lifetime ends a session this long after sign-in, however busy.
	Lifetime time.Duration
	// Secure sends the cookie over HTTPS only (when the base URL is https).
	Secure bool
	// CleanupInterval is how often expired sessions are deleted; 0 never.
	CleanupInterval time.Duration
}

// CookieName is the login session cookie's name.
const CookieName = "hubbook_session"

// NewSessions returns the login session manager, keeping sessions in the
// PostgreSQL table "sessions". The cookie is HttpOnly and SameSite=Lax, and
// lasts only as long as the browser unless the session is still live; its
// token is renewed at sign-in. Call the returned stop function at shutdown.
func NewSessions(db *sql.DB, o SessionOptions) (m *scs.SessionManager, stop func()) {
	store := postgresstore.NewWithCleanupInterval(db, o.CleanupInterval)
	m = scs.New()
	m.Store = store
	m.IdleTimeout = o.IdleTimeout
	m.Lifetime = o.Lifetime
	m.Cookie.Name = CookieName
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = o.Secure
	m.Cookie.Path = "/"
	m.Cookie.Persist = false
	return m, func() {
		if o.CleanupInterval > 0 {
			store.StopCleanup()
		}
	}
}
