package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/testutil"
)

func TestVenues_ByNameWithFeatures(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	testutil.CreateVenue(t, st, model.Venue{Slug: "northfield", Name: "Northfield Community Hub", Features: []string{"parking"}})
	testutil.CreateVenue(t, st, model.Venue{Slug: "central", Name: "Central Library", OpeningHours: "Daily", Features: []string{"lift", "quiet_space"}})
	venues, err := st.Venues(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(venues) != 2 || venues[0].Name != "Central Library" || venues[1].Name != "Northfield Community Hub" {
		t.Fatalf("venues = %+v", venues)
	}
	if !venues[0].Has("quiet_space") || venues[0].Has("parking") || venues[0].OpeningHours != "Daily" {
		t.Errorf("Central Library read back as %+v", venues[0])
	}

	got, err := st.Venue(ctx, "northfield")
	if err != nil || got.Name != "Northfield Community Hub" || !got.Has("parking") {
		t.Errorf("Venue(northfield) = %+v, %v", got, err)
	}
	if _, err := st.Venue(ctx, "nowhere"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("Venue(nowhere) = %v, want ErrNotFound", err)
	}
}

func TestSpaces_ZonesFollowTheirRoomOnlyThisVenue(t *testing.T) {
	st := newStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	other := testutil.CreateVenue(t, st, model.Venue{})
	testutil.CreateSpace(t, st, other, model.Space{Name: "Elsewhere"})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall", Capacity: 80})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Stage end", Kind: model.SpaceZone, ParentID: &hall.ID, Capacity: 30})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Annex", Features: []string{"kitchen"}})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Kitchen end", Kind: model.SpaceZone, ParentID: &hall.ID, Capacity: 20})

	spaces, err := st.Spaces(context.Background(), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sp := range spaces {
		names = append(names, sp.Name+"<"+sp.ParentName+">")
	}
	want := []string{"Annex<>", "Hall<>", "Kitchen end<Hall>", "Stage end<Hall>"}
	if !slices.Equal(names, want) {
		t.Errorf("spaces = %v, want %v", names, want)
	}
	if !spaces[0].Has("kitchen") || spaces[2].ParentID == nil || *spaces[2].ParentID != hall.ID || spaces[2].Kind != model.SpaceZone {
		t.Errorf("spaces read back as %+v", spaces)
	}
}

func TestVocabularies_InDisplayOrder(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	themes, err := st.Themes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, th := range themes {
		slugs = append(slugs, th.Slug)
	}
	want := []string{"health", "healthy-weight", "income-maximisation", "skills", "digital", "mental-wellbeing", "isolation", "housing", "family"}
	if !slices.Equal(slugs, want) {
		t.Errorf("themes = %v, want %v", slugs, want)
	}
	audiences, err := st.Audiences(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slugs = nil
	for _, a := range audiences {
		slugs = append(slugs, a.Slug)
	}
	if want := []string{"everyone", "adults", "families", "children-young-people"}; !slices.Equal(slugs, want) {
		t.Errorf("audiences = %v, want %v", slugs, want)
	}
}
