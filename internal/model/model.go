// Package model holds hubbook's domain types, their vocabularies and the
// sentinel errors that the store returns and the web layer maps to pages.
// It imports nothing of ours, so every other package can depend on it.
package model

import (
	"errors"
	"slices"
	"time"
)

// Sentinel errors for expected outcomes. Handlers map them to pages and
// status codes; anything else is an unexpected failure.
var (
	// ErrNotFound means the thing asked for does not exist (or is not public).
	ErrNotFound = errors.New("not found")
	// ErrUnavailable means the database cannot be reached right now.
	ErrUnavailable = errors.New("database unavailable")
)

// SessionStatus is where a session stands in the programme.
type SessionStatus string

// The statuses a session can have. A cancelled session is kept, never
// deleted, so people who saw it listed learn that it is off.
const (
	// StatusProposed is a partner's proposal waiting for staff; not public.
	StatusProposed  SessionStatus = "proposed"
	StatusScheduled SessionStatus = "scheduled"
	StatusCancelled SessionStatus = "cancelled"
	// StatusDeclined is a proposal staff turned down; not public.
	StatusDeclined SessionStatus = "declined"
)

// Public reports whether sessions with this status appear in the programme.
func (s SessionStatus) Public() bool { return s == StatusScheduled || s == StatusCancelled }

// SpaceKind tells an enclosed room from an open zone.
type SpaceKind string

// The kinds of space.
const (
	SpaceRoom SpaceKind = "room"
	SpaceZone SpaceKind = "zone"
)

// Feature is an accessibility or facility feature of a venue or space.
type Feature struct {
	Key   string
	Label string
}

// VenueFeatures lists, in display order, the building-wide features a venue
// can have; the migration's CHECK allows exactly these keys.
var VenueFeatures = []Feature{
	{"step_free_entrance", "Step-free entrance"},
	{"lift", "Lift to all floors"},
	{"accessible_toilet", "Accessible toilet"},
	{"changing_places", "Changing Places toilet"},
	{"quiet_space", "Quiet space"},
	{"baby_change", "Baby changing"},
	{"parking", "Parking"},
}

// SpaceFeatures lists, in display order, the features a space can have; the
// migration's CHECK allows exactly these keys.
var SpaceFeatures = []Feature{
	{"step_free", "Step-free access"},
	{"hearing_loop", "Hearing loop"},
	{"quiet", "Quiet room"},
	{"child_safe", "Child-safe"},
	{"kitchen", "Kitchen"},
	{"sink", "Sink"},
	{"screen", "Screen"},
}

// FeatureLabels returns the labels of keys that appear in list, in list's
// order; unknown keys are left out.
func FeatureLabels(list []Feature, keys []string) []string {
	var labels []string
	for _, f := range list {
		if slices.Contains(keys, f.Key) {
			labels = append(labels, f.Label)
		}
	}
	return labels
}

// Venue is a building: the Central Library, a Community Hub.
type Venue struct {
	ID           int64    `db:"id"`
	Slug         string   `db:"slug"`
	Name         string   `db:"name"`
	Summary      string   `db:"summary"`
	Address      string   `db:"address"`
	Postcode     string   `db:"postcode"`
	Directions   string   `db:"directions"`
	Phone        string   `db:"phone"`
	OpeningHours string   `db:"opening_hours"`
	AccessNotes  string   `db:"access_notes"`
	Features     []string `db:"-"`
}

// Has reports whether the venue has the feature key.
func (v Venue) Has(key string) bool { return slices.Contains(v.Features, key) }

// Space is a bookable room or zone in a venue.
type Space struct {
	ID          int64     `db:"id"`
	VenueID     int64     `db:"venue_id"`
	ParentID    *int64    `db:"parent_id"`
	Slug        string    `db:"slug"`
	Name        string    `db:"name"`
	Kind        SpaceKind `db:"kind"`
	Description string    `db:"description"`
	Capacity    int       `db:"capacity"`
	Features    []string  `db:"-"`
	// ParentName is the name of the parent space, if any.
	ParentName string `db:"-"`
}

// Has reports whether the space has the feature key.
func (s Space) Has(key string) bool { return slices.Contains(s.Features, key) }

// Partner is an agency that delivers sessions.
type Partner struct {
	ID          int64  `db:"id"`
	Slug        string `db:"slug"`
	Name        string `db:"name"`
	Description string `db:"description"`
	Website     string `db:"website"`
	Phone       string `db:"phone"`
}

// Theme is what a session is about.
type Theme struct {
	ID          int64  `db:"id"`
	Slug        string `db:"slug"`
	Name        string `db:"name"`
	Description string `db:"description"`
}

// Audience is who a session is for.
type Audience struct {
	ID   int64  `db:"id"`
	Slug string `db:"slug"`
	Name string `db:"name"`
}

// Session is one dated occurrence in the programme, with the names of what it
// refers to, ready to show.
type Session struct {
	ID              int64
	PublicID        string
	Title           string
	Summary         string
	Description     string
	Theme           Theme
	Audience        Audience
	Venue           Venue
	Space           *Space
	Partner         *Partner
	SeriesID        *int64
	StartsAt        time.Time
	EndsAt          time.Time
	BookingRequired bool
	Capacity        *int
	PlacesBooked    int
	// WaitlistLength is how many people wait: the waitlisted parties' sizes.
	WaitlistLength int
	// WalkInReserve is how many places online booking leaves for walk-ins
	// and navigators until BookingRules.ReserveOpens before the start.
	WalkInReserve   int
	ChildrenWelcome bool
	AccessNotes     string
	Status          SessionStatus
	CancelReason    string
	// ReviewNote is what staff told the partner about a proposal.
	ReviewNote string
	// ProposedBy is the partner account that proposed the session, if any.
	ProposedBy *int64
	Sequence   int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// DropIn reports whether people just turn up, with no booking.
func (s Session) DropIn() bool { return !s.BookingRequired }

// Cancelled reports whether the session has been called off.
func (s Session) Cancelled() bool { return s.Status == StatusCancelled }

// PlacesLeft is the number of places that can still be booked; zero for a
// drop-in session, which has no places to book, and for a cancelled one.
func (s Session) PlacesLeft() int {
	if !s.BookingRequired || s.Capacity == nil || s.Cancelled() {
		return 0
	}
	return max(*s.Capacity-s.PlacesBooked, 0)
}

// Full reports whether a bookable, scheduled session has no places left.
func (s Session) Full() bool { return s.BookingRequired && !s.Cancelled() && s.PlacesLeft() == 0 }

// Ended reports whether the session is over at now.
func (s Session) Ended(now time.Time) bool { return !now.Before(s.EndsAt) }

// SessionFilter narrows the programme. Zero values mean "any".
type SessionFilter struct {
	VenueSlug    string
	ThemeSlug    string
	AudienceSlug string
	// From and To bound the start time: From inclusive, To exclusive.
	From time.Time
	To   time.Time
	// Limit and Offset page through the results; Limit 0 means no limit.
	Limit  int
	Offset int
}

// StepFree reports whether a person can reach the session without steps:
// through a step-free entrance and, when a space is named, into a step-free
// space.
func (s Session) StepFree() bool {
	return s.Venue.Has("step_free_entrance") && (s.Space == nil || s.Space.Has("step_free"))
}

// HearingLoop reports whether the session's space has a hearing loop.
func (s Session) HearingLoop() bool { return s.Space != nil && s.Space.Has("hearing_loop") }

// QuietSpace reports whether there is a quiet place to take a break: a
// quiet room, or a quiet space in the venue.
func (s Session) QuietSpace() bool {
	return s.Venue.Has("quiet_space") || (s.Space != nil && s.Space.Has("quiet"))
}

// Where is the session's space and venue as one line: "Room 2, Central
// Library" (the venue alone when no space is set).
func (s Session) Where() string {
	if s.Space == nil {
		return s.Venue.Name
	}
	return s.Space.Name + ", " + s.Venue.Name
}
