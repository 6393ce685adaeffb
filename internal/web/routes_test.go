package web_test

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// who is a role, or an anonymous visitor.
type who string

const (
	anonymous who = "anonymous"
	navigator who = who(model.RoleNavigator)
	partner   who = who(model.RolePartner)
	staff     who = who(model.RoleStaff)
	admin     who = who(model.RoleAdmin)
)

var everyone = []who{anonymous, navigator, partner, staff, admin}

// access is who may use a route. A visitor sent to sign in gets 303 to
// /login; a signed-in person without the role gets 403.
type access []who

var (
	public      = access(everyone)
	deskAccess  = access{navigator, staff, admin}
	staffAccess = access{staff, admin}
	partnerOnly = access{partner}
	adminOnly   = access{admin}
	roomsAccess = access{navigator, partner, staff, admin}
	bookers     = access{partner, staff, admin}
	// registerAccess: the partner's own sessions only (:register is one).
	registerAccess = access{navigator, partner, staff, admin}
)

// routeTable is every route with who may use it and the status those who
// may get for a request with an empty body. TestRoutes_EveryRoleGetsTheRightStatus
// fails when a route is missing here, so a new route cannot skip it.
var routeTable = []struct {
	method, path string
	may          access
	status       int
}{
	{"GET", "/healthz", public, 200},
	{"GET", "/readyz", public, 200},
	{"GET", "/static/*filepath", public, 200},
	{"GET", "/api/v1/sessions", public, 200},
	{"GET", "/api/v1/sessions/:id", public, 200},
	{"GET", "/feeds/programme.ics", public, 200},
	{"GET", "/feeds/spaces/:file", public, 200},
	{"GET", "/feeds/partners/:token", public, 404},
	{"GET", "/feeds/venues/:slug/:token", public, 404},
	{"GET", "/sessions/:id/calendar.ics", public, 200},
	{"GET", "/", public, 200},
	{"GET", "/print", public, 200},
	{"GET", "/sessions/:id", public, 200},
	{"GET", "/venues/:slug", public, 200},
	{"GET", "/login", public, 0}, // 200, or 303 home when signed in
	{"POST", "/login", public, 422},
	{"POST", "/logout", public, 303},
	{"GET", "/reset", public, 200},
	{"POST", "/reset", public, 422},
	{"GET", "/reset/:token", public, 410},
	{"POST", "/reset/:token", public, 410},
	{"POST", "/sessions/:id/book", public, 422},
	{"GET", "/bookings/:token/feedback", public, 404},
	{"POST", "/bookings/:token/feedback", public, 404},
	{"GET", "/sessions/:id/feedback", public, 200},
	{"POST", "/sessions/:id/feedback", public, 409}, // the session has not started
	{"GET", "/suggestions", public, 200},
	{"GET", "/suggestions/new", public, 200},
	{"POST", "/suggestions", public, 422},
	{"GET", "/suggestions/:suggestion", public, 200},
	{"POST", "/suggestions/:suggestion/support", public, 303},
	{"GET", "/desk/people", deskAccess, 200},
	{"POST", "/desk/people", deskAccess, 422},
	{"POST", "/desk/people/export", deskAccess, 422},
	{"POST", "/desk/people/erase", deskAccess, 422},
	{"GET", "/registers/:register", registerAccess, 200},
	{"POST", "/registers/:register/mark", registerAccess, 422},
	{"POST", "/registers/:register/check-in", registerAccess, 422},
	{"POST", "/registers/:register/walk-ins", registerAccess, 422},
	{"GET", "/registers/:register/paper", registerAccess, 200},
	{"POST", "/registers/:register/paper", registerAccess, 303},
	{"GET", "/registers/:register/print", registerAccess, 200},
	{"GET", "/registers/:register/poster", registerAccess, 200},
	{"POST", "/registers/:register/close", registerAccess, 303},
	{"POST", "/registers/:register/reopen", staffAccess, 303},
	{"GET", "/check-in/:code", registerAccess, 404},
	{"POST", "/check-in/:code", registerAccess, 404},
	{"GET", "/staff/evaluation", staffAccess, 200},
	{"GET", "/staff/evaluation/:table", staffAccess, 200},
	{"GET", "/staff/suggestions", staffAccess, 200},
	{"GET", "/staff/suggestions/:suggestion", staffAccess, 200},
	{"POST", "/staff/suggestions/:suggestion", staffAccess, 422},
	{"GET", "/partner/evaluation", partnerOnly, 200},
	{"GET", "/partner/evaluation/:table", partnerOnly, 200},
	{"GET", "/bookings/lost", public, 200},
	{"POST", "/bookings/lost", public, 422},
	{"GET", "/bookings/:token", public, 404},
	{"GET", "/bookings/:token/calendar.ics", public, 404},
	{"GET", "/bookings/:token/cancel", public, 404},
	{"POST", "/bookings/:token/cancel", public, 404},
	{"POST", "/bookings/:token/party", public, 404},
	{"GET", "/bookings/:token/reminders", public, 404},
	{"POST", "/bookings/:token/reminders", public, 404},

	{"GET", "/desk", deskAccess, 200},
	{"GET", "/desk/sessions/:id/book", deskAccess, 200},
	{"POST", "/desk/sessions/:id/book", deskAccess, 422},
	{"GET", "/desk/sessions/:id/walk-ins", deskAccess, 200},
	{"POST", "/desk/sessions/:id/walk-ins", deskAccess, 422},
	{"GET", "/desk/bookings/:ref", deskAccess, 200},
	{"GET", "/desk/bookings/:ref/slip", deskAccess, 200},
	{"POST", "/desk/bookings/:ref/cancel", deskAccess, 303},
	{"POST", "/desk/bookings/:ref/party", deskAccess, 422},

	{"GET", "/staff", staffAccess, 200},
	{"GET", "/staff/sessions", staffAccess, 200},
	{"GET", "/staff/sessions/new", staffAccess, 200},
	{"POST", "/staff/sessions", staffAccess, 422},
	{"GET", "/staff/sessions/:id", staffAccess, 200},
	{"POST", "/staff/sessions/:id", staffAccess, 422},
	{"GET", "/staff/sessions/:id/duplicate", staffAccess, 200},
	{"GET", "/staff/sessions/:id/cancel", staffAccess, 200},
	{"POST", "/staff/sessions/:id/cancel", staffAccess, 422},
	{"POST", "/staff/sessions/:id/reinstate", staffAccess, 303},
	{"GET", "/staff/sessions/:id/bookings", staffAccess, 200},
	{"POST", "/staff/sessions/:id/capacity", staffAccess, 422},
	{"GET", "/staff/proposals", staffAccess, 200},
	{"POST", "/staff/proposals/:proposal/approve", staffAccess, 303},
	{"GET", "/staff/proposals/:proposal/decline", staffAccess, 200},
	{"POST", "/staff/proposals/:proposal/decline", staffAccess, 422},
	{"GET", "/staff/venues", staffAccess, 200},
	{"GET", "/staff/venues/new", staffAccess, 200},
	{"POST", "/staff/venues", staffAccess, 422},
	{"GET", "/staff/venues/:slug", staffAccess, 200},
	{"POST", "/staff/venues/:slug", staffAccess, 422},
	{"GET", "/staff/venues/:slug/spaces/new", staffAccess, 200},
	{"POST", "/staff/venues/:slug/spaces", staffAccess, 422},
	{"GET", "/staff/spaces/:slug", staffAccess, 200},
	{"POST", "/staff/spaces/:slug", staffAccess, 422},
	{"GET", "/staff/partners", staffAccess, 200},
	{"GET", "/staff/partners/new", staffAccess, 200},
	{"POST", "/staff/partners", staffAccess, 422},
	{"GET", "/staff/partners/:slug", staffAccess, 200},
	{"POST", "/staff/partners/:slug", staffAccess, 422},
	{"POST", "/staff/partners/:slug/feed/revoke", staffAccess, 303},
	{"GET", "/staff/themes", staffAccess, 200},
	{"GET", "/staff/themes/new", staffAccess, 200},
	{"POST", "/staff/themes", staffAccess, 422},
	{"GET", "/staff/themes/:slug", staffAccess, 200},
	{"POST", "/staff/themes/:slug", staffAccess, 422},
	{"GET", "/staff/mail", staffAccess, 200},
	{"GET", "/staff/feed", staffAccess, 200},
	{"POST", "/staff/feed", staffAccess, 303},
	{"POST", "/staff/feed/revoke", staffAccess, 303},

	{"GET", "/partner", partnerOnly, 200},
	{"GET", "/partner/sessions/new", partnerOnly, 200},
	{"POST", "/partner/sessions", partnerOnly, 422},
	{"GET", "/partner/sessions/:own", partnerOnly, 200},
	{"POST", "/partner/sessions/:own", partnerOnly, 422},
	{"GET", "/partner/feed", partnerOnly, 200},
	{"POST", "/partner/feed", partnerOnly, 303},

	{"GET", "/rooms", roomsAccess, 200},
	{"GET", "/rooms/find", roomsAccess, 200},
	{"GET", "/rooms/:venue", roomsAccess, 200},
	{"GET", "/rooms/:venue/:space", roomsAccess, 200},
	{"GET", "/rooms/:venue/:space/book", bookers, 200},
	{"POST", "/rooms/:venue/:space/book", bookers, 422},
	{"POST", "/rooms/:venue/:space/book/confirm", bookers, 422},
	{"GET", "/space-bookings/:booking", bookers, 200},
	{"POST", "/space-bookings/:booking/cancel", bookers, 303},
	{"GET", "/staff/space-requests", staffAccess, 200},
	{"POST", "/staff/space-requests/:request/approve", staffAccess, 303},
	{"GET", "/staff/space-requests/:request/decline", staffAccess, 200},
	{"POST", "/staff/space-requests/:request/decline", staffAccess, 422},
	{"GET", "/staff/closures", staffAccess, 200},
	{"POST", "/staff/closures", staffAccess, 422},
	{"POST", "/staff/closures/:closure/remove", staffAccess, 303},
	{"GET", "/staff/venues/:slug/hours", staffAccess, 200},
	{"POST", "/staff/venues/:slug/hours", staffAccess, 303},

	{"GET", "/admin", adminOnly, 200},
	{"GET", "/admin/users/new", adminOnly, 200},
	{"POST", "/admin/users", adminOnly, 422},
	{"GET", "/admin/users/:id", adminOnly, 200},
	{"POST", "/admin/users/:id", adminOnly, 422},
	{"POST", "/admin/users/:id/reset-link", adminOnly, 200},
	{"GET", "/admin/audit", adminOnly, 200},
}

// TestRoutes_EveryRoleGetsTheRightStatus walks every route with every role
// and an anonymous visitor: those who may use it get its status, others
// signed in get 403, and visitors are sent to sign in.
func TestRoutes_EveryRoleGetsTheRightStatus(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	browsers := map[who]*browser{anonymous: s.browser()}
	users := map[who]model.User{}
	for _, w := range everyone[1:] {
		browsers[w], users[w] = s.as(model.Role(w))
	}
	partnerOf := model.Partner{ID: *users[partner].PartnerID}
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	space := testutil.CreateSpace(t, s.st, v, model.Space{})
	session := testutil.CreateSession(t, s.st, testutil.Session{Venue: v})
	own := testutil.CreateSession(t, s.st, testutil.Session{Venue: v, Partner: &partnerOf, Status: model.StatusProposed})
	// The partner's session under way: its register takes marks and closes.
	register := testutil.CreateSession(t, s.st, testutil.Session{Venue: v, Partner: &partnerOf, Start: time.Now().Add(-time.Minute)})
	themes, _ := s.st.Themes(t.Context())
	_, token := auth.NewToken()
	booked, err := s.st.BookPlaces(t.Context(), store.BookingRequest{SessionPublicID: session.PublicID,
		Source: model.SourceOnline, TokenHash: token, Name: "Ann", Email: "ann@example.org", PartySize: 1})
	if err != nil {
		t.Fatal(err)
	}
	var partnerSlug string
	if err := s.db.Get(&partnerSlug, `SELECT slug FROM partners WHERE id = $1`, partnerOf.ID); err != nil {
		t.Fatal(err)
	}
	// Space bookings, each on its own day so that none clash: the partner's
	// own confirmed booking, and fresh requests and closures.
	day := 0
	spaceBooking := func(status model.SpaceBookingStatus, kind model.SpaceBookingKind) string {
		day++
		at := time.Now().Add(time.Duration(day) * 24 * time.Hour).Truncate(time.Hour)
		b, err := s.st.BookSpace(t.Context(), model.Actor{}, store.SpaceBookingRequest{SpaceID: space.ID, Kind: kind, Status: status,
			PartnerID: &partnerOf.ID, Purpose: "Advice surgery", StartsAt: at, EndsAt: at.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return b.PublicID
	}
	ownBooking, err := s.st.SpaceBooking(t.Context(), spaceBooking(model.SpaceConfirmed, model.SpaceForBooking), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Static files are served under content-hashed names: take one from a page.
	_, rest, _ := strings.Cut(s.get("/").body, `href="/static/`)
	asset, _, _ := strings.Cut(rest, `"`)
	fill := func(path string) string {
		if strings.Contains(path, ":request") {
			// Approving or declining spends a request: a fresh one per request.
			path = strings.Replace(path, ":request", spaceBooking(model.SpaceRequested, model.SpaceForBooking), 1)
		}
		if strings.Contains(path, ":closure") {
			path = strings.Replace(path, ":closure", spaceBooking(model.SpaceConfirmed, model.SpaceClosed), 1)
		}
		if strings.Contains(path, ":suggestion") {
			path = strings.Replace(path, ":suggestion", s.suggestion("Knitting circle", model.SuggestionPublished), 1)
		}
		if strings.Contains(path, ":register") {
			path = strings.Replace(path, ":register", register.PublicID, 1)
		}
		if strings.Contains(path, ":booking") {
			path = strings.Replace(path, ":booking", ownBooking.PublicID, 1)
		}
		if strings.Contains(path, ":proposal") {
			// Approving or declining spends a proposal: a fresh one per request.
			p := testutil.CreateSession(t, s.st, testutil.Session{Venue: v, Status: model.StatusProposed})
			path = strings.Replace(path, ":proposal", p.PublicID, 1)
		}
		r := strings.NewReplacer(":ref", booked.Reference, ":id", session.PublicID, ":own", own.PublicID, ":token", "not-a-live-link-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			"*filepath", asset, ":file", space.Slug+".ics", "/venues/:slug", "/venues/"+v.Slug, "/spaces/:slug", "/spaces/"+space.Slug,
			"/partners/:slug", "/partners/"+partnerSlug, "/themes/:slug", "/themes/"+themes[0].Slug,
			"/rooms/:venue", "/rooms/"+v.Slug, "/:space", "/"+space.Slug, ":table", "themes.csv")
		path = r.Replace(path)
		if strings.HasPrefix(path, "/admin/users/") {
			path = strings.Replace(path, session.PublicID, strconv.FormatInt(users[admin].ID, 10), 1)
		}
		return path
	}

	listed := map[string]bool{}
	for _, rt := range routeTable {
		listed[rt.method+" "+rt.path] = true
		for _, w := range everyone {
			path := fill(rt.path)
			var r response
			if rt.method == "GET" {
				r = browsers[w].get(path)
			} else {
				r = browsers[w].post(path, url.Values{})
			}
			want := rt.status
			allowed := false
			for _, m := range rt.may {
				allowed = allowed || m == w
			}
			switch {
			case !allowed && w == anonymous:
				if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
					t.Errorf("%s %s as %s: status %d to %q, want 303 to /login", rt.method, path, w, r.StatusCode, r.Header.Get("Location"))
				}
				continue
			case !allowed:
				want = http.StatusForbidden
			case rt.method == "GET" && rt.path == "/login":
				want = map[bool]int{true: 200, false: 303}[w == anonymous]
			}
			if r.StatusCode != want {
				t.Errorf("%s %s as %s: status %d, want %d", rt.method, path, w, r.StatusCode, want)
			}
			if w != anonymous && rt.path == "/logout" { // sign back in for the routes after it
				browsers[w] = s.browser().signIn(users[w])
			}
		}
	}
	var missing []string
	for _, r := range s.routes {
		if r.Method == http.MethodHead {
			continue // every HEAD route is its GET's twin
		}
		key := r.Method + " " + strings.NewReplacer("/staff/proposals/:id", "/staff/proposals/:proposal", "/partner/sessions/:id", "/partner/sessions/:own",
			"/space-bookings/:id", "/space-bookings/:booking", "/staff/space-requests/:id", "/staff/space-requests/:request",
			"/staff/closures/:id", "/staff/closures/:closure", "/registers/:id", "/registers/:register", "/suggestions/:id", "/suggestions/:suggestion").Replace(r.Path)
		if !listed[key] {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("routes not in routeTable (add them with who may use them):\n%s", strings.Join(missing, "\n"))
	}
}
