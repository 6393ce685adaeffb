package model

import (
	"errors"
	"fmt"
	"time"
)

// ErrClash is what a space booking that would overlap another live one
// wraps (see Clash).
var ErrClash = errors.New("the space is booked at that time")

// SpaceBookingStatus is where a space booking stands. Requested and
// confirmed bookings are live: they hold their slot.
type SpaceBookingStatus string

// The statuses of a space booking.
const (
	SpaceRequested SpaceBookingStatus = "requested"
	SpaceConfirmed SpaceBookingStatus = "confirmed"
	SpaceDeclined  SpaceBookingStatus = "declined"
	SpaceCancelled SpaceBookingStatus = "cancelled"
)

// Live reports whether a booking with status s holds its slot.
func (s SpaceBookingStatus) Live() bool { return s == SpaceRequested || s == SpaceConfirmed }

// SpaceBookingKind says what holds a space: a booking made for it, a
// programme session, or a closure.
type SpaceBookingKind string

// The kinds of space booking.
const (
	SpaceForBooking SpaceBookingKind = "booking"
	SpaceForSession SpaceBookingKind = "session"
	SpaceClosed     SpaceBookingKind = "closure"
)

// SpaceBooking is a time range on a space.
type SpaceBooking struct {
	ID       int64
	PublicID string
	Space    Space
	Venue    Venue
	Kind     SpaceBookingKind
	Status   SpaceBookingStatus
	// SessionPublicID is the session holding the space (Kind session).
	SessionPublicID string
	Partner         *Partner
	// Purpose is what it is for. For a viewer who may not see it (another
	// partner's booking) the store gives "Booked" and Hidden is set.
	Purpose   string
	Hidden    bool
	Attendees *int
	// StartsAt and EndsAt are the booking; Before and After the space's
	// set-up and clear-down around it, which it holds too.
	StartsAt, EndsAt time.Time
	Before, After    time.Duration
	Series           string
	BookedBy         string
	BookedByID       *int64
	DeclineReason    string
	// Sequence is its calendar SEQUENCE, raised when its time, space or
	// status changes.
	Sequence  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SeenBy is b as a partner (by id; 0 for anyone outside the staff) may see
// it: another partner's booking, or staff's, shows only that the space is
// "Booked", with nothing of what for, how many or who; so does the hold of
// a session that is still only another partner's proposal, which is not
// public. Closures and programme sessions are public.
func (b SpaceBooking) SeenBy(partnerID int64) SpaceBooking {
	mine := b.Partner != nil && b.Partner.ID == partnerID
	proposal := b.Kind == SpaceForSession && b.Status == SpaceRequested
	if mine || b.Kind == SpaceClosed || (b.Kind == SpaceForSession && !proposal) {
		return b
	}
	if proposal {
		b.SessionPublicID, b.Partner = "", nil
	}
	b.Purpose, b.Hidden, b.Attendees, b.BookedBy, b.BookedByID, b.DeclineReason = "Booked", true, nil, "", nil, ""
	return b
}

// Clash is the live booking in the way of another, wrapping ErrClash: what
// it is, whose, and when, in words a person can act on.
type Clash struct {
	With SpaceBooking
	// Loc is the time zone to say the times in.
	Loc *time.Location
}

func (c *Clash) Error() string {
	b := c.With
	what := b.Purpose
	switch {
	case b.Kind == SpaceClosed:
		what = "closed: " + b.Purpose
	case b.Kind == SpaceForSession:
		what = "the session " + b.Purpose
	case b.Hidden:
		what = "booked"
	case b.Partner != nil:
		what += " (" + b.Partner.Name + ")"
	}
	loc := c.Loc
	if loc == nil {
		loc = time.UTC
	}
	start, end := b.StartsAt.In(loc), b.EndsAt.In(loc)
	when := fmt.Sprintf("%s, %s to %s", start.Format("Monday 2 January"), start.Format("15:04"), end.Format("15:04"))
	if b.Before > 0 || b.After > 0 {
		when += fmt.Sprintf(" (with %s set-up and %s clear-down)", minutes(b.Before), minutes(b.After))
	}
	status := ""
	if b.Status == SpaceRequested {
		status = ", waiting for approval"
	}
	return fmt.Sprintf("%s is already booked at that time: %s, %s%s", b.Space.Name, what, when, status)
}

func (c *Clash) Unwrap() error { return ErrClash }

func minutes(d time.Duration) string {
	if d == 0 {
		return "no"
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes()))
}

// OpeningPeriod is one span a venue or space is open on an ISO weekday (1
// is Monday), in the service's time zone, as minutes from midnight.
type OpeningPeriod struct {
	Weekday       int
	Opens, Closes int
}
