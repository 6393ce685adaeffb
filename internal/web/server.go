// Package web is hubbook's HTTP interface: the Gin router, its middleware,
// server-rendered pages and the JSON API. *gin.Context never leaves it.
package web

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/klauspost/compress/gzhttp"
	"golang.org/x/sync/singleflight"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// Deps are what the web layer needs from the rest of hubbook.
type Deps struct {
	Store *store.Store
	Log   *slog.Logger
	// Location is the time zone pages show times in.
	Location *time.Location
	// BaseURL is the public address, for absolute links in the API.
	BaseURL *url.URL
	// ServiceName and ServicePhone appear in the header, footer and print.
	ServiceName  string
	ServicePhone string
	// Ready reports whether the database is reachable and its schema current.
	Ready func(context.Context) error
	// Templates and Static are the embedded file trees.
	Templates fs.FS
	Static    fs.FS
	// TrustedProxies are the addresses (or CIDR ranges) of reverse proxies
	// whose X-Forwarded-For is believed; none by default.
	TrustedProxies []string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// PublishedPasswords are passwords anyone can read (the demo accounts',
	// by email): in production they never sign in, even on an account
	// enabled again after serve started. Nil allows them (development).
	PublishedPasswords map[string]string
	// Sessions keeps login sessions (auth.NewSessions); nil keeps them in
	// memory, which only tests that never sign in should do.
	Sessions *scs.SessionManager
	// Booking holds when booking closes and when walk-in reserves open; the
	// store is given the same rules and clock.
	Booking model.BookingRules
	// BookingRateLimit is how many booking form posts a client address may
	// make a minute; 0 means no limit.
	BookingRateLimit int
	// Sealer keeps each booking's manage link, sealed, for its emails, and
	// each private calendar feed's token, so its owner's page can show the
	// address again; nil keeps none (the emails then point to the desk and
	// the reference, and a feed's address is shown once, when made).
	Sealer *auth.Sealer
	// CheckIns signs the check-in links in bookings' QR codes, so that
	// only a link hubbook made marks a booking attended; nil shows no QR
	// codes.
	CheckIns *auth.Keyed
}

// Server holds the parsed templates, the static files and the router.
type Server struct {
	deps    Deps
	assets  *assets
	pages   map[string]*template.Template
	handler http.Handler
	// cop refuses cross-origin form posts (CSRF).
	cop *http.CrossOriginProtection
	// routeList is every route, for Routes.
	routeList []Route
	// addressLimit and accountLimit slow down password guessing.
	addressLimit, accountLimit *auth.Limiter
	// bookingLimit slows down booking form posts per address; nil when
	// there is no limit.
	bookingLimit *auth.Limiter
	// suggestionLimit and supportLimit slow down suggestions and support
	// for them per address.
	suggestionLimit, supportLimit *auth.Limiter
	// emailAddressLimit and emailInboxLimit keep the forms that email a
	// typed-in address from sending unwanted email (emailFormLimited).
	emailAddressLimit, emailInboxLimit *auth.Limiter
	// feedbackLimit slows down feedback form posts per address.
	feedbackLimit *auth.Limiter
	// feeds keeps recently built calendar feeds by ETag, and feedBuilds
	// makes concurrent requests for the same feed build it once: after a
	// change, every subscribed client's refresh wants the same bytes.
	feeds      *lru.Cache[string, []byte]
	feedBuilds singleflight.Group
	// tagsSeen is when this server first answered with each calendar ETag:
	// its Last-Modified (serveCalendar).
	tagsSeen *lru.Cache[string, time.Time]
}

// New parses every template and loads every static file, so that a missing
// or broken one stops the start, and builds the router.
func New(deps Deps) (*Server, error) {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	if deps.Sessions == nil {
		deps.Sessions = scs.New() // in memory: for tests that never sign in
	}
	auth.Warm()
	if deps.Store != nil {
		deps.Store = deps.Store.WithBooking(deps.Booking, deps.Now)
	}
	s := &Server{
		deps:              deps,
		cop:               http.NewCrossOriginProtection(),
		addressLimit:      auth.NewLimiter(addressEvery, addressTries),
		accountLimit:      auth.NewLimiter(accountEvery, accountTries),
		suggestionLimit:   auth.NewLimiter(suggestionEvery, suggestionTries),
		supportLimit:      auth.NewLimiter(supportEvery, supportTries),
		emailAddressLimit: auth.NewLimiter(emailFormAddressEvery, emailFormAddressTries),
		emailInboxLimit:   auth.NewLimiter(emailFormInboxEvery, emailFormInboxTries),
		feedbackLimit:     auth.NewLimiter(feedbackEvery, feedbackTries),
	}
	var err error
	if s.feeds, err = lru.New[string, []byte](feedCacheSize); err != nil {
		return nil, err
	}
	if s.tagsSeen, err = lru.New[string, time.Time](tagsSeenSize); err != nil {
		return nil, err
	}
	if deps.BookingRateLimit > 0 {
		s.bookingLimit = auth.NewLimiter(time.Minute/time.Duration(deps.BookingRateLimit), deps.BookingRateLimit)
	}
	if s.assets, err = loadAssets(deps.Static); err != nil {
		return nil, err
	}
	if s.pages, err = parseTemplates(deps.Templates, s.funcs()); err != nil {
		return nil, err
	}
	engine := gin.New()
	// ClientIP (in the access log) believes X-Forwarded-For only from these.
	if err := engine.SetTrustedProxies(deps.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	engine.RedirectTrailingSlash = true
	engine.RemoveExtraSlash = true
	engine.ContextWithFallback = true
	s.routes(engine)
	for _, r := range engine.Routes() {
		s.routeList = append(s.routeList, Route{Method: r.Method, Path: r.Path})
	}
	s.handler = gzhttp.GzipHandler(engine)
	return s, nil
}

// Route is one method and path pattern the site answers.
type Route struct {
	Method, Path string
}

// Routes lists every route, so that a test can prove each one is guarded
// for each role.
func (s *Server) Routes() []Route { return s.routeList }

// Handler returns the whole site as an http.Handler.
func (s *Server) Handler() http.Handler { return s.handler }
