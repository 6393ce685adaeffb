package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// freeStarts returns, by space name, the free start times of the spaces
// that fit q, as clock times.
func freeStarts(t *testing.T, st *store.Store, q store.FreeSpaceQuery) map[string][]string {
	t.Helper()
	found, err := st.FreeSpaces(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, f := range found {
		for _, s := range f.Starts {
			out[f.Space.Name] = append(out[f.Space.Name], s.In(testutil.London(t)).Format("15:04"))
		}
	}
	return out
}

// afternoon asks for length between 13:00 and 17:00 on day's Tuesday.
func afternoon(t *testing.T, venue model.Venue, length time.Duration) store.FreeSpaceQuery {
	return store.FreeSpaceQuery{VenueID: venue.ID, Day: day(t, 0, 0), From: day(t, 13, 0), To: day(t, 17, 0), Length: length, People: 1}
}

func TestFreeSpaces_ABookedRoomIsFreeOnlyAroundItsBooking(t *testing.T) {
	st, _ := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	room := testutil.CreateSpace(t, st, v, model.Space{Name: "Room"})
	if _, err := bookSpace(st, room, day(t, 14, 0), day(t, 15, 0), "Meeting"); err != nil {
		t.Fatal(err)
	}
	got := freeStarts(t, st, afternoon(t, v, time.Hour))["Room"]
	want := []string{"13:00", "15:00", "15:15", "15:30", "15:45", "16:00"}
	if !slices.Equal(got, want) {
		t.Errorf("free starts %v, want %v", got, want)
	}
	found, _ := st.FreeSpaces(context.Background(), afternoon(t, v, time.Hour))
	if len(found) != 1 || len(found[0].Windows) != 2 || !found[0].Windows[1].To.Equal(day(t, 17, 0)) {
		t.Errorf("windows %+v", found)
	}
	q := afternoon(t, v, time.Hour)
	q.From, q.To = day(t, 14, 0), day(t, 15, 0)
	if got := freeStarts(t, st, q); len(got) != 0 {
		t.Errorf("listed for the booked hour: %v", got)
	}
}

func TestFreeSpaces_SetUpAndClearDownCount(t *testing.T) {
	st, db := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	room := testutil.CreateSpace(t, st, v, model.Space{Name: "Room"})
	db.MustExec(`UPDATE spaces SET setup_minutes = 30, cleardown_minutes = 15 WHERE id = $1`, room.ID)
	if _, err := bookSpace(st, room, day(t, 14, 0), day(t, 15, 0), "Meeting"); err != nil {
		t.Fatal(err)
	}
	// The booking holds 13:30 to 15:15; a new one needs 30 minutes before
	// and 15 after itself too.
	got := freeStarts(t, st, afternoon(t, v, time.Hour))["Room"]
	want := []string{"15:45", "16:00"}
	if !slices.Equal(got, want) {
		t.Errorf("free starts %v, want %v", got, want)
	}
}

func TestFreeSpaces_ARoomWithABookedZoneIsNotFreeButItsOtherZoneIs(t *testing.T) {
	st, _ := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Stage", Kind: model.SpaceZone, ParentID: &hall.ID})
	corner := testutil.CreateSpace(t, st, v, model.Space{Name: "Corner", Kind: model.SpaceZone, ParentID: &hall.ID})
	if _, err := bookSpace(st, corner, day(t, 13, 0), day(t, 17, 0), "Craft table"); err != nil {
		t.Fatal(err)
	}
	got := freeStarts(t, st, afternoon(t, v, 2*time.Hour))
	if _, ok := got["Hall"]; ok {
		t.Errorf("the hall is listed while its corner is booked: %v", got)
	}
	if _, ok := got["Corner"]; ok {
		t.Errorf("the booked corner is listed: %v", got)
	}
	if len(got["Stage"]) != 9 {
		t.Errorf("the stage's free starts %v, want 13:00 to 15:00", got["Stage"])
	}
}

func TestFreeSpaces_CapacityAndFeaturesFilter(t *testing.T) {
	st, _ := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Small", Capacity: 6, Features: []string{"step_free"}})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Stairs", Capacity: 30})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Big", Capacity: 30, Features: []string{"step_free", "hearing_loop"}})
	other := testutil.CreateVenue(t, st, model.Venue{})
	testutil.CreateSpace(t, st, other, model.Space{Name: "Elsewhere", Capacity: 30, Features: []string{"step_free"}})

	q := afternoon(t, v, time.Hour)
	q.People, q.Features = 12, []string{"step_free"}
	got := freeStarts(t, st, q)
	if len(got) != 1 || got["Big"] == nil {
		t.Errorf("spaces %v, want only Big", got)
	}
	q.VenueID = 0
	if got := freeStarts(t, st, q); len(got) != 2 || got["Elsewhere"] == nil {
		t.Errorf("in every venue: %v, want Big and Elsewhere", got)
	}
}

func TestFreeSpaces_OpeningHoursLimitTheSlots(t *testing.T) {
	st, db := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	room := testutil.CreateSpace(t, st, v, model.Space{Name: "Room"})
	own := testutil.CreateSpace(t, st, v, model.Space{Name: "Late room"})
	shut := testutil.CreateSpace(t, st, v, model.Space{Name: "Monday room"})
	// The venue is open until 15:00 on Tuesdays; one room keeps its own
	// later hours, another is open only on Mondays.
	db.MustExec(`INSERT INTO opening_hours (venue_id, space_id, weekday, opens, closes) VALUES
		($1, NULL, 2, '09:00', '15:00'), ($1, $2, 2, '14:00', '20:00'), ($1, $3, 1, '09:00', '17:00')`, v.ID, own.ID, shut.ID)
	_ = room
	got := freeStarts(t, st, afternoon(t, v, time.Hour))
	if want := []string{"13:00", "13:15", "13:30", "13:45", "14:00"}; !slices.Equal(got["Room"], want) {
		t.Errorf("the room's free starts %v, want %v", got["Room"], want)
	}
	if want := []string{"14:00", "14:15", "14:30", "14:45", "15:00", "15:15", "15:30", "15:45", "16:00"}; !slices.Equal(got["Late room"], want) {
		t.Errorf("the late room's free starts %v, want %v", got["Late room"], want)
	}
	if _, ok := got["Monday room"]; ok {
		t.Errorf("a room closed on Tuesdays is listed: %v", got["Monday room"])
	}
}

func TestFreeSpaces_LengthLongerThanTheTimeFindsNothing(t *testing.T) {
	st, _ := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	testutil.CreateSpace(t, st, v, model.Space{Name: "Room"})
	if got := freeStarts(t, st, afternoon(t, v, 5*time.Hour)); len(got) != 0 {
		t.Errorf("found %v", got)
	}
}
