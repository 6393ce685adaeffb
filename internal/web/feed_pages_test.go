package web_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/testutil"
	"hubbook/internal/web"
)

// feedAddress matches the https:// address of a feed in a subscribe
// block's copy box.
var feedAddress = regexp.MustCompile(`value="(https://hubbook\.example\.org/feeds/[^"]*)"`)

// feedPaths are the paths (with queries) of the feed addresses a page
// offers to copy, in page order.
func feedPaths(t *testing.T, r response) []string {
	t.Helper()
	var out []string
	for _, m := range feedAddress.FindAllStringSubmatch(r.body, -1) {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatalf("feed address %q: %v", m[1], err)
		}
		out = append(out, u.RequestURI())
	}
	return out
}

// oneFeedPath is the one feed address a page offers, failing the test
// unless there is exactly one.
func oneFeedPath(t *testing.T, r response) string {
	t.Helper()
	paths := feedPaths(t, r)
	if len(paths) != 1 {
		t.Fatalf("status %d: %d feed addresses on the page, want 1: %q", r.StatusCode, len(paths), paths)
	}
	return paths[0]
}

// feedAudits are the calendar feed actions the audit log holds about key,
// oldest first.
func feedAudits(t *testing.T, s *site, key string) []string {
	t.Helper()
	var actions []string
	for _, a := range auditActions(t, s, key) {
		if strings.HasPrefix(a, "feed.") {
			actions = append(actions, a)
		}
	}
	return actions
}

// partnerSlug is the slug of u's partner organisation.
func partnerSlug(t *testing.T, s *site, u model.User) string {
	t.Helper()
	var slug string
	if err := s.db.Get(&slug, `SELECT slug FROM partners WHERE id = $1`, *u.PartnerID); err != nil {
		t.Fatal(err)
	}
	return slug
}

func TestFeedPages_ProgrammeOffersWhatItShowsAsACalendar(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	hub := testutil.CreateVenue(t, s.st, model.Venue{Slug: "community-hub", Name: "Community Hub"})
	room := testutil.CreateSpace(t, s.st, hub, model.Space{Name: "Green room"})
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Diabetes group", Venue: hub, Space: &room, Theme: "health",
		Audience: "adults", Start: s.tomorrowAt(10, 0)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Bookbug", Venue: hub, Theme: "family", Start: s.tomorrowAt(11, 0)})

	r := s.get("/?venue=community-hub&theme=health&audience=adults&from=" + s.tomorrowAt(0, 0).Format("2006-01-02") + "&page=1")
	r.mustStatus(t, http.StatusOK)
	r.mustContain(t, "Subscribe to this programme", "Add to your calendar app", "Add to Google Calendar", `<label class="ds_label" for="feed-address">`,
		`href="webcal://hubbook.example.org/feeds/programme.ics?audience=adults&amp;theme=health&amp;venue=community-hub"`,
		`href="https://calendar.google.com/calendar/render?cid=webcal`)
	path := oneFeedPath(t, r)
	if path != "/feeds/programme.ics?audience=adults&theme=health&venue=community-hub" {
		t.Errorf("feed address %q: want the venue, topic and audience, and no dates or page", path)
	}
	if got := summaries(t, calendar(t, s.get(path))); !slices.Equal(got, []string{"Diabetes group"}) {
		t.Errorf("the programme's feed holds %q", got)
	}
	if path := oneFeedPath(t, s.get("/")); path != "/feeds/programme.ics" {
		t.Errorf("the whole programme's feed address %q", path)
	}

	venue := s.get("/venues/community-hub")
	venue.mustContain(t, "Subscribe to what's on at Community Hub", "What's on in each room")
	paths := feedPaths(t, venue)
	if want := []string{"/feeds/programme.ics?venue=community-hub", "/feeds/spaces/" + room.Slug + ".ics"}; !slices.Equal(paths, want) {
		t.Fatalf("venue page feeds %q, want %q", paths, want)
	}
	for _, path := range paths {
		if got := summaries(t, calendar(t, s.get(path))); !slices.Contains(got, "Diabetes group") {
			t.Errorf("%s holds %q", path, got)
		}
	}

	s.get("/sessions/"+m.PublicID).mustContain(t, `href="/sessions/`+m.PublicID+`/calendar.ics" download>Add to calendar</a>`)
	calendar(t, s.get("/sessions/"+m.PublicID+"/calendar.ics"))
}

func TestFeedPages_PartnerMakesAndReplacesItsOrganisationsAddress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, u := s.as(model.RolePartner)
	org := model.Partner{ID: *u.PartnerID}
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Our idea", Venue: v, Partner: &org, Status: model.StatusProposed, Start: s.tomorrowAt(10, 0)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Not ours", Venue: v, Start: s.tomorrowAt(11, 0)})

	b.get("/partner").mustContain(t, `href="/partner/feed"`)
	first := b.get("/partner/feed")
	first.mustStatus(t, http.StatusOK)
	first.mustContain(t, "Make an address", "proposals, marked as tentative")
	if paths := feedPaths(t, first); len(paths) != 0 {
		t.Fatalf("an address before one was made: %q", paths)
	}

	b.post("/partner/feed", url.Values{}).mustRedirect(t, "/partner/feed")
	made := b.get("/partner/feed")
	made.mustContain(t, "Your calendar address has been made.", "Not used yet", "by "+esc(u.Name), "Make a new address",
		"The old address will stop working for everyone in your organisation")
	old := oneFeedPath(t, made)
	if !strings.HasPrefix(old, "/feeds/partners/") {
		t.Fatalf("partner feed address %q", old)
	}
	feed := s.get(old)
	if got := summaries(t, calendar(t, feed)); !slices.Equal(got, []string{"Our idea"}) {
		t.Errorf("partner feed holds %q", got)
	}
	feed.mustContain(t, "\r\nSTATUS:TENTATIVE\r\n")
	if r := b.get("/partner/feed"); strings.Contains(r.body, "Not used yet") {
		t.Error("the page says the address is not used after a calendar fetched it")
	}

	// Everyone in the organisation shares the address.
	colleague := s.browser().signIn(testutil.CreateUser(t, s.st, model.User{Role: model.RolePartner, PartnerID: &org.ID}))
	if got := oneFeedPath(t, colleague.get("/partner/feed")); got != old {
		t.Errorf("a colleague sees %q, want the organisation's %q", got, old)
	}

	b.post("/partner/feed", url.Values{}).mustRedirect(t, "/partner/feed")
	replaced := b.get("/partner/feed")
	replaced.mustContain(t, "A new address has been made. The old one no longer works.")
	current := oneFeedPath(t, replaced)
	if current == old {
		t.Fatal("the new address is the old one")
	}
	if r := s.get(old); r.StatusCode != http.StatusNotFound {
		t.Errorf("the old address: status %d, want 404", r.StatusCode)
	}
	calendar(t, s.get(current))
	if got := feedAudits(t, s, partnerSlug(t, s, u)); !slices.Equal(got, []string{"feed.create", "feed.rotate"}) {
		t.Errorf("audit log %q", got)
	}

	// Another organisation sees its own address, never this one's.
	other, _ := s.as(model.RolePartner)
	if paths := feedPaths(t, other.get("/partner/feed")); len(paths) != 0 {
		t.Fatalf("another organisation sees an address before making one: %q", paths)
	}
	other.post("/partner/feed", url.Values{}).mustRedirect(t, "/partner/feed")
	theirs := other.get("/partner/feed")
	if path := oneFeedPath(t, theirs); path == current || path == old {
		t.Fatal("another organisation was shown this one's address")
	}
	theirs.mustNotContain(t, strings.TrimSuffix(strings.TrimPrefix(current, "/feeds/partners/"), ".ics"))
	if got := summaries(t, calendar(t, s.get(oneFeedPath(t, theirs)))); len(got) != 0 {
		t.Errorf("another organisation's feed holds %q", got)
	}

	// A post from another site makes nothing.
	req := httptest.NewRequest(http.MethodPost, origin.String()+"/partner/feed", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := b.do(req); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: status %d, want 403", r.StatusCode)
	}
	if got := oneFeedPath(t, b.get("/partner/feed")); got != current {
		t.Error("a cross-site post changed the address")
	}
}

func TestFeedPages_StaffStopAPartnersAddress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	pb, pu := s.as(model.RolePartner)
	sb, _ := s.as(model.RoleStaff)
	slug := partnerSlug(t, s, pu)
	edit := "/staff/partners/" + slug

	sb.get(edit).mustContain(t, "The organisation has no calendar address.")
	pb.post("/partner/feed", url.Values{}).mustRedirect(t, "/partner/feed")
	path := oneFeedPath(t, pb.get("/partner/feed"))
	calendar(t, s.get(path))

	page := sb.get(edit)
	page.mustContain(t, "by "+esc(pu.Name), "Stop this partner's calendar address", `action="/staff/partners/`+slug+`/feed/revoke"`)
	if paths := feedPaths(t, page); len(paths) != 0 {
		t.Errorf("staff are shown the partner's address: %q", paths)
	}

	sb.post(edit+"/feed/revoke", url.Values{}).mustRedirect(t, edit)
	sb.get(edit).mustContain(t, "calendar address has been stopped", "The organisation has no calendar address.")
	if r := s.get(path); r.StatusCode != http.StatusNotFound {
		t.Errorf("the stopped address: status %d, want 404", r.StatusCode)
	}
	pb.get("/partner/feed").mustContain(t, "Make an address")

	// Stopping it again says there is nothing to stop.
	sb.post(edit+"/feed/revoke", url.Values{}).mustRedirect(t, edit)
	sb.get(edit).mustContain(t, "has no calendar address to stop.")
	if got := feedAudits(t, s, slug); !slices.Equal(got, []string{"feed.create", "feed.revoke"}) {
		t.Errorf("audit log %q", got)
	}
	if r := sb.post("/staff/partners/no-such-partner/feed/revoke", url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown partner: status %d, want 404", r.StatusCode)
	}
}

func TestFeedPages_StaffAddressOpensEachVenueUntilTheAccountIsDisabled(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, u := s.as(model.RoleStaff)
	central := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	hub := testutil.CreateVenue(t, s.st, model.Venue{Name: "Community Hub"})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Proposed here", Venue: hub, Status: model.StatusProposed, Start: s.tomorrowAt(10, 0)})

	b.get("/staff").mustContain(t, `href="/staff/feed"`)
	b.get("/staff/feed").mustContain(t, "Make an address", "Do not share", "proposals")
	b.post("/staff/feed", url.Values{}).mustRedirect(t, "/staff/feed")
	page := b.get("/staff/feed")
	page.mustContain(t, "Your calendar address has been made.", "Central Library", "Community Hub")
	paths := feedPaths(t, page)
	if len(paths) != 2 || !strings.HasPrefix(paths[0], "/feeds/venues/"+central.Slug+"/") || !strings.HasPrefix(paths[1], "/feeds/venues/"+hub.Slug+"/") {
		t.Fatalf("staff feed addresses %q, want one for each venue", paths)
	}
	if got := summaries(t, calendar(t, s.get(paths[1]))); !slices.Equal(got, []string{"Proposed here"}) {
		t.Errorf("the hub's staff feed holds %q", got)
	}

	// Another member of staff has their own address.
	other, _ := s.as(model.RoleStaff)
	if got := feedPaths(t, other.get("/staff/feed")); len(got) != 0 {
		t.Errorf("another member of staff sees %q", got)
	}

	if _, err := s.st.UpdateUser(t.Context(), model.Actor{}, u.ID, storeUserChange(u, true)); err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		if r := s.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s after the account was disabled: status %d, want 404", path, r.StatusCode)
		}
	}
}

func TestFeedPages_StaffStopTheirOwnAddress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, u := s.as(model.RoleStaff)
	testutil.CreateVenue(t, s.st, model.Venue{})
	b.post("/staff/feed/revoke", url.Values{}).mustRedirect(t, "/staff/feed")
	b.get("/staff/feed").mustContain(t, "You have no calendar address to stop.")

	b.post("/staff/feed", url.Values{}).mustRedirect(t, "/staff/feed")
	path := oneFeedPath(t, b.get("/staff/feed"))
	calendar(t, s.get(path))
	b.post("/staff/feed/revoke", url.Values{}).mustRedirect(t, "/staff/feed")
	b.get("/staff/feed").mustContain(t, "Your calendar address has been stopped.", "Make an address")
	if r := s.get(path); r.StatusCode != http.StatusNotFound {
		t.Errorf("the stopped address: status %d, want 404", r.StatusCode)
	}
	if got := feedAudits(t, s, u.Email); !slices.Equal(got, []string{"feed.create", "feed.revoke"}) {
		t.Errorf("audit log %q", got)
	}
}

func TestFeedPages_OnlyStaffOpenTheStaffFeedPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, role := range []model.Role{model.RoleNavigator, model.RolePartner} {
		b, _ := s.as(role)
		for _, r := range []response{b.get("/staff/feed"), b.post("/staff/feed", url.Values{}), b.post("/staff/feed/revoke", url.Values{})} {
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("%s: status %d, want 403", role, r.StatusCode)
			}
		}
	}
	var n int
	if err := s.db.Get(&n, `SELECT count(*) FROM feed_tokens`); err != nil || n != 0 {
		t.Errorf("%d feed tokens made (%v), want none", n, err)
	}
	if r := s.browser().get("/partner/feed"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Errorf("a visitor: status %d to %q, want 303 to sign in", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestFeedPages_WithoutASealerTheAddressIsShownOnceWhenMade(t *testing.T) {
	t.Parallel()
	s := newSite(t, func(d *web.Deps) { d.Sealer = nil })
	b, _ := s.as(model.RolePartner)
	r := b.post("/partner/feed", url.Values{})
	r.mustStatus(t, http.StatusOK)
	r.mustContain(t, "Your calendar address has been made.", "This is the only time the address is shown")
	path := oneFeedPath(t, r)
	calendar(t, s.get(path))

	later := b.get("/partner/feed")
	later.mustContain(t, "the address cannot be shown again", "Make a new address")
	if paths := feedPaths(t, later); len(paths) != 0 {
		t.Errorf("the address was shown again: %q", paths)
	}

	sb, _ := s.as(model.RoleStaff)
	testutil.CreateVenue(t, s.st, model.Venue{})
	staff := sb.post("/staff/feed", url.Values{})
	staff.mustStatus(t, http.StatusOK)
	calendar(t, s.get(oneFeedPath(t, staff)))
	if paths := feedPaths(t, sb.get("/staff/feed")); len(paths) != 0 {
		t.Errorf("the staff address was shown again: %q", paths)
	}
}

func TestFeedPages_EscapeWhatPeopleTyped(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	evil := `<script>alert("x")</script>`
	p := testutil.CreatePartner(t, s.st, model.Partner{Name: evil + " Trust"})
	u := testutil.CreateUser(t, s.st, model.User{Role: model.RolePartner, PartnerID: &p.ID, Name: evil + " Ann"})
	b := s.browser().signIn(u)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: evil + " Hall"})
	testutil.CreateSpace(t, s.st, v, model.Space{Name: evil + " room"})
	b.post("/partner/feed", url.Values{}).mustRedirect(t, "/partner/feed")
	sb, _ := s.as(model.RoleStaff)
	sb.post("/staff/feed", url.Values{}).mustRedirect(t, "/staff/feed")

	pages := map[string]response{
		"partner feed":         b.get("/partner/feed"),
		"staff feed":           sb.get("/staff/feed"),
		"staff partner edit":   sb.get("/staff/partners/" + p.Slug),
		"venue with its rooms": s.get("/venues/" + v.Slug),
	}
	for name, r := range pages {
		r.mustStatus(t, http.StatusOK)
		if strings.Contains(r.body, "<script>") {
			t.Errorf("%s: a typed <script> reached the page unescaped", name)
		}
		if n := strings.Count(r.body, "<h1"); n != 1 {
			t.Errorf("%s: %d h1 elements, want 1", name, n)
		}
	}
	pages["partner feed"].mustContain(t, esc(evil+" Trust"), "by "+esc(evil+" Ann"))
}
