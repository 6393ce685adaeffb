package store_test

import (
	"context"
	"errors"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

func TestCloseSpaces_AWholeVenueClosesEveryTopLevelSpaceAndIsRemovedAtOnce(t *testing.T) {
	st, _ := spaceStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	stage := testutil.CreateSpace(t, st, v, model.Space{Name: "Stage", Kind: model.SpaceZone, ParentID: &hall.ID})
	office := testutil.CreateSpace(t, st, v, model.Space{Name: "Office"})
	from, to := day(t, 0, 0), day(t, 0, 0).AddDate(0, 0, 1)

	closed, err := st.CloseSpaces(ctx, booker, store.ClosureRequest{VenueID: v.ID, StartsAt: from, EndsAt: to, Reason: "Bank holiday"})
	if err != nil {
		t.Fatal(err)
	}
	if len(closed) != 2 || closed[0].Space.ID != hall.ID || closed[1].Space.ID != office.ID || closed[0].Kind != model.SpaceClosed {
		t.Fatalf("closed %+v", closed)
	}
	// The zone inside the hall is closed with it.
	var clash *model.Clash
	if _, err := bookSpace(st, stage, day(t, 10, 0), day(t, 11, 0), "Rehearsal"); !errors.As(err, &clash) || clash.With.Kind != model.SpaceClosed {
		t.Errorf("booking a zone of a closed room: %v", err)
	}
	list, err := st.UpcomingClosures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || !list[0].WholeVenue || len(list[0].Spaces) != 2 || list[0].Reason != "Bank holiday" {
		t.Fatalf("closures %+v", list)
	}
	if err := st.RemoveClosure(ctx, booker, list[0].PublicID); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.UpcomingClosures(ctx); len(list) != 0 {
		t.Errorf("still listed after removal: %+v", list)
	}
	if _, err := bookSpace(st, stage, day(t, 10, 0), day(t, 11, 0), "Rehearsal"); err != nil {
		t.Errorf("the zone after the closure was removed: %v", err)
	}
	if err := st.RemoveClosure(ctx, booker, list[0].PublicID); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("removed twice: %v", err)
	}
}

func TestCloseSpaces_ABookingInTheWayRefusesTheWholeVenueClosure(t *testing.T) {
	st, _ := spaceStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	office := testutil.CreateSpace(t, st, v, model.Space{Name: "Office"})
	if _, err := bookSpace(st, office, day(t, 14, 0), day(t, 15, 0), "Council surgery"); err != nil {
		t.Fatal(err)
	}
	_, err := st.CloseSpaces(ctx, booker, store.ClosureRequest{VenueID: v.ID, StartsAt: day(t, 0, 0), EndsAt: day(t, 23, 0), Reason: "Building works"})
	var clash *model.Clash
	if !errors.As(err, &clash) || clash.With.Purpose != "Council surgery" {
		t.Fatalf("got %v, want a clash with the surgery", err)
	}
	if list, _ := st.UpcomingClosures(ctx); len(list) != 0 {
		t.Errorf("part of the venue was closed: %+v", list)
	}
	// One space alone can be closed around it.
	if _, err := st.CloseSpaces(ctx, booker, store.ClosureRequest{SpaceID: office.ID, StartsAt: day(t, 16, 0), EndsAt: day(t, 18, 0), Reason: "Cleaning"}); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.UpcomingClosures(ctx); len(list) != 1 || list[0].WholeVenue || list[0].Spaces[0].ID != office.ID {
		t.Errorf("closures %+v", list)
	}
	var refused *store.SpaceRefused
	if _, err := st.CloseSpaces(ctx, booker, store.ClosureRequest{SpaceID: office.ID, StartsAt: day(t, 19, 0), EndsAt: day(t, 20, 0)}); !errors.As(err, &refused) {
		t.Errorf("no reason: %v", err)
	}
}
