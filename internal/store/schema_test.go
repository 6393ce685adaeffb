package store_test

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// The schema refuses what the product must never hold, whatever code writes it.
func TestSchema_RefusesImpossibleSessions(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	other := testutil.CreateVenue(t, st, model.Venue{})
	otherRoom := testutil.CreateSpace(t, st, other, model.Space{})
	base := testutil.CreateSession(t, st, testutil.Session{Venue: v})
	start := time.Now().Add(24 * time.Hour)
	valid := func() store.NewSession {
		c := 10
		return store.NewSession{Title: "Valid", ThemeID: base.Theme.ID, AudienceID: base.Audience.ID, VenueID: v.ID,
			StartsAt: start, EndsAt: start.Add(time.Hour), BookingRequired: true, Capacity: &c}
	}
	if _, _, err := st.CreateSession(ctx, valid()); err != nil {
		t.Fatalf("the valid session was refused: %v", err)
	}
	neg, zero := -1, 0
	cases := []struct {
		name   string
		mutate func(*store.NewSession)
	}{
		{"ends before it starts", func(n *store.NewSession) { n.EndsAt = n.StartsAt.Add(-time.Minute) }},
		{"ends as it starts", func(n *store.NewSession) { n.EndsAt = n.StartsAt }},
		{"lasts more than a day", func(n *store.NewSession) { n.EndsAt = n.StartsAt.Add(25 * time.Hour) }},
		{"negative capacity on a drop-in", func(n *store.NewSession) { n.BookingRequired = false; n.Capacity = &neg }},
		{"bookable with no places", func(n *store.NewSession) { n.Capacity = &zero }},
		{"bookable with no capacity", func(n *store.NewSession) { n.Capacity = nil }},
		{"blank title", func(n *store.NewSession) { n.Title = "   " }},
		{"space in another venue", func(n *store.NewSession) { n.SpaceID = &otherRoom.ID }},
		{"unknown status", func(n *store.NewSession) { n.Status = "postponed" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := valid()
			tc.mutate(&n)
			if _, _, err := st.CreateSession(ctx, n); err == nil {
				t.Error("the database accepted it")
			}
		})
	}
}

func TestSchema_RefusesBadVenuesAndSpaces(t *testing.T) {
	st := store.New(pgtest.New(t))
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	for name, venue := range map[string]model.Venue{
		"slug with spaces": {Slug: "a b", Name: "X", Address: "1 Road", Postcode: "EH1 1AA"},
		"bad postcode":     {Slug: "x", Name: "X", Address: "1 Road", Postcode: "nowhere"},
		"unknown feature":  {Slug: "y", Name: "Y", Address: "1 Road", Postcode: "EH1 1AA", Features: []string{"moat"}},
	} {
		if _, err := st.CreateVenue(ctx, venue); err == nil {
			t.Errorf("%s: the database accepted it", name)
		}
	}
	for name, sp := range map[string]model.Space{
		"zero capacity":  {VenueID: v.ID, Slug: "s1", Name: "S1", Kind: model.SpaceRoom, Capacity: 0},
		"unknown kind":   {VenueID: v.ID, Slug: "s2", Name: "S2", Kind: "cupboard", Capacity: 4},
		"unknown parent": {VenueID: v.ID, Slug: "s3", Name: "S3", Kind: model.SpaceZone, Capacity: 4, ParentID: new(int64(999999))},
	} {
		if _, err := st.CreateSpace(ctx, sp); err == nil {
			t.Errorf("%s: the database accepted it", name)
		}
	}
}

// The calendar SEQUENCE rises when time, place or status changes, and only then.
func TestSchema_SequenceRisesOnTimePlaceOrStatusChange(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	v := testutil.CreateVenue(t, st, model.Venue{})
	room := testutil.CreateSpace(t, st, v, model.Space{})
	s := testutil.CreateSession(t, st, testutil.Session{Venue: v})
	steps := []struct {
		update string
		want   int
	}{
		{`UPDATE programme_sessions SET title = 'Renamed' WHERE id = $1`, 0},
		{`UPDATE programme_sessions SET starts_at = starts_at + interval '1 hour', ends_at = ends_at + interval '1 hour' WHERE id = $1`, 1},
		{`UPDATE programme_sessions SET space_id = ` + itoa(room.ID) + ` WHERE id = $1`, 2},
		{`UPDATE programme_sessions SET status = 'cancelled' WHERE id = $1`, 3},
		{`UPDATE programme_sessions SET summary = 'New summary' WHERE id = $1`, 3},
	}
	for _, step := range steps {
		if _, err := db.Exec(step.update, s.ID); err != nil {
			t.Fatal(err)
		}
		var seq int
		if err := db.Get(&seq, `SELECT sequence FROM programme_sessions WHERE id = $1`, s.ID); err != nil {
			t.Fatal(err)
		}
		if seq != step.want {
			t.Errorf("after %q: sequence %d, want %d", step.update, seq, step.want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// The feature words the pages know are exactly those the schema allows:
// every one is accepted, and the CHECK names no other.
func TestSchema_FeatureWordsMatchTheModel(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	keys := func(list []model.Feature) []string {
		var out []string
		for _, f := range list {
			out = append(out, f.Key)
		}
		slices.Sort(out)
		return out
	}
	v := testutil.CreateVenue(t, st, model.Venue{Features: keys(model.VenueFeatures)})
	testutil.CreateSpace(t, st, v, model.Space{Features: keys(model.SpaceFeatures)})

	word := regexp.MustCompile(`'([a-z_]+)'::text`)
	for table, want := range map[string][]string{"venues": keys(model.VenueFeatures), "spaces": keys(model.SpaceFeatures)} {
		var def string
		err := db.Get(&def, `SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
			WHERE c.conrelid = $1::regclass AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%features%'`, table)
		if err != nil {
			t.Fatal(err)
		}
		var allowed []string
		for _, m := range word.FindAllStringSubmatch(def, -1) {
			allowed = append(allowed, m[1])
		}
		slices.Sort(allowed)
		if !slices.Equal(allowed, want) {
			t.Errorf("%s: the schema allows %v, the model knows %v", table, allowed, want)
		}
	}
}

// Public ids come from a random source: over many, every character of the
// alphabet turns up in every position.
func TestSchema_PublicIDsUseTheWholeAlphabet(t *testing.T) {
	db := pgtest.New(t)
	var ids []string
	if err := db.Select(&ids, `SELECT random_public_id() FROM generate_series(1, 2000)`); err != nil {
		t.Fatal(err)
	}
	const alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
	for pos := range 12 {
		seen := map[byte]bool{}
		for _, id := range ids {
			seen[id[pos]] = true
		}
		if len(seen) != len(alphabet) {
			t.Errorf("position %d: %d of %d characters seen in 2,000 ids", pos, len(seen), len(alphabet))
		}
	}
}
