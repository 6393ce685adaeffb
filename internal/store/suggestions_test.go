package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// suggestionStore is a store over a fresh database with a person key and
// room for the race tests' goroutines.
func suggestionStore(t *testing.T) (*store.Store, *sqlx.DB) {
	t.Helper()
	db := pgtest.New(t)
	db.SetMaxOpenConns(20)
	keyed, err := auth.NewKeyed(strings.Repeat("s", 32), "person key")
	if err != nil {
		t.Fatal(err)
	}
	return store.New(db).WithPersonKey(keyed.Sum), db
}

// browser is a browser key as the web layer makes one: a SHA-256.
func browser(name string) []byte {
	k := sha256.Sum256([]byte(name))
	return k[:]
}

// suggest makes a suggestion and, unless status is new, decides it so.
func suggest(t *testing.T, st *store.Store, what string, status model.SuggestionStatus) string {
	t.Helper()
	ctx := context.Background()
	id, err := st.CreateSuggestion(ctx, store.NewSuggestion{What: what})
	if err != nil {
		t.Fatal(err)
	}
	d := store.SuggestionDecision{Status: status}
	switch status {
	case model.SuggestionNew:
		return id
	case model.SuggestionNotNow:
		d.Response = "Not this term"
	case model.SuggestionPlanned:
		d.Sessions = []string{testutil.CreateSession(t, st, testutil.Session{}).PublicID}
	}
	if err := st.DecideSuggestion(ctx, model.Actor{}, id, d); err != nil {
		t.Fatalf("decide %s: %v", status, err)
	}
	return id
}

func supporters(t *testing.T, st *store.Store, publicID string) int {
	t.Helper()
	g, err := st.Suggestion(context.Background(), publicID)
	if err != nil {
		t.Fatal(err)
	}
	return g.Supporters
}

func TestCreateSuggestion_IsNewWithAnUnguessableIDAndAPersonKey(t *testing.T) {
	t.Parallel()
	st, db := suggestionStore(t)
	ctx := context.Background()
	venue := testutil.CreateVenue(t, st, model.Venue{Name: "Community Hub"})
	id, err := st.CreateSuggestion(ctx, store.NewSuggestion{What: "Knitting circle", Details: "Weekly, for beginners",
		ThemeSlug: "isolation", VenueSlug: venue.Slug, WhenSuits: "Weekday afternoons",
		ContactName: "Ann", ContactEmail: "ann@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.CreateSuggestion(ctx, store.NewSuggestion{What: "Anything"})
	if err != nil {
		t.Fatal(err)
	}
	if len(id) < 12 || id == other {
		t.Errorf("public ids %q and %q: want long and distinct", id, other)
	}
	g, err := st.Suggestion(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if g.Status != model.SuggestionNew || g.What != "Knitting circle" || g.Venue == nil || g.Venue.Name != "Community Hub" ||
		g.WhenSuits != "Weekday afternoons" || g.ContactEmail != "ann@example.org" || g.Supporters != 0 {
		t.Errorf("read back %+v", g)
	}
	if g.Theme == nil || g.Theme.Slug != "isolation" {
		t.Errorf("theme %+v, want isolation", g.Theme)
	}
	var key []byte
	if err := db.Get(&key, `SELECT person_key FROM suggestions WHERE public_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if len(key) != 32 {
		t.Errorf("person key %x, want a 32-byte HMAC", key)
	}
	if _, err := st.Suggestion(ctx, "nosuchsuggestion"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown suggestion: %v, want not found", err)
	}
}

// TestSupportSuggestion_CountsOncePerBrowser: many goroutines supporting
// with the same browser key add one supporter; with distinct keys, one
// each.
func TestSupportSuggestion_CountsOncePerBrowser(t *testing.T) {
	t.Parallel()
	st, _ := suggestionStore(t)
	ctx := context.Background()
	same := suggest(t, st, "Same browser", model.SuggestionPublished)
	distinct := suggest(t, st, "Many browsers", model.SuggestionPlanned)
	const n = 30
	var wg sync.WaitGroup
	var mu sync.Mutex
	added := 0
	errs := make(chan error, 2*n)
	for i := range n {
		wg.Go(func() {
			ok, err := st.SupportSuggestion(ctx, same, browser("one"))
			if err != nil {
				errs <- err
			}
			mu.Lock()
			if ok {
				added++
			}
			mu.Unlock()
			if _, err := st.SupportSuggestion(ctx, distinct, browser(fmt.Sprint("browser ", i))); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := supporters(t, st, same); got != 1 || added != 1 {
		t.Errorf("one browser %d times: %d supporters, %d reported new; want 1 and 1", n, got, added)
	}
	if got := supporters(t, st, distinct); got != n {
		t.Errorf("%d browsers: %d supporters", n, got)
	}
}

func TestSupportSuggestion_OnlyPublishedAndPlannedTakeSupport(t *testing.T) {
	t.Parallel()
	st, _ := suggestionStore(t)
	ctx := context.Background()
	target := suggest(t, st, "Target", model.SuggestionPublished)
	merged := suggest(t, st, "Merged", model.SuggestionNew)
	if err := st.DecideSuggestion(ctx, model.Actor{}, merged, store.SuggestionDecision{Status: model.SuggestionMerged, MergeInto: target}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   string
		want error
	}{
		{suggest(t, st, "New", model.SuggestionNew), model.ErrNotFound},
		{suggest(t, st, "Removed", model.SuggestionRemoved), model.ErrNotFound},
		{suggest(t, st, "Not now", model.SuggestionNotNow), model.ErrNotSupportable},
		{merged, model.ErrNotSupportable},
		{"nosuchsuggestion", model.ErrNotFound},
	} {
		if ok, err := st.SupportSuggestion(ctx, tc.id, browser("x")); ok || !errors.Is(err, tc.want) {
			t.Errorf("support %s: %v, %v; want %v", tc.id, ok, err, tc.want)
		}
	}
}

// TestDecideSuggestion_MergeKeepsDistinctSupporters: a browser that
// supported both counts once on the target; the merged one points to it,
// and so do the ones merged into it before.
func TestDecideSuggestion_MergeKeepsDistinctSupporters(t *testing.T) {
	t.Parallel()
	st, _ := suggestionStore(t)
	ctx := context.Background()
	target := suggest(t, st, "Coding club for teenagers", model.SuggestionPublished)
	source := suggest(t, st, "Code club", model.SuggestionPublished)
	earlier := suggest(t, st, "Scratch for kids", model.SuggestionPublished)
	support := func(id string, names ...string) {
		for _, n := range names {
			if _, err := st.SupportSuggestion(ctx, id, browser(n)); err != nil {
				t.Fatal(err)
			}
		}
	}
	support(target, "a", "b", "c")
	support(source, "b", "c", "d")
	support(earlier, "a", "e")
	merge := func(from, into string) {
		t.Helper()
		if err := st.DecideSuggestion(ctx, model.Actor{}, from, store.SuggestionDecision{Status: model.SuggestionMerged, MergeInto: into}); err != nil {
			t.Fatal(err)
		}
	}
	merge(earlier, source)
	if got := supporters(t, st, source); got != 5 { // b c d + a e
		t.Errorf("after the first merge: %d supporters, want 5", got)
	}
	merge(source, target)
	if got := supporters(t, st, target); got != 5 { // a b c d e
		t.Errorf("target: %d supporters, want 5 (a, b, c, d, e once each)", got)
	}
	for _, id := range []string{source, earlier} {
		g, err := st.Suggestion(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if g.Status != model.SuggestionMerged || g.MergedInto != target || g.Supporters != 0 {
			t.Errorf("%s after merging: status %s into %q with %d supporters", g.What, g.Status, g.MergedInto, g.Supporters)
		}
	}
}

// TestDecideSuggestion_MergingWhilePeopleSupportLosesNoOne: supporters of
// the source, racing its merge, end up on the target (trying again there
// when the source has closed), once each.
func TestDecideSuggestion_MergingWhilePeopleSupportLosesNoOne(t *testing.T) {
	t.Parallel()
	st, _ := suggestionStore(t)
	ctx := context.Background()
	target := suggest(t, st, "Target", model.SuggestionPublished)
	source := suggest(t, st, "Source", model.SuggestionPublished)
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n+1)
	for i := range n {
		wg.Go(func() {
			key := browser(fmt.Sprint("racer ", i))
			_, err := st.SupportSuggestion(ctx, source, key)
			if errors.Is(err, model.ErrNotSupportable) {
				_, err = st.SupportSuggestion(ctx, target, key)
			}
			if err != nil {
				errs <- err
			}
		})
		if i == n/2 {
			wg.Go(func() {
				if err := st.DecideSuggestion(ctx, model.Actor{}, source, store.SuggestionDecision{Status: model.SuggestionMerged, MergeInto: target}); err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, left := supporters(t, st, target), supporters(t, st, source); got != n || left != 0 {
		t.Errorf("target has %d supporters and the merged source %d; want %d and 0", got, left, n)
	}
}

func TestDecideSuggestion_EachActionAndItsRefusals(t *testing.T) {
	t.Parallel()
	st, db := suggestionStore(t)
	ctx := context.Background()
	staff := testutil.CreateUser(t, st, model.User{Role: model.RoleStaff, Name: "Callum Fraser"})
	by := model.Actor{ID: staff.ID, Name: staff.Name}
	session := testutil.CreateSession(t, st, testutil.Session{Title: "Code club"})
	proposal := testutil.CreateSession(t, st, testutil.Session{Status: model.StatusProposed})
	id := suggest(t, st, "Coding for kids", model.SuggestionNew)
	removed := suggest(t, st, "Spam", model.SuggestionRemoved)
	fresh := suggest(t, st, "Not yet read", model.SuggestionNew)
	decide := func(d store.SuggestionDecision) error { return st.DecideSuggestion(ctx, by, id, d) }

	var unknown *model.UnknownSessionError
	for _, tc := range []struct {
		name string
		d    store.SuggestionDecision
		ok   func(error) bool
	}{
		{"not now without a reason", store.SuggestionDecision{Status: model.SuggestionNotNow, Response: "  "}, is(model.ErrReasonNeeded)},
		{"plan with no session", store.SuggestionDecision{Status: model.SuggestionPlanned}, is(model.ErrNoSessions)},
		{"plan with an unknown session", store.SuggestionDecision{Status: model.SuggestionPlanned, Sessions: []string{session.PublicID, "nosuchsession"}},
			func(err error) bool { return errors.As(err, &unknown) && unknown.PublicID == "nosuchsession" }},
		{"plan with a proposal", store.SuggestionDecision{Status: model.SuggestionPlanned, Sessions: []string{proposal.PublicID}},
			func(err error) bool { return errors.As(err, &unknown) && unknown.PublicID == proposal.PublicID }},
		{"merge into itself", store.SuggestionDecision{Status: model.SuggestionMerged, MergeInto: id}, is(model.ErrMergeIntoItself)},
		{"merge into a removed one", store.SuggestionDecision{Status: model.SuggestionMerged, MergeInto: removed}, is(model.ErrMergeTarget)},
		{"merge into a new one", store.SuggestionDecision{Status: model.SuggestionMerged, MergeInto: fresh}, is(model.ErrMergeTarget)},
		{"merge into nothing", store.SuggestionDecision{Status: model.SuggestionMerged, MergeInto: "nosuchsuggestion"}, is(model.ErrMergeTarget)},
		{"an unknown decision", store.SuggestionDecision{Status: "approve"}, func(err error) bool { return err != nil }},
	} {
		if err := decide(tc.d); !tc.ok(err) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if g, _ := st.Suggestion(ctx, id); g.Status != model.SuggestionNew || len(g.Sessions) != 0 {
		t.Fatalf("refused decisions changed the suggestion: %s with %d sessions", g.Status, len(g.Sessions))
	}
	if err := st.DecideSuggestion(ctx, by, "nosuchsuggestion", store.SuggestionDecision{Status: model.SuggestionPublished}); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("deciding an unknown suggestion: %v", err)
	}

	steps := []struct {
		d        store.SuggestionDecision
		status   model.SuggestionStatus
		response string
		sessions int
		action   string
	}{
		{store.SuggestionDecision{Status: model.SuggestionPublished}, model.SuggestionPublished, "", 0, "suggestion.publish"},
		{store.SuggestionDecision{Status: model.SuggestionPlanned, Sessions: []string{session.PublicID}, Response: " Starts in May "},
			model.SuggestionPlanned, "Starts in May", 1, "suggestion.plan"},
		{store.SuggestionDecision{Status: model.SuggestionNotNow, Response: "No volunteers this term"}, model.SuggestionNotNow, "No volunteers this term", 0, "suggestion.not_now"},
		{store.SuggestionDecision{Status: model.SuggestionRemoved}, model.SuggestionRemoved, "No volunteers this term", 0, "suggestion.remove"},
		{store.SuggestionDecision{Status: model.SuggestionPublished}, model.SuggestionPublished, "", 0, "suggestion.publish"},
		{store.SuggestionDecision{Status: model.SuggestionMerged, MergeInto: suggest(t, st, "Coding club", model.SuggestionPlanned)}, model.SuggestionMerged, "", 0, "suggestion.merge"},
	}
	for _, step := range steps {
		if err := decide(step.d); err != nil {
			t.Fatalf("%s: %v", step.status, err)
		}
		g, err := st.Suggestion(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if g.Status != step.status || g.Response != step.response || len(g.Sessions) != step.sessions || g.DecidedBy != "Callum Fraser" || g.DecidedAt == nil {
			t.Errorf("after %s: status %s, response %q, %d sessions, decided by %q", step.status, g.Status, g.Response, len(g.Sessions), g.DecidedBy)
		}
		var logged int
		if err := db.Get(&logged, `SELECT count(*) FROM audit_log WHERE action = $1 AND entity = 'suggestion' AND entity_key = $2 AND actor_id = $3`,
			step.action, id, staff.ID); err != nil {
			t.Fatal(err)
		}
		if logged == 0 {
			t.Errorf("%s is not in the audit log", step.action)
		}
	}
	if err := decide(store.SuggestionDecision{Status: model.SuggestionPublished}); !errors.Is(err, model.ErrConflict) {
		t.Errorf("publishing a merged suggestion: %v, want a conflict", err)
	}
}

func is(target error) func(error) bool { return func(err error) bool { return errors.Is(err, target) } }

func TestSuggestions_FilterByStatusThemeAndVenueWithSessionsAndCounts(t *testing.T) {
	t.Parallel()
	st, _ := suggestionStore(t)
	ctx := context.Background()
	hub := testutil.CreateVenue(t, st, model.Venue{})
	central := testutil.CreateVenue(t, st, model.Venue{})
	mk := func(what, theme, venue string) string {
		id, err := st.CreateSuggestion(ctx, store.NewSuggestion{What: what, ThemeSlug: theme, VenueSlug: venue})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	anywhere := mk("Anywhere digital", "digital", "")
	atHub := mk("Hub housing", "housing", hub.Slug)
	atCentral := mk("Central digital", "digital", central.Slug)
	mk("Unread", "digital", "")
	session := testutil.CreateSession(t, st, testutil.Session{Title: "Digital drop-in"})
	for _, d := range []struct {
		id string
		d  store.SuggestionDecision
	}{
		{anywhere, store.SuggestionDecision{Status: model.SuggestionPlanned, Sessions: []string{session.PublicID}}},
		{atHub, store.SuggestionDecision{Status: model.SuggestionPublished}},
		{atCentral, store.SuggestionDecision{Status: model.SuggestionNotNow, Response: "Next year"}},
	} {
		if err := st.DecideSuggestion(ctx, model.Actor{}, d.id, d.d); err != nil {
			t.Fatal(err)
		}
	}
	public := []model.SuggestionStatus{model.SuggestionPublished, model.SuggestionPlanned, model.SuggestionNotNow}
	whats := func(f model.SuggestionFilter) string {
		list, err := st.Suggestions(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var w []string
		for _, g := range list {
			w = append(w, g.What)
		}
		return strings.Join(w, ", ")
	}
	for _, tc := range []struct {
		f    model.SuggestionFilter
		want string
	}{
		{model.SuggestionFilter{}, "Unread, Hub housing, Anywhere digital, Central digital"},
		{model.SuggestionFilter{Statuses: public}, "Hub housing, Anywhere digital, Central digital"},
		{model.SuggestionFilter{Statuses: public, ThemeSlug: "digital"}, "Anywhere digital, Central digital"},
		{model.SuggestionFilter{Statuses: public, VenueSlug: hub.Slug}, "Hub housing, Anywhere digital"},
		{model.SuggestionFilter{Statuses: public, Limit: 1}, "Hub housing"},
	} {
		if got := whats(tc.f); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.f, got, tc.want)
		}
	}
	list, err := st.Suggestions(ctx, model.SuggestionFilter{Statuses: []model.SuggestionStatus{model.SuggestionPlanned}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || len(list[0].Sessions) != 1 || list[0].Sessions[0].Title != "Digital drop-in" || list[0].Sessions[0].PublicID != session.PublicID {
		t.Errorf("planned suggestions %+v, want one with its session", list)
	}
	counts, err := st.SuggestionCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts[model.SuggestionNew] != 1 || counts[model.SuggestionPublished] != 1 || counts[model.SuggestionPlanned] != 1 || counts[model.SuggestionNotNow] != 1 {
		t.Errorf("counts %v", counts)
	}
}
