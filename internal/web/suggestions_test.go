package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// suggestion makes a suggestion about what and, unless status is new,
// decides it so (a planned one answered by a new session); it returns the
// public id.
func (s *site) suggestion(what string, status model.SuggestionStatus) string {
	s.t.Helper()
	ctx := context.Background()
	id, err := s.st.CreateSuggestion(ctx, store.NewSuggestion{What: what, ContactEmail: "ann@example.org", ContactPhone: "+447700900123"})
	if err != nil {
		s.t.Fatal(err)
	}
	d := store.SuggestionDecision{Status: status}
	switch status {
	case model.SuggestionNew:
		return id
	case model.SuggestionNotNow:
		d.Response = "No tutor this term"
	case model.SuggestionPlanned:
		d.Sessions = []string{testutil.CreateSession(s.t, s.st, testutil.Session{Title: "Answer to " + what}).PublicID}
	}
	if err := s.st.DecideSuggestion(ctx, model.Actor{}, id, d); err != nil {
		s.t.Fatal(err)
	}
	return id
}

// supportersOf is how many browsers support the suggestion id.
func (s *site) supportersOf(id string) int {
	s.t.Helper()
	g, err := s.st.Suggestion(context.Background(), id)
	if err != nil {
		s.t.Fatal(err)
	}
	return g.Supporters
}

func TestSuggestions_AnyoneSuggestsAndItWaitsForStaff(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	hub := testutil.CreateVenue(t, s.st, model.Venue{Name: "Community Hub"})
	b := s.browser()
	form := b.get("/suggestions/new")
	if form.StatusCode != http.StatusOK {
		t.Fatalf("form: status %d", form.StatusCode)
	}
	form.mustContain(t, `<label class="ds_label" for="what">`, `for="details"`, `for="theme"`, `for="venue"`, `for="when"`,
		`for="name"`, `for="email"`, `for="phone"`, "Community Hub", "Any venue",
		"we use them only to reply to you about this suggestion")

	r := b.post("/suggestions", url.Values{"what": {"Smartphone basics"}, "details": {"For older people\r\nwho are new to it"},
		"theme": {"digital"}, "venue": {hub.Slug}, "when": {"Weekday mornings"}, "name": {"Ann"},
		"email": {"Ann@Example.org"}, "phone": {"07911 123456"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/suggestions/new?sent=1" {
		t.Fatalf("suggest: status %d to %q, want 303 to the thank-you", r.StatusCode, r.Header.Get("Location"))
	}
	thanks := b.get(r.Header.Get("Location"))
	thanks.mustContain(t, "Thank you for your suggestion", "It will appear on the suggestions page once they have read it")
	thanks.mustNotContain(t, `name="what"`)

	list, err := s.st.Suggestions(t.Context(), model.SuggestionFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("suggestions %v, %v: want the one made", list, err)
	}
	g := list[0]
	if g.Status != model.SuggestionNew || g.What != "Smartphone basics" || g.Details != "For older people\nwho are new to it" ||
		g.Theme == nil || g.Theme.Slug != "digital" || g.Venue == nil || g.Venue.ID != hub.ID || g.WhenSuits != "Weekday mornings" ||
		g.ContactName != "Ann" || g.ContactEmail != "ann@example.org" || g.ContactPhone != "+447911123456" {
		t.Errorf("stored %+v", g)
	}
	b.get("/suggestions").mustNotContain(t, "Smartphone basics")
	if r := b.get("/suggestions/" + g.PublicID); r.StatusCode != http.StatusNotFound {
		t.Errorf("a new suggestion's page: status %d, want 404 until staff have read it", r.StatusCode)
	}
}

func TestSuggestionForm_ProblemsComeBackWithWhatWasTyped(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser()
	for _, tc := range []struct {
		name string
		form url.Values
		want string
		kept string
	}{
		{"nothing", url.Values{}, "Enter what you would like a session about", ""},
		{"too long", url.Values{"what": {strings.Repeat("a", 201)}}, "Keep what you would like to 200 characters or fewer", strings.Repeat("a", 201)},
		{"bad email", url.Values{"what": {"Yoga"}, "email": {"ann at example"}}, "Enter an email address like name@example.com", "ann at example"},
		{"bad phone", url.Values{"what": {"Yoga"}, "phone": {"call me"}}, "Enter a phone number like 07123 456789", "call me"},
		{"unknown topic", url.Values{"what": {"Yoga"}, "theme": {"astrology"}}, "Choose a topic from the list", "Yoga"},
		{"unknown venue", url.Values{"what": {"Yoga"}, "venue": {"the-moon"}}, "Choose a venue from the list", "Yoga"},
		{"a bot", url.Values{"what": {"Cheap pills"}, "website": {"http://spam.example"}}, "Leave this field empty", "Cheap pills"},
	} {
		r := b.post("/suggestions", tc.form)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tc.name, r.StatusCode)
			continue
		}
		r.mustContain(t, "There is a problem", tc.want, `value="`+tc.kept+`"`)
		if tc.name == "a bot" {
			r.mustNotContain(t, "http://spam.example")
		}
	}
	if list, _ := s.st.Suggestions(t.Context(), model.SuggestionFilter{}); len(list) != 0 {
		t.Errorf("%d suggestions stored from bad forms", len(list))
	}
}

// TestSuggestionSupport_CountedOncePerBrowser: the same browser posting
// twice counts once; another browser makes two.
func TestSuggestionSupport_CountedOncePerBrowser(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	id := s.suggestion("Knitting circle", model.SuggestionPublished)
	first, second := s.browser(), s.browser()

	r := first.post("/suggestions/"+id+"/support", url.Values{})
	if want := "/suggestions/" + id + "?support=thanks#support"; r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != want {
		t.Fatalf("support: status %d to %q, want 303 to %q", r.StatusCode, r.Header.Get("Location"), want)
	}
	first.get(strings.TrimSuffix(r.Header.Get("Location"), "#support")).mustContain(t, "Thank you for your support", "1 person supports this")
	again := first.post("/suggestions/"+id+"/support", url.Values{})
	if !strings.Contains(again.Header.Get("Location"), "support=already") {
		t.Errorf("second click: to %q, want already", again.Header.Get("Location"))
	}
	first.get("/suggestions/"+id+"?support=already").mustContain(t, "You have already supported this", "1 person supports this")
	if n := s.supportersOf(id); n != 1 {
		t.Errorf("one browser twice: %d supporters, want 1", n)
	}
	second.post("/suggestions/"+id+"/support", url.Values{})
	if n := s.supportersOf(id); n != 2 {
		t.Errorf("a second browser: %d supporters, want 2", n)
	}
	s.get("/suggestions").mustContain(t, "2 people support this")
}

func TestSuggestions_PublicSeesPublishedPlannedAndNotNowOnly(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	fresh := s.suggestion("Unread idea", model.SuggestionNew)
	published := s.suggestion("Walking group", model.SuggestionPublished)
	planned := s.suggestion("Coding club", model.SuggestionPlanned)
	notNow := s.suggestion("Pottery", model.SuggestionNotNow)
	removed := s.suggestion("Buy cheap pills", model.SuggestionRemoved)
	merged := s.suggestion("Walks in the park", model.SuggestionNew)
	if err := s.st.DecideSuggestion(t.Context(), model.Actor{}, merged, store.SuggestionDecision{Status: model.SuggestionMerged, MergeInto: published}); err != nil {
		t.Fatal(err)
	}
	g, err := s.st.Suggestion(t.Context(), planned)
	if err != nil {
		t.Fatal(err)
	}
	b := s.browser()

	list := b.get("/suggestions")
	list.mustContain(t, "What people have asked for", "Walking group", "You said, we did", "Coding club", "Answer to Coding club",
		`href="/sessions/`+g.Sessions[0].PublicID+`"`, "Pottery", "No tutor this term", `href="/suggestions/new"`)
	list.mustNotContain(t, "Unread idea", "Buy cheap pills", "Walks in the park")
	if open, _, _ := strings.Cut(list.body, "You said, we did"); strings.Contains(open, "Coding club") || strings.Contains(open, "Pottery") {
		t.Error("planned or not-now suggestions listed as open for support")
	}

	for _, tc := range []struct {
		id       string
		status   int
		contains string
	}{
		{fresh, http.StatusNotFound, ""},
		{removed, http.StatusNotFound, ""},
		{"nosuchsuggestion", http.StatusNotFound, ""},
		{"NOT-AN-ID", http.StatusNotFound, ""},
		{published, http.StatusOK, "Support this suggestion"},
		{planned, http.StatusOK, "Answer to Coding club"},
		{notNow, http.StatusOK, "No tutor this term"},
	} {
		r := b.get("/suggestions/" + tc.id)
		if r.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.id, r.StatusCode, tc.status)
		}
		if tc.contains != "" {
			r.mustContain(t, tc.contains)
		}
	}
	b.get("/suggestions/"+notNow).mustNotContain(t, "Support this suggestion")
	if r := b.get("/suggestions/" + merged); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/suggestions/"+published {
		t.Errorf("merged: status %d to %q, want 303 to the one it joined", r.StatusCode, r.Header.Get("Location"))
	}

	// Support: only for published and planned ones; an old page's button
	// for a merged one supports the one it joined.
	if r := b.post("/suggestions/"+fresh+"/support", url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Errorf("support a new one: status %d, want 404", r.StatusCode)
	}
	if r := b.post("/suggestions/"+notNow+"/support", url.Values{}); !strings.Contains(r.Header.Get("Location"), "support=closed") {
		t.Errorf("support a not-now one: to %q, want closed", r.Header.Get("Location"))
	}
	b.get("/suggestions/"+notNow+"?support=closed").mustContain(t, "no longer taking support")
	if r := b.post("/suggestions/"+planned+"/support", url.Values{}); !strings.Contains(r.Header.Get("Location"), "support=thanks") {
		t.Errorf("support a planned one: to %q, want thanks", r.Header.Get("Location"))
	}
	r := b.post("/suggestions/"+merged+"/support", url.Values{})
	if want := "/suggestions/" + published + "?support=thanks#support"; r.Header.Get("Location") != want {
		t.Errorf("support a merged one: to %q, want %q", r.Header.Get("Location"), want)
	}
	if n := s.supportersOf(published); n != 1 {
		t.Errorf("the one a merged one joined has %d supporters, want 1", n)
	}
}

func TestSuggestions_FilterByTopicAndVenue(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	hub := testutil.CreateVenue(t, s.st, model.Venue{Name: "Community Hub"})
	central := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	for _, n := range []store.NewSuggestion{
		{What: "Digital anywhere", ThemeSlug: "digital"},
		{What: "Housing at the hub", ThemeSlug: "housing", VenueSlug: hub.Slug},
		{What: "Digital at central", ThemeSlug: "digital", VenueSlug: central.Slug},
	} {
		id, err := s.st.CreateSuggestion(t.Context(), n)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.DecideSuggestion(t.Context(), model.Actor{}, id, store.SuggestionDecision{Status: model.SuggestionPublished}); err != nil {
			t.Fatal(err)
		}
	}
	r := s.get("/suggestions?theme=digital")
	r.mustContain(t, "Digital anywhere", "Digital at central", "Show all suggestions")
	r.mustNotContain(t, "Housing at the hub")
	r = s.get("/suggestions?venue=" + hub.Slug)
	r.mustContain(t, "Digital anywhere", "Housing at the hub")
	r.mustNotContain(t, "Digital at central")
	r = s.get("/suggestions?theme=nonsense&venue=nowhere")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("unknown filters: status %d", r.StatusCode)
	}
	r.mustContain(t, "Digital anywhere", "Housing at the hub", "Digital at central")
}

func TestSuggestionSupport_IsRateLimitedPerAddress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	id := s.suggestion("Knitting circle", model.SuggestionPublished)
	for i := range 30 {
		if r := s.browser().post("/suggestions/"+id+"/support", url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("support %d from one address: status %d", i+1, r.StatusCode)
		}
	}
	r := s.browser().post("/suggestions/"+id+"/support", url.Values{})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("support 31 from one address: status %d, Retry-After %q; want 429", r.StatusCode, r.Header.Get("Retry-After"))
	}
	r.mustContain(t, "Too many clicks from your network", "Knitting circle")
	elsewhere := s.browser()
	elsewhere.ip = "198.51.100.7"
	if r := elsewhere.post("/suggestions/"+id+"/support", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("another address: status %d, want 303", r.StatusCode)
	}
	if n := s.supportersOf(id); n != 31 {
		t.Errorf("%d supporters, want 31", n)
	}
}

func TestSuggestionCreate_IsRateLimitedPerAddressKeepingTheTyping(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser()
	for i := range 10 {
		if r := b.post("/suggestions", url.Values{"what": {fmt.Sprint("Idea ", i)}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("suggestion %d: status %d", i+1, r.StatusCode)
		}
	}
	r := b.post("/suggestions", url.Values{"what": {"One idea too many"}})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("suggestion 11: status %d, Retry-After %q; want 429", r.StatusCode, r.Header.Get("Retry-After"))
	}
	r.mustContain(t, "Too many suggestions from your network", `value="One idea too many"`)
	// A form with problems does not spend the address's allowance, nor is it refused.
	if r := b.post("/suggestions", url.Values{}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an incomplete form when limited: status %d, want 422", r.StatusCode)
	}
}

func TestSuggestionModeration_EachActionIsDoneAndAudited(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	staff, user := s.as(model.RoleStaff)
	ticked := testutil.CreateSession(t, s.st, testutil.Session{Title: "Code club", Theme: "digital"})
	linked := testutil.CreateSession(t, s.st, testutil.Session{Title: "Scratch for beginners", Theme: "skills"})
	id, err := s.st.CreateSuggestion(t.Context(), store.NewSuggestion{What: "Coding for kids", ThemeSlug: "digital",
		ContactName: "Ann", ContactEmail: "ann@example.org", ContactPhone: "+447700900123"})
	if err != nil {
		t.Fatal(err)
	}
	target := s.suggestion("Code club for teenagers", model.SuggestionPublished)

	queue := staff.get("/staff/suggestions")
	queue.mustContain(t, "Coding for kids", "New, waiting to be read: 1", "Open for support: 1", `href="/staff/suggestions/`+id+`"`)
	if strings.Index(queue.body, "Coding for kids") > strings.Index(queue.body, "Code club for teenagers") {
		t.Error("the new suggestion is not first")
	}
	page := staff.get("/staff/suggestions/" + id)
	page.mustContain(t, "Ann", "ann@example.org", "07700 900123", "Code club", `value="`+ticked.PublicID+`"`, "Code club for teenagers")

	decide := func(form url.Values) {
		t.Helper()
		r := staff.post("/staff/suggestions/"+id, form)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/staff/suggestions" {
			t.Fatalf("%s: status %d to %q\n%s", form.Get("action"), r.StatusCode, r.Header.Get("Location"), r.body)
		}
	}
	status := func() model.Suggestion {
		g, err := s.st.Suggestion(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	decide(url.Values{"action": {"publish"}})
	if g := status(); g.Status != model.SuggestionPublished {
		t.Errorf("after publish: %s", g.Status)
	}
	staff.get("/staff/suggestions").mustContain(t, "Published, for anyone to see and support: Coding for kids")

	decide(url.Values{"action": {"plan"}, "sessions": {ticked.PublicID}, "session_ids": {"https://hubbook.example.org/sessions/" + linked.PublicID + "?x=1"},
		"plan_response": {"Two new clubs start next month"}})
	g := status()
	if g.Status != model.SuggestionPlanned || len(g.Sessions) != 2 || g.Response != "Two new clubs start next month" || g.DecidedBy != user.Name {
		t.Errorf("after plan: %s with %d sessions, response %q, by %q", g.Status, len(g.Sessions), g.Response, g.DecidedBy)
	}
	s.get("/suggestions").mustContain(t, "Two new clubs start next month", `href="/sessions/`+ticked.PublicID+`"`, `href="/sessions/`+linked.PublicID+`"`)

	decide(url.Values{"action": {"not_now"}, "reason": {"We have no volunteers until the autumn"}})
	if g := status(); g.Status != model.SuggestionNotNow || g.Response != "We have no volunteers until the autumn" || len(g.Sessions) != 0 {
		t.Errorf("after not now: %s, %q, %d sessions", g.Status, g.Response, len(g.Sessions))
	}
	decide(url.Values{"action": {"remove"}})
	if g := status(); g.Status != model.SuggestionRemoved {
		t.Errorf("after remove: %s", g.Status)
	}
	decide(url.Values{"action": {"publish"}})

	// Merging keeps each supporter once: a browser that supported both counts once.
	both, only := s.browser(), s.browser()
	for _, b := range []*browser{both, only} {
		b.post("/suggestions/"+id+"/support", url.Values{})
	}
	both.post("/suggestions/"+target+"/support", url.Values{})
	decide(url.Values{"action": {"merge"}, "merge_into": {target}})
	if g := status(); g.Status != model.SuggestionMerged || g.MergedInto != target {
		t.Errorf("after merge: %s into %q", g.Status, g.MergedInto)
	}
	if n := s.supportersOf(target); n != 2 {
		t.Errorf("after merging: %d supporters, want 2 (one browser supported both)", n)
	}
	staff.get("/staff/suggestions/"+id).mustContain(t, "cannot be changed")
	if r := staff.post("/staff/suggestions/"+id, url.Values{"action": {"publish"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("deciding a merged one: status %d, want 422", r.StatusCode)
	}

	var actions []string
	if err := s.db.Select(&actions, `SELECT action FROM audit_log WHERE entity = 'suggestion' AND entity_key = $1 AND actor_id = $2 ORDER BY id`, id, user.ID); err != nil {
		t.Fatal(err)
	}
	want := "suggestion.publish suggestion.plan suggestion.not_now suggestion.remove suggestion.publish suggestion.merge"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("audit log: %s\nwant %s", got, want)
	}
	admin, _ := s.as(model.RoleAdmin)
	admin.get("/admin/audit?entity=suggestion").mustContain(t, "Merged suggestion into another", "Said not now to suggestion")
}

func TestSuggestionModeration_BadDecisionsAre422WithAMessage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	staff, _ := s.as(model.RoleStaff)
	id := s.suggestion("Coding for kids", model.SuggestionNew)
	removed := s.suggestion("Spam", model.SuggestionRemoved)
	proposal := testutil.CreateSession(t, s.st, testutil.Session{Status: model.StatusProposed})
	for _, tc := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"no action", url.Values{}, []string{"Choose what to do with the suggestion"}},
		{"an unknown action", url.Values{"action": {"approve"}}, []string{"Choose what to do with the suggestion"}},
		{"not now without a reason", url.Values{"action": {"not_now"}, "reason": {"   "}}, []string{"Enter why not now: the public sees this"}},
		{"merge into itself", url.Values{"action": {"merge"}, "merge_into": {id}}, []string{"a suggestion cannot be merged into itself"}},
		{"merge into a removed one", url.Values{"action": {"merge"}, "merge_into": {removed}}, []string{"that one cannot take others"}},
		{"merge into nothing", url.Values{"action": {"merge"}}, []string{"Choose the suggestion to merge this one into"}},
		{"plan with an unknown session", url.Values{"action": {"plan"}, "session_ids": {"/sessions/nosuchsession"}, "plan_response": {"Soon"}},
			[]string{"There is no session nosuchsession in the programme", `value="/sessions/nosuchsession"`, ">Soon</textarea>"}},
		{"plan with a proposal", url.Values{"action": {"plan"}, "session_ids": {proposal.PublicID}}, []string{"There is no session " + proposal.PublicID}},
		{"plan with no session", url.Values{"action": {"plan"}}, []string{"Tick at least one session"}},
		{"plan with nonsense", url.Values{"action": {"plan"}, "session_ids": {"<b>next week</b>"}}, []string{"Give each session as its link", `value="&lt;b&gt;next week&lt;/b&gt;"`}},
	} {
		r := staff.post("/staff/suggestions/"+id, tc.form)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tc.name, r.StatusCode)
			continue
		}
		r.mustContain(t, append([]string{"There is a problem"}, tc.want...)...)
	}
	if g, _ := s.st.Suggestion(t.Context(), id); g.Status != model.SuggestionNew {
		t.Errorf("bad decisions left it %s", g.Status)
	}
	if r := staff.post("/staff/suggestions/nosuchsuggestion", url.Values{"action": {"publish"}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown suggestion: status %d, want 404", r.StatusCode)
	}
}

func TestSuggestions_EscapeWhatPeopleTypedAndHideContactsFromThePublic(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser()
	if r := b.post("/suggestions", url.Values{"what": {`<script>alert("what")</script>`}, "details": {`<img src=x onerror=alert(1)>`},
		"when": {`"><b>evenings</b>`}, "name": {"<i>Ann</i>"}, "email": {"ann@example.org"}, "phone": {"07911 123456"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("suggest: status %d", r.StatusCode)
	}
	list, _ := s.st.Suggestions(t.Context(), model.SuggestionFilter{})
	id := list[0].PublicID
	staff, _ := s.as(model.RoleStaff)
	staffPage := staff.get("/staff/suggestions/" + id)
	staffPage.mustContain(t, "&lt;script&gt;alert(&#34;what&#34;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&lt;i&gt;Ann&lt;/i&gt;", "ann@example.org")
	staffPage.mustNotContain(t, "<script>alert", "<img src=x", "<i>Ann</i>")
	staff.get("/staff/suggestions").mustNotContain(t, "<script>alert")
	if r := staff.post("/staff/suggestions/"+id, url.Values{"action": {"publish"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: status %d", r.StatusCode)
	}
	for _, path := range []string{"/suggestions", "/suggestions/" + id} {
		r := b.get(path)
		r.mustContain(t, "&lt;script&gt;alert(&#34;what&#34;)&lt;/script&gt;")
		r.mustNotContain(t, "<script>alert", "<img src=x", "<b>evenings</b>", "Ann", "ann@example.org", "123456", "123 456")
	}
}

func TestSuggestions_StaffPagesAreForStaffOnly(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	id := s.suggestion("Coding for kids", model.SuggestionPublished)
	for _, role := range []model.Role{model.RolePartner, model.RoleNavigator} {
		b, _ := s.as(role)
		if r := b.get("/staff/suggestions/" + id); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: staff page status %d, want 403", role, r.StatusCode)
		}
		if r := b.post("/staff/suggestions/"+id, url.Values{"action": {"remove"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: decision status %d, want 403", role, r.StatusCode)
		}
		r := b.get("/suggestions/" + id)
		r.mustContain(t, "Coding for kids")
		r.mustNotContain(t, "ann@example.org", "Moderate this suggestion")
	}
	if g, _ := s.st.Suggestion(t.Context(), id); g.Status != model.SuggestionPublished {
		t.Errorf("a partner or navigator changed it to %s", g.Status)
	}
}
