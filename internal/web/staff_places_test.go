package web_test

import (
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/testutil"
)

// esc is text as a page shows it, escaped.
func esc(s string) string { return template.HTMLEscapeString(s) }

var versionField = regexp.MustCompile(`name="version" value="([^"]*)"`)

// formVersion is the version an edit form carries.
func formVersion(t *testing.T, r response) string {
	t.Helper()
	m := versionField.FindStringSubmatch(r.body)
	if m == nil || m[1] == "" {
		t.Fatalf("no version in the form (status %d)", r.StatusCode)
	}
	return m[1]
}

// mustRedirect checks that r is a 303 to location.
func (r response) mustRedirect(t *testing.T, location string) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != location {
		t.Fatalf("status %d to %q, want 303 to %q; body %.2000s", r.StatusCode, r.Header.Get("Location"), location, r.body)
	}
}

// mustStatus checks r's status.
func (r response) mustStatus(t *testing.T, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("status %d, want %d; body %.2000s", r.StatusCode, status, r.body)
	}
}

// placeAudit is one audit log row, with the named key of before and after.
type placeAudit struct{ Action, Actor, Key, Before, After string }

// placeAudits returns the audit log rows of entity, oldest first, with
// before's and after's field.
func (s *site) placeAudits(t *testing.T, entity, field string) []placeAudit {
	t.Helper()
	var rows []placeAudit
	err := s.db.Select(&rows, `
		SELECT action, actor_name AS actor, entity_key AS key,
		       coalesce(before ->> $2, '') AS before, coalesce(after ->> $2, '') AS after
		FROM audit_log WHERE entity = $1 ORDER BY id`, entity, field)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func venueValues(name, slug string) url.Values {
	return url.Values{"name": {name}, "slug": {slug}, "address": {"12 Northfield Road\r\nEdinburgh"}, "postcode": {"eh8 7ab"},
		"phone": {"0131 496 0123"}, "features": {"step_free_entrance", "lift"}}
}

func TestPlaces_VenueAddedAndEditedShowsOnTheListsAndItsPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, u := s.as(model.RoleStaff)
	b.get("/staff/venues/new").mustContain(t, "Add a venue", `name="postcode"`, "Lift to all floors")

	b.post("/staff/venues", venueValues("Northfield Community Hub", "")).mustRedirect(t, "/staff/venues#venue-northfield-community-hub")
	list := b.get("/staff/venues")
	list.mustStatus(t, http.StatusOK)
	list.mustContain(t, "Venue added: Northfield Community Hub.", "12 Northfield Road, Edinburgh, EH8 7AB", `href="/staff/venues/northfield-community-hub"`)
	s.get("/venues/northfield-community-hub").mustContain(t, "Northfield Community Hub", "EH8 7AB", "Lift to all floors", "Step-free entrance")

	form := b.get("/staff/venues/northfield-community-hub")
	form.mustStatus(t, http.StatusOK)
	form.mustContain(t, `value="Northfield Community Hub"`, `value="EH8 7AB"`, `value="lift" checked`, "Changing it stops old links")
	edit := venueValues("Northfield Hub", "northfield")
	edit.Set("opening_hours", "Monday to Friday, 9:00 to 17:00")
	edit.Set("version", formVersion(t, form))
	edit["features"] = []string{"lift"}
	b.post("/staff/venues/northfield-community-hub", edit).mustRedirect(t, "/staff/venues#venue-northfield")

	b.get("/staff/venues").mustContain(t, "Venue saved: Northfield Hub.")
	page := s.get("/venues/northfield")
	page.mustContain(t, "Northfield Hub", "Monday to Friday, 9:00 to 17:00", "Lift to all floors")
	page.mustNotContain(t, "Step-free entrance")
	if r := s.get("/venues/northfield-community-hub"); r.StatusCode != http.StatusNotFound {
		t.Errorf("old address: status %d, want 404", r.StatusCode)
	}

	audits := s.placeAudits(t, "venue", "name")
	want := []placeAudit{
		{"venue.create", u.Name, "northfield-community-hub", "", "Northfield Community Hub"},
		{"venue.update", u.Name, "northfield", "Northfield Community Hub", "Northfield Hub"},
	}
	if len(audits) != 2 || audits[0] != want[0] || audits[1] != want[1] {
		t.Errorf("audit log = %+v, want %+v", audits, want)
	}
}

func TestPlaces_InvalidVenueIs422WithMessagesAndInputKept(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleAdmin)
	bad := url.Values{"name": {"Hub"}, "slug": {"Hub Two!"}, "summary": {strings.Repeat("x", 301)}, "address": {"  "},
		"postcode": {"12345"}, "phone": {"call us"}, "directions": {"Bus 21"}, "features": {"lift", "moat"}}
	r := b.post("/staff/venues", bad)
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "There is a problem",
		`<a href="#slug">Enter a web address using only lower-case letters, numbers and single hyphens`,
		`<a href="#summary">Enter a summary of 300 characters or fewer`,
		`<a href="#address">`+esc("Enter the venue's address"),
		`<a href="#postcode">Enter a postcode like EH1 1EG`,
		`<a href="#phone">Enter a phone number like 0131 496 0000`,
		`<p class="ds_question__error-message">Enter a postcode like EH1 1EG</p>`,
		`value="Hub"`, `value="hub two!"`, `value="12345"`, ">Bus 21</textarea>", `value="lift" checked`)
	r.mustNotContain(t, "moat")
	if venues, _ := s.st.Venues(t.Context()); len(venues) != 0 {
		t.Errorf("an invalid venue was saved: %+v", venues)
	}
}

func TestPlaces_TakenVenueAddressIsAFieldError(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	testutil.CreateVenue(t, s.st, model.Venue{Slug: "central-library", Name: "Central Library"})
	other := testutil.CreateVenue(t, s.st, model.Venue{Slug: "hub", Name: "Hub"})
	b, _ := s.as(model.RoleStaff)

	// Left empty, the address made from the name is taken: the form shows it.
	r := b.post("/staff/venues", venueValues("Central Library", ""))
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, `<p class="ds_question__error-message">There is already a venue at this web address: choose another</p>`,
		`id="slug" name="slug" value="central-library"`)

	form := b.get("/staff/venues/hub")
	edit := venueValues("Hub", "central-library")
	edit.Set("version", formVersion(t, form))
	r = b.post("/staff/venues/hub", edit)
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "There is already a venue at this web address", `action="/staff/venues/hub"`)
	if got, _ := s.st.Venue(t.Context(), "hub"); got.Name != other.Name {
		t.Errorf("hub = %+v", got)
	}
}

func TestPlaces_StaleVenueEditIs409AndOverwritesNothing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	testutil.CreateVenue(t, s.st, model.Venue{Slug: "hub", Name: "Hub"})
	alice, _ := s.as(model.RoleStaff)
	bob, _ := s.as(model.RoleStaff)
	aliceVersion := formVersion(t, alice.get("/staff/venues/hub"))

	bobEdit := venueValues("Bob's Hub", "hub")
	bobEdit.Set("version", formVersion(t, bob.get("/staff/venues/hub")))
	bob.post("/staff/venues/hub", bobEdit).mustRedirect(t, "/staff/venues#venue-hub")

	aliceEdit := venueValues("Alice's Hub", "hub")
	aliceEdit.Set("version", aliceVersion)
	r := alice.post("/staff/venues/hub", aliceEdit)
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Someone else changed this venue since you opened the form",
		"Your changes are below and have not been saved: check them and save again.",
		`value="`+esc("Alice's Hub")+`"`, "<li>Name: "+esc("Bob's Hub")+"</li>")
	current := formVersion(t, r)
	if current == aliceVersion {
		t.Error("the form still carries the stale version")
	}
	if got, _ := s.st.Venue(t.Context(), "hub"); got.Name != "Bob's Hub" {
		t.Errorf("name = %q: a stale edit overwrote the other", got.Name)
	}
	if n := len(s.placeAudits(t, "venue", "name")); n != 1 {
		t.Errorf("%d audit rows, want only Bob's", n)
	}

	// Saving again, having seen Bob's change, saves.
	aliceEdit.Set("version", current)
	alice.post("/staff/venues/hub", aliceEdit).mustRedirect(t, "/staff/venues#venue-hub")
	if got, _ := s.st.Venue(t.Context(), "hub"); got.Name != "Alice's Hub" {
		t.Errorf("name = %q after saving again", got.Name)
	}
}

// spaceID returns the id of the space with name at v.
func (s *site) spaceID(t *testing.T, v model.Venue, name string) (int64, string) {
	t.Helper()
	var sp struct {
		ID   int64  `db:"id"`
		Slug string `db:"slug"`
	}
	if err := s.db.Get(&sp, `SELECT id, slug FROM spaces WHERE venue_id = $1 AND name = $2`, v.ID, name); err != nil {
		t.Fatalf("space %q: %v", name, err)
	}
	return sp.ID, sp.Slug
}

func TestPlaces_SpacesAddedAndEditedShowUnderTheirVenueAndOnItsPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central", Name: "Central Library"})
	b, u := s.as(model.RoleStaff)
	b.get("/staff/venues/central/spaces/new").mustContain(t, "Add a space to Central Library", "No, it is not inside another space", "Hearing loop")

	b.post("/staff/venues/central/spaces", url.Values{"name": {"Hall"}, "kind": {"room"}, "capacity": {"80"}, "features": {"kitchen", "step_free"}}).
		mustRedirect(t, "/staff/venues#venue-central")
	hallID, hallSlug := s.spaceID(t, v, "Hall")
	if hallSlug != "central-hall" {
		t.Errorf("hall's web address = %q, want one made from the venue's and its name", hallSlug)
	}
	b.post("/staff/venues/central/spaces", url.Values{"name": {"Stage end"}, "slug": {"Stage-End"}, "kind": {"zone"},
		"parent": {strconv.FormatInt(hallID, 10)}, "capacity": {"1,000"}}).mustRedirect(t, "/staff/venues#venue-central")

	list := b.get("/staff/venues")
	list.mustContain(t, "Space added: Stage end at Central Library.", "Hall", "Stage end", "Kitchen", `href="/staff/spaces/stage-end"`, "1000 people")
	s.get("/venues/central").mustContain(t, "Hall", "80 people", "Stage end", "in Hall", "Open zone")

	form := b.get("/staff/spaces/stage-end")
	form.mustStatus(t, http.StatusOK)
	form.mustContain(t, `value="Stage end"`, `value="zone" checked`, `<option value="`+strconv.FormatInt(hallID, 10)+`" selected>Hall</option>`)
	b.post("/staff/spaces/stage-end", url.Values{"name": {"Stage end"}, "slug": {"stage-end"}, "kind": {"zone"},
		"parent": {strconv.FormatInt(hallID, 10)}, "capacity": {"35"}, "features": {"hearing_loop"}, "version": {formVersion(t, form)}}).
		mustRedirect(t, "/staff/venues#venue-central")
	s.get("/venues/central").mustContain(t, "35 people", "Hearing loop")

	audits := s.placeAudits(t, "space", "capacity")
	want := []placeAudit{
		{"space.create", u.Name, "central-hall", "", "80"},
		{"space.create", u.Name, "stage-end", "", "1000"},
		{"space.update", u.Name, "stage-end", "1000", "35"},
	}
	if len(audits) != 3 || audits[0] != want[0] || audits[1] != want[1] || audits[2] != want[2] {
		t.Errorf("audit log = %+v, want %+v", audits, want)
	}
}

func TestPlaces_SpaceParentIsAnotherSpaceOfTheSameVenueOutsideIt(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central", Name: "Central Library"})
	hall := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "hall", Name: "Hall"})
	stage := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "stage", Name: "Stage", Kind: model.SpaceZone, ParentID: &hall.ID})
	annex := testutil.CreateSpace(t, s.st, v, model.Space{Slug: "annex", Name: "Annex"})
	elsewhere := testutil.CreateSpace(t, s.st, testutil.CreateVenue(t, s.st, model.Venue{}), model.Space{Name: "Elsewhere"})
	b, _ := s.as(model.RoleStaff)
	option := func(sp model.Space) string { return `<option value="` + strconv.FormatInt(sp.ID, 10) + `"` }

	form := b.get("/staff/spaces/hall")
	form.mustContain(t, option(annex))
	form.mustNotContain(t, option(hall), option(stage), option(elsewhere))

	id := func(sp model.Space) string { return strconv.FormatInt(sp.ID, 10) }
	for name, parent := range map[string]string{"its own zone": id(stage), "another venue's space": id(elsewhere), "itself": id(hall), "not a space": "x"} {
		t.Run(name, func(t *testing.T) {
			r := b.post("/staff/spaces/hall", url.Values{"name": {"Hall"}, "slug": {"hall"}, "kind": {"room"}, "parent": {parent},
				"capacity": {"20"}, "version": {formVersion(t, form)}})
			r.mustStatus(t, http.StatusUnprocessableEntity)
			r.mustContain(t, `<a href="#parent">`)
		})
	}
	r := b.post("/staff/venues/central/spaces", url.Values{"name": {"Corner"}, "kind": {"zone"}, "parent": {id(elsewhere)}, "capacity": {"5"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Choose a space at Central Library that is not this one or inside it, or none")
	if got, _ := s.st.Spaces(t.Context(), v.ID); len(got) != 3 {
		t.Errorf("%d spaces at the venue, want 3", len(got))
	}
}

func TestPlaces_InvalidOrTakenSpaceIs422WithInputKept(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central", Name: "Central Library"})
	testutil.CreateSpace(t, s.st, v, model.Space{Slug: "hall", Name: "Hall"})
	b, _ := s.as(model.RoleStaff)

	r := b.post("/staff/venues/central/spaces", url.Values{"name": {""}, "capacity": {"lots"}, "description": {"Upstairs"}, "features": {"screen"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter the name of the space", "Choose whether the space is a room or a zone",
		"Enter how many people the space holds as a whole number from 1 to 10000", `value="lots"`, ">Upstairs</textarea>", `value="screen" checked`)
	for _, capacity := range []string{"0", "10001", "2.5"} {
		r := b.post("/staff/venues/central/spaces", url.Values{"name": {"Room"}, "kind": {"room"}, "capacity": {capacity}})
		r.mustStatus(t, http.StatusUnprocessableEntity)
		r.mustContain(t, "as a whole number from 1 to 10000")
	}

	r = b.post("/staff/venues/central/spaces", url.Values{"name": {"Hall"}, "slug": {"big-hall"}, "kind": {"room"}, "capacity": {"20"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, `<a href="#name">There is already a space called Hall at Central Library: choose another name`)
	r = b.post("/staff/venues/central/spaces", url.Values{"name": {"Big hall"}, "slug": {"hall"}, "kind": {"room"}, "capacity": {"20"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, `<a href="#slug">There is already a space at this web address: choose another`)
}

func TestPlaces_StaleSpaceEditIs409AndOverwritesNothing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Slug: "central"})
	testutil.CreateSpace(t, s.st, v, model.Space{Slug: "hall", Name: "Hall", Capacity: 50})
	b, _ := s.as(model.RoleStaff)
	stale := formVersion(t, b.get("/staff/spaces/hall"))
	edit := url.Values{"name": {"Hall"}, "slug": {"hall"}, "kind": {"room"}, "capacity": {"60"}, "version": {stale}}
	b.post("/staff/spaces/hall", edit).mustRedirect(t, "/staff/venues#venue-central")

	edit.Set("capacity", "70")
	r := b.post("/staff/spaces/hall", edit)
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Someone else changed this space since you opened the form", `value="70"`, "<li>Holds: 60</li>")
	if formVersion(t, r) == stale {
		t.Error("the form still carries the stale version")
	}
	if got, _, _ := s.st.SpaceForEdit(t.Context(), "hall"); got.Capacity != 60 {
		t.Errorf("capacity = %d, want 60", got.Capacity)
	}
}

func TestPlaces_PartnerAddedAndEditedShowsOnItsSessions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, u := s.as(model.RoleStaff)
	b.post("/staff/partners", url.Values{"name": {"Advice Shop"}, "website": {"HTTPS://example.org/advice"}, "phone": {"0131 496 0100"}}).
		mustRedirect(t, "/staff/partners")
	b.get("/staff/partners").mustContain(t, "Partner organisation added: Advice Shop.", "Advice Shop", "https://example.org/advice", `href="/staff/partners/advice-shop"`)

	p, _, err := s.st.PartnerForEdit(t.Context(), "advice-shop")
	if err != nil {
		t.Fatal(err)
	}
	sess := testutil.CreateSession(t, s.st, testutil.Session{Title: "Benefits check", Partner: &p, Start: s.tomorrowAt(10, 0)})
	form := b.get("/staff/partners/advice-shop")
	form.mustContain(t, `value="Advice Shop"`, `value="https://example.org/advice"`)
	b.post("/staff/partners/advice-shop", url.Values{"name": {"Money Advice Edinburgh"}, "slug": {"advice-shop"}, "version": {formVersion(t, form)}}).
		mustRedirect(t, "/staff/partners")
	s.get("/sessions/"+sess.PublicID).mustContain(t, "Money Advice Edinburgh")

	audits := s.placeAudits(t, "partner", "name")
	if len(audits) != 2 || audits[1] != (placeAudit{"partner.update", u.Name, "advice-shop", "Advice Shop", "Money Advice Edinburgh"}) {
		t.Errorf("audit log = %+v", audits)
	}
	if w := s.placeAudits(t, "partner", "website"); w[1].Before != "https://example.org/advice" || w[1].After != "" {
		t.Errorf("website audited as %+v", w[1])
	}
}

func TestPlaces_InvalidTakenOrStalePartner(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	testutil.CreatePartner(t, s.st, model.Partner{Slug: "nhs", Name: "Healthy Living"})
	testutil.CreatePartner(t, s.st, model.Partner{Slug: "skills", Name: "Skills Partnership"})
	b, _ := s.as(model.RoleStaff)

	r := b.post("/staff/partners", url.Values{"name": {"New one"}, "website": {"www.example.org"}, "phone": {"12"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter a website address starting with https://, like https://www.example.org", "Enter a phone number like 0131 496 0000",
		`value="www.example.org"`, `value="New one"`)
	r = b.post("/staff/partners", url.Values{"name": {"Healthy Living"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, `<a href="#name">There is already a partner organisation called Healthy Living`)

	stale := formVersion(t, b.get("/staff/partners/skills"))
	b.post("/staff/partners/skills", url.Values{"name": {"Skills Hub"}, "slug": {"skills"}, "version": {stale}}).mustRedirect(t, "/staff/partners")
	r = b.post("/staff/partners/skills", url.Values{"name": {"Skills Centre"}, "slug": {"skills"}, "version": {stale}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Someone else changed this partner organisation", `value="Skills Centre"`, "<li>Name: Skills Hub</li>")
	r = b.post("/staff/partners/skills", url.Values{"name": {"Skills Centre"}, "slug": {"nhs"}, "version": {formVersion(t, r)}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, `<a href="#slug">There is already a partner organisation at this web address`)
}

func TestPlaces_ThemeAddedAndEditedShowsInTheProgrammeFilter(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, u := s.as(model.RoleStaff)
	b.post("/staff/themes", url.Values{"name": {"Arts & crafts"}, "description": {"Making things together."}}).mustRedirect(t, "/staff/themes")
	list := b.get("/staff/themes")
	list.mustContain(t, "Topic added: Arts "+esc("&")+" crafts.", "Making things together.", `href="/staff/themes/arts-and-crafts"`)
	if strings.Index(list.body, "Arts "+esc("&")+" crafts</th>") < strings.Index(list.body, "Family</th>") {
		t.Error("a new topic is not listed last")
	}
	s.get("/").mustContain(t, `<option value="arts-and-crafts">Arts `+esc("&")+` crafts</option>`)

	form := b.get("/staff/themes/arts-and-crafts")
	b.post("/staff/themes/arts-and-crafts", url.Values{"name": {"Arts and crafts"}, "slug": {"arts"}, "version": {formVersion(t, form)}}).
		mustRedirect(t, "/staff/themes")
	s.get("/").mustContain(t, `<option value="arts">Arts and crafts</option>`)

	// The form opened before that edit is stale now.
	r := b.post("/staff/themes/arts", url.Values{"name": {"Crafts"}, "slug": {"arts"}, "version": {formVersion(t, form)}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Someone else changed this topic since you opened the form", `value="Crafts"`)
	if th, _, _ := s.st.ThemeForEdit(t.Context(), "arts"); th.Name != "Arts and crafts" {
		t.Errorf("name = %q", th.Name)
	}
	r = b.post("/staff/themes/arts", url.Values{"name": {"Health"}, "slug": {"arts"}, "version": {formVersion(t, r)}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, `<a href="#name">There is already a topic called Health`)
	r = b.post("/staff/themes", url.Values{"name": {strings.Repeat("x", 81)}, "slug": {"-bad-"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter a name of 80 characters or fewer", "Enter a web address using only lower-case letters")

	audits := s.placeAudits(t, "theme", "slug")
	if len(audits) != 2 || audits[1] != (placeAudit{"theme.update", u.Name, "arts", "arts-and-crafts", "arts"}) {
		t.Errorf("audit log = %+v", audits)
	}
}

func TestPlaces_UnknownAddressesAre404(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	for _, path := range []string{"/staff/venues/nowhere", "/staff/venues/nowhere/spaces/new", "/staff/spaces/nowhere", "/staff/partners/nowhere", "/staff/themes/nowhere"} {
		if r := b.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, r.StatusCode)
		}
	}
	for _, path := range []string{"/staff/venues/nowhere", "/staff/venues/nowhere/spaces", "/staff/spaces/nowhere", "/staff/partners/nowhere", "/staff/themes/nowhere"} {
		if r := b.post(path, url.Values{"name": {"X"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: status %d, want 404", path, r.StatusCode)
		}
	}
}
