package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

func TestSetVenueHours_ReplacesTheHoursAndRulesAndAuditsOnce(t *testing.T) {
	st, db := spaceStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	office := testutil.CreateSpace(t, st, v, model.Space{Name: "Office"})
	weekdays := []model.OpeningPeriod{{Weekday: 1, Opens: 9 * 60, Closes: 17 * 60}, {Weekday: 2, Opens: 9 * 60, Closes: 20 * 60}}
	late := []model.OpeningPeriod{{Weekday: 2, Opens: 17 * 60, Closes: 22 * 60}}
	err := st.SetVenueHours(ctx, booker, v, store.VenueHours{Venue: weekdays, Spaces: map[int64][]model.OpeningPeriod{hall.ID: late},
		Rules: map[int64]store.SpaceRules{hall.ID: {Setup: 15, Cleardown: 30, PartnerBooking: "instant"}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.VenueHours(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Venue, weekdays) || !reflect.DeepEqual(got.Spaces[hall.ID], late) || len(got.Spaces) != 1 {
		t.Errorf("hours %+v", got)
	}
	if got.Rules[hall.ID] != (store.SpaceRules{Setup: 15, Cleardown: 30, PartnerBooking: "instant"}) ||
		got.Rules[office.ID] != (store.SpaceRules{PartnerBooking: "request"}) {
		t.Errorf("rules %+v", got.Rules)
	}
	if hours, _ := st.OpeningHours(ctx, hall); !reflect.DeepEqual(hours, late) {
		t.Errorf("the hall's hours are %+v, want its own", hours)
	}

	// Saved again with no hours: none are set, and the rules stay.
	if err := st.SetVenueHours(ctx, booker, v, store.VenueHours{}); err != nil {
		t.Fatal(err)
	}
	got, _ = st.VenueHours(ctx, v.ID)
	if len(got.Venue) != 0 || len(got.Spaces) != 0 || got.Rules[hall.ID].Setup != 15 {
		t.Errorf("after clearing: %+v", got)
	}
	var audits int
	if err := db.Get(&audits, `SELECT count(*) FROM audit_log WHERE action = 'venue.hours' AND entity_key = $1`, v.Slug); err != nil || audits != 2 {
		t.Errorf("%d audit entries, %v", audits, err)
	}
}

func TestSetVenueHours_ASpaceOfAnotherVenueIsNotFound(t *testing.T) {
	st, _ := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	elsewhere := testutil.CreateSpace(t, st, testutil.CreateVenue(t, st, model.Venue{}), model.Space{})
	err := st.SetVenueHours(context.Background(), booker, v, store.VenueHours{
		Rules: map[int64]store.SpaceRules{elsewhere.ID: {PartnerBooking: "staff"}}})
	if !errors.Is(err, model.ErrNotFound) {
		t.Errorf("got %v, want not found", err)
	}
}
