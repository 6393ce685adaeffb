package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func newStore(t *testing.T) *store.Store {
	t.Helper()
	return store.New(pgtest.New(t))
}

func titles(sessions []model.Session) []string {
	out := make([]string, len(sessions))
	for i, s := range sessions {
		out[i] = s.Title
	}
	return out
}

func TestUpcomingSessions_ListsUnfinishedSessionsInStartOrder(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	now := time.Date(2027, 5, 10, 12, 0, 0, 0, time.UTC)
	v := testutil.CreateVenue(t, st, model.Venue{})
	testutil.CreateSession(t, st, testutil.Session{Title: "Ended", Venue: v, Start: now.Add(-3 * time.Hour), Length: time.Hour})
	testutil.CreateSession(t, st, testutil.Session{Title: "Later", Venue: v, Start: now.Add(48 * time.Hour)})
	testutil.CreateSession(t, st, testutil.Session{Title: "In progress", Venue: v, Start: now.Add(-30 * time.Minute), Length: time.Hour})
	testutil.CreateSession(t, st, testutil.Session{Title: "Cancelled", Venue: v, Start: now.Add(24 * time.Hour), Status: model.StatusCancelled})
	testutil.CreateSession(t, st, testutil.Session{Title: "Soon", Venue: v, Start: now.Add(time.Hour)})

	got, total, err := st.UpcomingSessions(ctx, now, model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"In progress", "Soon", "Cancelled", "Later"}
	if !slices.Equal(titles(got), want) || total != 4 {
		t.Errorf("got %v (total %d), want %v (total 4)", titles(got), total, want)
	}
	if got[2].Status != model.StatusCancelled {
		t.Errorf("cancelled session has status %q", got[2].Status)
	}
}

func TestUpcomingSessions_FiltersByVenueThemeAudienceAndDates(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	loc := testutil.London(t)
	now := time.Date(2027, 5, 10, 8, 0, 0, 0, loc)
	central := testutil.CreateVenue(t, st, model.Venue{Slug: "central"})
	hub := testutil.CreateVenue(t, st, model.Venue{Slug: "hub"})
	day := func(d, h int) time.Time { return time.Date(2027, 5, d, h, 0, 0, 0, loc) }
	testutil.CreateSession(t, st, testutil.Session{Title: "Money at central", Venue: central, Theme: "income-maximisation", Audience: "adults", Start: day(11, 10)})
	testutil.CreateSession(t, st, testutil.Session{Title: "Money at hub", Venue: hub, Theme: "income-maximisation", Audience: "adults", Start: day(12, 10)})
	testutil.CreateSession(t, st, testutil.Session{Title: "Bookbug at hub", Venue: hub, Theme: "family", Audience: "families", Start: day(13, 10)})
	testutil.CreateSession(t, st, testutil.Session{Title: "Late on the 13th", Venue: hub, Theme: "family", Audience: "families", Start: day(13, 23)})
	testutil.CreateSession(t, st, testutil.Session{Title: "Walk on the 14th", Venue: central, Theme: "health", Start: day(14, 0)})

	cases := []struct {
		name   string
		filter model.SessionFilter
		want   []string
	}{
		{"venue", model.SessionFilter{VenueSlug: "hub"}, []string{"Money at hub", "Bookbug at hub", "Late on the 13th"}},
		{"theme", model.SessionFilter{ThemeSlug: "income-maximisation"}, []string{"Money at central", "Money at hub"}},
		{"audience", model.SessionFilter{AudienceSlug: "families"}, []string{"Bookbug at hub", "Late on the 13th"}},
		{"venue and theme", model.SessionFilter{VenueSlug: "central", ThemeSlug: "income-maximisation"}, []string{"Money at central"}},
		// From is inclusive, To exclusive: a London day is [00:00, next 00:00).
		{"one London day", model.SessionFilter{From: day(13, 0), To: day(14, 0)}, []string{"Bookbug at hub", "Late on the 13th"}},
		{"from only", model.SessionFilter{From: day(13, 23)}, []string{"Late on the 13th", "Walk on the 14th"}},
		{"nothing matches", model.SessionFilter{VenueSlug: "central", AudienceSlug: "families"}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := st.UpcomingSessions(ctx, now, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(titles(got), tc.want) || total != len(tc.want) {
				t.Errorf("got %v (total %d), want %v", titles(got), total, tc.want)
			}
		})
	}
}

func TestUpcomingSessions_PagesWithTotal(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	now := time.Date(2027, 5, 10, 8, 0, 0, 0, time.UTC)
	v := testutil.CreateVenue(t, st, model.Venue{})
	for i := range 7 {
		testutil.CreateSession(t, st, testutil.Session{Title: string(rune('A' + i)), Venue: v, Start: now.Add(time.Duration(i+1) * time.Hour)})
	}
	pages := [][]string{{"A", "B", "C"}, {"D", "E", "F"}, {"G"}, {}}
	for i, want := range pages {
		got, total, err := st.UpcomingSessions(ctx, now, model.SessionFilter{Limit: 3, Offset: i * 3})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(titles(got), want) || total != 7 {
			t.Errorf("page %d: got %v (total %d), want %v (total 7)", i+1, titles(got), total, want)
		}
	}
}

func TestUpcomingSessions_SameTitleAndStartOrderStably(t *testing.T) {
	st := newStore(t)
	now := time.Date(2027, 5, 10, 8, 0, 0, 0, time.UTC)
	v := testutil.CreateVenue(t, st, model.Venue{})
	first := testutil.CreateSession(t, st, testutil.Session{Title: "Same", Venue: v, Start: now.Add(time.Hour)})
	second := testutil.CreateSession(t, st, testutil.Session{Title: "Same", Venue: v, Start: now.Add(time.Hour)})
	for range 3 {
		got, _, err := st.UpcomingSessions(context.Background(), now, model.SessionFilter{Limit: 1, Offset: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != max(first.ID, second.ID) {
			t.Fatalf("second of two identical sessions is not stable: %+v", got)
		}
	}
}

func TestSession_TenOClockLondonAcrossTheClockChange(t *testing.T) {
	st := newStore(t)
	loc := testutil.London(t)
	// British Summer Time starts at 01:00 UTC on Sunday 28 March 2027.
	before := testutil.CreateSession(t, st, testutil.Session{Start: time.Date(2027, 3, 27, 10, 0, 0, 0, loc)})
	after := testutil.CreateSession(t, st, testutil.Session{Start: time.Date(2027, 3, 29, 10, 0, 0, 0, loc)})
	if got := before.StartsAt.UTC().Hour(); got != 10 {
		t.Errorf("Saturday 10:00 GMT stored as %02d:00 UTC, want 10:00", got)
	}
	if got := after.StartsAt.UTC().Hour(); got != 9 {
		t.Errorf("Monday 10:00 BST stored as %02d:00 UTC, want 09:00", got)
	}
	for _, s := range []model.Session{before, after} {
		if got := s.StartsAt.In(loc).Format("15:04"); got != "10:00" {
			t.Errorf("session on %s reads back as %s London time, want 10:00", s.StartsAt.In(loc).Format(time.DateOnly), got)
		}
	}
	// A London-day filter on the day after the change finds the Monday session only.
	got, _, err := st.UpcomingSessions(context.Background(), time.Date(2027, 3, 1, 0, 0, 0, 0, loc),
		model.SessionFilter{From: time.Date(2027, 3, 29, 0, 0, 0, 0, loc), To: time.Date(2027, 3, 30, 0, 0, 0, 0, loc)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != after.ID {
		t.Errorf("Monday filter found %v", titles(got))
	}
}

func TestSession_ReadsEverythingThePageNeeds(t *testing.T) {
	st := newStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{Name: "Central Library", Features: []string{"quiet_space", "lift", "step_free_entrance"}})
	room := testutil.CreateSpace(t, st, v, model.Space{Name: "Meeting room", Features: []string{"step_free", "hearing_loop"}})
	p := testutil.CreatePartner(t, st, model.Partner{Name: "Money Advice"})
	s := testutil.CreateSession(t, st, testutil.Session{Title: "Benefits check", Venue: v, Space: &room, Partner: &p, Theme: "income-maximisation", Audience: "adults", Capacity: 12})

	got, err := st.Session(context.Background(), s.PublicID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Benefits check" || got.Venue.Name != "Central Library" || got.Space == nil || got.Space.Name != "Meeting room" ||
		got.Partner == nil || got.Partner.Name != "Money Advice" || got.Theme.Slug != "income-maximisation" || got.Audience.Slug != "adults" {
		t.Errorf("session read back as %+v", got)
	}
	if got.Capacity == nil || *got.Capacity != 12 || got.PlacesLeft() != 12 {
		t.Errorf("capacity %v, places left %d, want 12 and 12", got.Capacity, got.PlacesLeft())
	}
	if !got.StepFree() || !got.HearingLoop() || !got.QuietSpace() {
		t.Errorf("access: step-free %v, loop %v, quiet %v; want all true", got.StepFree(), got.HearingLoop(), got.QuietSpace())
	}
}

func TestSession_UnknownIsNotFound(t *testing.T) {
	st := newStore(t)
	if _, err := st.Session(context.Background(), "abcdefghjkmn"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("Session(unknown) = %v, want ErrNotFound", err)
	}
}

func TestCreateSession_PublicIDsAreRandomAndUnambiguous(t *testing.T) {
	st := newStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	seen := map[string]bool{}
	for range 50 {
		s := testutil.CreateSession(t, st, testutil.Session{Venue: v})
		if len(s.PublicID) != 12 {
			t.Fatalf("public id %q is not 12 characters", s.PublicID)
		}
		for _, r := range s.PublicID {
			if r == '0' || r == 'o' || r == '1' || r == 'l' || r == 'i' {
				t.Fatalf("public id %q has a look-alike character", s.PublicID)
			}
		}
		if seen[s.PublicID] {
			t.Fatalf("public id %q repeated", s.PublicID)
		}
		seen[s.PublicID] = true
	}
}
