package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

var placesEditor = model.Actor{Name: "Test"}

// lastPlaceAudit returns the newest audit entry for entity, with before and after decoded.
func lastPlaceAudit(t *testing.T, st *store.Store, entity string) (model.AuditEntry, map[string]any, map[string]any) {
	t.Helper()
	entries, _, err := st.AuditLog(context.Background(), model.AuditFilter{Entity: entity, Limit: 1})
	if err != nil || len(entries) == 0 {
		t.Fatalf("no audit entry for %s: %v", entity, err)
	}
	e := entries[0]
	var before, after map[string]any
	if e.Before != nil {
		json.Unmarshal(e.Before, &before)
	}
	if e.After != nil {
		json.Unmarshal(e.After, &after)
	}
	return e, before, after
}

func TestUpdateVenue_SavesAtTheVersionReadAndAuditsBeforeAndAfter(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	v, err := st.AddVenue(ctx, placesEditor, model.Venue{Slug: "hub", Name: "Hub", Address: "1 Road", Postcode: "EH1 1AA"})
	if err != nil {
		t.Fatal(err)
	}
	if e, before, after := lastPlaceAudit(t, st, "venue"); e.Action != "venue.create" || before != nil || after["slug"] != "hub" {
		t.Errorf("create audited as %s %v -> %v", e.Action, before, after)
	}
	_, version, err := st.VenueForEdit(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	v.Slug, v.Name, v.Features = "north-hub", "North Hub", []string{"lift"}
	if _, err := st.UpdateVenue(ctx, placesEditor, "hub", version, v); err != nil {
		t.Fatal(err)
	}
	got, newVersion, err := st.VenueForEdit(ctx, "north-hub")
	if err != nil || got.Name != "North Hub" || !got.Has("lift") || newVersion == version {
		t.Fatalf("after update: %+v version %s (was %s), %v", got, newVersion, version, err)
	}
	e, before, after := lastPlaceAudit(t, st, "venue")
	if e.Action != "venue.update" || e.EntityKey != "north-hub" || before["name"] != "Hub" || after["name"] != "North Hub" {
		t.Errorf("update audited as %s %s %v -> %v", e.Action, e.EntityKey, before, after)
	}

	// The old version is stale now: nothing changes.
	v.Name = "Stale"
	if _, err := st.UpdateVenue(ctx, placesEditor, "north-hub", version, v); !errors.Is(err, model.ErrConflict) {
		t.Errorf("stale update: %v, want ErrConflict", err)
	}
	if got, _, _ := st.VenueForEdit(ctx, "north-hub"); got.Name != "North Hub" {
		t.Errorf("a stale update overwrote the name with %q", got.Name)
	}
	if _, err := st.UpdateVenue(ctx, placesEditor, "nowhere", version, v); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("missing venue: %v, want ErrNotFound", err)
	}
}

func TestUpdateVenue_OnlyOneOfTwoEditsAtTheSameVersionWins(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{Slug: "hub"})
	_, version, _ := st.VenueForEdit(ctx, "hub")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			edit := v
			edit.Name = "Edit " + string(rune('A'+i))
			_, errs[i] = st.UpdateVenue(ctx, placesEditor, "hub", version, edit)
		})
	}
	wg.Wait()
	var saved, conflicts int
	for _, err := range errs {
		switch {
		case err == nil:
			saved++
		case errors.Is(err, model.ErrConflict):
			conflicts++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if saved != 1 || conflicts != len(errs)-1 {
		t.Errorf("%d saved, %d conflicts; want 1 and %d", saved, conflicts, len(errs)-1)
	}
}

func TestAddVenue_DuplicateSlugIsErrSlugTaken(t *testing.T) {
	st := newStore(t)
	testutil.CreateVenue(t, st, model.Venue{Slug: "hub"})
	_, err := st.AddVenue(context.Background(), placesEditor, model.Venue{Slug: "hub", Name: "Other", Address: "2 Road", Postcode: "EH1 1AA"})
	if !errors.Is(err, store.ErrSlugTaken) {
		t.Errorf("err = %v, want ErrSlugTaken", err)
	}
}

func TestAddSpace_ParentMustBeInTheSameVenue(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	other := testutil.CreateVenue(t, st, model.Venue{})
	elsewhere := testutil.CreateSpace(t, st, other, model.Space{})
	_, err := st.AddSpace(ctx, placesEditor, model.Space{VenueID: v.ID, ParentID: &elsewhere.ID, Slug: "zone", Name: "Zone", Kind: model.SpaceZone, Capacity: 5})
	if !errors.Is(err, store.ErrParentNotAllowed) {
		t.Errorf("parent in another venue: %v, want ErrParentNotAllowed", err)
	}
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	sp, err := st.AddSpace(ctx, placesEditor, model.Space{VenueID: v.ID, ParentID: &hall.ID, Slug: "stage", Name: "Stage", Kind: model.SpaceZone, Capacity: 5})
	if err != nil {
		t.Fatal(err)
	}
	e, _, after := lastPlaceAudit(t, st, "space")
	if e.Action != "space.create" || after["venue"] != v.Slug || after["parent"] != hall.Slug || after["capacity"] != float64(5) {
		t.Errorf("create audited as %s %v", e.Action, after)
	}
	if _, err := st.AddSpace(ctx, placesEditor, model.Space{VenueID: v.ID, Slug: "stage-2", Name: "Stage", Kind: model.SpaceZone, Capacity: 5}); !errors.Is(err, store.ErrNameTaken) {
		t.Errorf("same name in the venue: %v, want ErrNameTaken", err)
	}
	if _, err := st.AddSpace(ctx, placesEditor, model.Space{VenueID: other.ID, Slug: "stage-2", Name: "Stage", Kind: model.SpaceZone, Capacity: 5}); err != nil {
		t.Errorf("same name in another venue: %v", err)
	}
	if _, err := st.AddSpace(ctx, placesEditor, model.Space{VenueID: other.ID, Slug: sp.Slug, Name: "Other stage", Kind: model.SpaceZone, Capacity: 5}); !errors.Is(err, store.ErrSlugTaken) {
		t.Errorf("same slug: %v, want ErrSlugTaken", err)
	}
}

func TestUpdateSpace_NeverInsideItself(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	stage := testutil.CreateSpace(t, st, v, model.Space{Name: "Stage", ParentID: &hall.ID})
	corner := testutil.CreateSpace(t, st, v, model.Space{Name: "Corner", ParentID: &stage.ID})
	annex := testutil.CreateSpace(t, st, v, model.Space{Name: "Annex"})
	for name, parent := range map[string]int64{"itself": hall.ID, "its child": stage.ID, "its grandchild": corner.ID} {
		_, version, _ := st.SpaceForEdit(ctx, hall.Slug)
		edit := hall
		edit.ParentID = &parent
		if _, err := st.UpdateSpace(ctx, placesEditor, hall.Slug, version, edit); !errors.Is(err, store.ErrParentNotAllowed) {
			t.Errorf("hall inside %s: %v, want ErrParentNotAllowed", name, err)
		}
	}
	_, version, _ := st.SpaceForEdit(ctx, hall.Slug)
	edit := hall
	edit.ParentID, edit.Capacity = &annex.ID, 90
	if _, err := st.UpdateSpace(ctx, placesEditor, hall.Slug, version, edit); err != nil {
		t.Fatalf("hall inside the annex: %v", err)
	}
	got, _, _ := st.SpaceForEdit(ctx, hall.Slug)
	if got.ParentName != "Annex" || got.Capacity != 90 || got.VenueID != v.ID {
		t.Errorf("hall read back as %+v", got)
	}
	e, before, after := lastPlaceAudit(t, st, "space")
	if e.Action != "space.update" || before["parent"] != nil || after["parent"] != annex.Slug || before["capacity"] != float64(20) {
		t.Errorf("update audited as %s %v -> %v", e.Action, before, after)
	}
	if _, err := st.UpdateSpace(ctx, placesEditor, hall.Slug, version, edit); !errors.Is(err, model.ErrConflict) {
		t.Errorf("stale update: %v, want ErrConflict", err)
	}
}

func TestSpacesByVenue_EachVenuesSpacesInOrder(t *testing.T) {
	st := newStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	other := testutil.CreateVenue(t, st, model.Venue{})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall", Features: []string{"kitchen"}})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Stage", ParentID: &hall.ID})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Annex"})
	testutil.CreateSpace(t, st, other, model.Space{Name: "Elsewhere"})
	byVenue, err := st.SpacesByVenue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sp := range byVenue[v.ID] {
		names = append(names, sp.Name+"<"+sp.ParentName+">")
	}
	if want := []string{"Annex<>", "Hall<>", "Stage<Hall>"}; !slices.Equal(names, want) {
		t.Errorf("spaces = %v, want %v", names, want)
	}
	if len(byVenue[other.ID]) != 1 || !byVenue[v.ID][1].Has("kitchen") {
		t.Errorf("by venue = %+v", byVenue)
	}
}

func TestUpdatePartner_StaleVersionIsAConflictAndNamesAreUnique(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	p, err := st.AddPartner(ctx, placesEditor, model.Partner{Slug: "advice", Name: "Advice Shop"})
	if err != nil {
		t.Fatal(err)
	}
	testutil.CreatePartner(t, st, model.Partner{Slug: "nhs", Name: "Healthy Living"})
	_, version, _ := st.PartnerForEdit(ctx, "advice")
	p.Name = "Healthy Living"
	if _, err := st.UpdatePartner(ctx, placesEditor, "advice", version, p); !errors.Is(err, store.ErrNameTaken) {
		t.Errorf("taken name: %v, want ErrNameTaken", err)
	}
	p.Name, p.Website = "Advice Shop Edinburgh", "https://example.org"
	if _, err := st.UpdatePartner(ctx, placesEditor, "advice", version, p); err != nil {
		t.Fatal(err)
	}
	if e, before, after := lastPlaceAudit(t, st, "partner"); e.Action != "partner.update" || before["website"] != "" || after["website"] != "https://example.org" {
		t.Errorf("update audited as %s %v -> %v", e.Action, before, after)
	}
	if _, err := st.UpdatePartner(ctx, placesEditor, "advice", version, p); !errors.Is(err, model.ErrConflict) {
		t.Errorf("stale update: %v, want ErrConflict", err)
	}
}

func TestThemes_AddedLastAndEditedAtTheirVersion(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.AddTheme(ctx, placesEditor, model.Theme{Slug: "arts", Name: "Arts and crafts"}); err != nil {
		t.Fatal(err)
	}
	themes, _ := st.Themes(ctx)
	if last := themes[len(themes)-1]; last.Slug != "arts" {
		t.Errorf("new theme listed at %q's place, want last", last.Slug)
	}
	if _, err := st.AddTheme(ctx, placesEditor, model.Theme{Slug: "health", Name: "Something"}); !errors.Is(err, store.ErrSlugTaken) {
		t.Errorf("taken slug: %v, want ErrSlugTaken", err)
	}
	th, version, err := st.ThemeForEdit(ctx, "arts")
	if err != nil {
		t.Fatal(err)
	}
	th.Description = "Making things."
	if _, err := st.UpdateTheme(ctx, placesEditor, "arts", version, th); err != nil {
		t.Fatal(err)
	}
	if _, newVersion, _ := st.ThemeForEdit(ctx, "arts"); newVersion == version {
		t.Error("the version did not move on")
	}
	th.Description = "Stale."
	if _, err := st.UpdateTheme(ctx, placesEditor, "arts", version, th); !errors.Is(err, model.ErrConflict) {
		t.Errorf("stale update: %v, want ErrConflict", err)
	}
	if got, _, _ := st.ThemeForEdit(ctx, "arts"); got.Description != "Making things." {
		t.Errorf("description = %q", got.Description)
	}
	if e, before, after := lastPlaceAudit(t, st, "theme"); e.Action != "theme.update" || before["description"] != "" || after["description"] != "Making things." {
		t.Errorf("update audited as %s %v -> %v", e.Action, before, after)
	}
}

// Two people at once putting each of two spaces inside the other: the
// venue's lock makes them take turns, so the second sees the first's
// change and is refused, and no loop is ever saved.
func TestUpdateSpace_TwoPeopleCannotMakeALoopAtOnce(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	for round := range 10 {
		a := testutil.CreateSpace(t, st, v, model.Space{})
		b := testutil.CreateSpace(t, st, v, model.Space{})
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, pair := range [][2]model.Space{{a, b}, {b, a}} {
			child, parent := pair[0], pair[1]
			_, version, _ := st.SpaceForEdit(ctx, child.Slug)
			child.ParentID = &parent.ID
			wg.Go(func() { _, errs[i] = st.UpdateSpace(ctx, placesEditor, child.Slug, version, child) })
		}
		wg.Wait()
		refused := 0
		for _, err := range errs {
			switch {
			case errors.Is(err, store.ErrParentNotAllowed):
				refused++
			case err != nil:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if refused != 1 {
			t.Errorf("round %d: %d of the two edits refused, want 1: %v", round, refused, errs)
		}
	}
}
