package model

import (
	"reflect"
	"testing"
	"time"
)

func TestSession_PlacesLeft(t *testing.T) {
	ten := 10
	cases := []struct {
		name     string
		s        Session
		left     int
		full     bool
		dropIn   bool
		canceled bool
	}{
		{"bookable with room", Session{BookingRequired: true, Capacity: &ten, PlacesBooked: 3}, 7, false, false, false},
		{"exactly full", Session{BookingRequired: true, Capacity: &ten, PlacesBooked: 10}, 0, true, false, false},
		{"over-full never negative", Session{BookingRequired: true, Capacity: &ten, PlacesBooked: 12}, 0, true, false, false},
		{"drop-in has no places", Session{BookingRequired: false, Capacity: &ten}, 0, false, true, false},
		{"cancelled has none and is not 'full'", Session{BookingRequired: true, Capacity: &ten, Status: StatusCancelled}, 0, false, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.PlacesLeft(); got != tc.left {
				t.Errorf("PlacesLeft = %d, want %d", got, tc.left)
			}
			if tc.s.Full() != tc.full || tc.s.DropIn() != tc.dropIn || tc.s.Cancelled() != tc.canceled {
				t.Errorf("Full %v DropIn %v Cancelled %v", tc.s.Full(), tc.s.DropIn(), tc.s.Cancelled())
			}
		})
	}
}

func TestSession_Accessibility(t *testing.T) {
	venue := Venue{Features: []string{"step_free_entrance", "quiet_space"}}
	noSpace := Session{Venue: venue}
	if !noSpace.StepFree() || noSpace.HearingLoop() || !noSpace.QuietSpace() {
		t.Error("with no space named, the venue's entrance and quiet space count")
	}
	upstairs := Session{Venue: venue, Space: &Space{Features: []string{"hearing_loop"}}}
	if upstairs.StepFree() || !upstairs.HearingLoop() {
		t.Error("a named space without step-free access is not step-free, whatever the entrance")
	}
	steppedEntrance := Session{Venue: Venue{}, Space: &Space{Features: []string{"step_free"}}}
	if steppedEntrance.StepFree() {
		t.Error("a step-free room behind a stepped entrance is not step-free")
	}
}

func TestFeatureLabels_InListOrderSkippingUnknown(t *testing.T) {
	got := FeatureLabels(SpaceFeatures, []string{"screen", "moat", "step_free"})
	if want := []string{"Step-free access", "Screen"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSession_Ended(t *testing.T) {
	start := time.Date(2027, 1, 1, 10, 0, 0, 0, time.UTC)
	s := Session{StartsAt: start, EndsAt: start.Add(time.Hour)}
	if s.Ended(start.Add(59*time.Minute)) || !s.Ended(start.Add(time.Hour)) {
		t.Error("a session ends at its end time, not before")
	}
}
