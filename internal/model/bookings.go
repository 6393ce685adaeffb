package model

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors of booking. Each is an answer a person gets, not a
// failure: the web layer turns them into a page that says what to do next.
var (
	// ErrAlreadyBooked means the same email address or phone number already
	// holds a live booking (confirmed or waitlisted) on the session.
	ErrAlreadyBooked = errors.New("already booked on this session")
	// ErrSessionCancelled means the session was called off.
	ErrSessionCancelled = errors.New("session is cancelled")
	// ErrDropIn means the session needs no booking.
	ErrDropIn = errors.New("drop-in session: no booking needed")
	// ErrBookingClosed means booking has closed: the session has started,
	// or the cut-off before it has passed.
	ErrBookingClosed = errors.New("booking has closed")
	// ErrNotToday means walk-ins can only be recorded on the session's day.
	ErrNotToday = errors.New("walk-ins are recorded on the day")
	// ErrBookingCancelled means the booking was already cancelled.
	ErrBookingCancelled = errors.New("booking is cancelled")
	// ErrFormUsed means a booking form already made a booking for someone
	// else (a page reused with the browser's Back button); it needs a
	// fresh form.
	ErrFormUsed = errors.New("booking form already used")
)

// NotEnoughPlacesError means a party does not fit in the places left (and
// the person did not ask to wait): Left is how many there are, so the page
// can offer them or the waitlist.
type NotEnoughPlacesError struct {
	Left int
}

func (e *NotEnoughPlacesError) Error() string {
	return fmt.Sprintf("only %d places left", e.Left)
}

// BookingStatus is where a booking stands.
type BookingStatus string

// The statuses of a booking. Cancelled bookings are kept, for the figures
// and so the person's manage link still says what happened.
const (
	BookingConfirmed  BookingStatus = "confirmed"
	BookingWaitlisted BookingStatus = "waitlisted"
	BookingCancelled  BookingStatus = "cancelled"
)

// BookingSource is how a booking was made.
type BookingSource string

// The sources of a booking.
const (
	// SourceOnline is a citizen booking on the website, with no account.
	SourceOnline BookingSource = "online"
	// SourceNavigator is a navigator or staff member booking on someone's
	// behalf, at the desk or on the phone. It may use places held back for
	// walk-ins.
	SourceNavigator BookingSource = "navigator"
	// SourceWalkIn is people who turned up on the day, recorded as a count.
	SourceWalkIn BookingSource = "walk_in"
)

// UsesReserve reports whether bookings from this source may take the places
// a session holds back for walk-ins before they open to everyone.
func (s BookingSource) UsesReserve() bool { return s != SourceOnline }

// Label is the source as staff read it.
func (s BookingSource) Label() string {
	switch s {
	case SourceOnline:
		return "Online"
	case SourceNavigator:
		return "At the desk or by phone"
	case SourceWalkIn:
		return "Walk-in"
	}
	return string(s)
}

// MaxParty is the most people one booking (or one record of walk-ins) may
// hold; a larger group is arranged with staff.
const MaxParty = 20

// Booking is places held for a party on a session, or a party waiting for
// them.
type Booking struct {
	ID        int64
	Reference string
	SessionID int64
	Status    BookingStatus
	Source    BookingSource
	Name      string
	// Email is lower-cased; Phone is in E.164 (+447700900123). Either may
	// be empty.
	Email string
	Phone string
	// PartySize counts everyone, children included. Children is nil when
	// it was not asked (walk-ins).
	PartySize   int
	Children    *int
	AccessNeeds string
	// Reminders is the person's consent to reminder emails.
	Reminders bool
	// Postcode is optional; it tells the service whom it reaches.
	Postcode    string
	PromotedAt  *time.Time
	CancelledAt *time.Time
	// EmailFailedAt is when the mail server refused Email for good: staff
	// and navigators see that the person is not getting emails.
	EmailFailedAt *time.Time
	// TokenSealed is the manage link's token, sealed with the service's
	// secret, for the emails that carry the link (nil for walk-ins and
	// bookings made before email).
	TokenSealed []byte
	// Attended is what the register says: nil while unmarked, 0 for a
	// no-show, else how many of the party came. Walk-ins attended in full.
	Attended *int
	MarkedAt *time.Time
	// DataZone and SIMDDecile are where Postcode was in the SIMD lookup
	// when the booking was made (empty and 0 when unknown); they outlive
	// the postcode, which retention removes.
	DataZone   string
	SIMDDecile int
	// AnonymisedAt is when the name, contacts and postcode were removed
	// (by retention or on the person's request).
	AnonymisedAt *time.Time
	// CreatedByName is the navigator or staff member who made it, if any.
	CreatedByName string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Session is the session booked, filled in by the lookups that show a
	// booking to a person.
	Session Session
}

// Adults is the party size less the children, when children were asked.
func (b Booking) Adults() int {
	if b.Children == nil {
		return b.PartySize
	}
	return b.PartySize - *b.Children
}

// ChildCount is the number of children in the party; zero when it was not
// asked.
func (b Booking) ChildCount() int {
	if b.Children == nil {
		return 0
	}
	return *b.Children
}

// NoShow reports whether the register marked the booking a no-show.
func (b Booking) NoShow() bool { return b.Attended != nil && *b.Attended == 0 }

// Live reports whether the booking holds or waits for places.
func (b Booking) Live() bool { return b.Status != BookingCancelled }

// BookingEvent is one step in a booking's history: made, waitlisted,
// promoted from the waitlist, changed or cancelled. Promotions are recorded
// here in the transaction that frees the places, so that the person can be
// told.
type BookingEvent struct {
	Kind      string
	PartySize int
	ActorName string
	At        time.Time
}

// BookingRules are the service's booking settings, the same for every
// session.
type BookingRules struct {
	// Cutoff closes online booking this long before a session starts
	// (zero: at the start). Navigators can book until the start.
	Cutoff time.Duration
	// ReserveOpens is how long before the start a session's walk-in reserve
	// opens to online booking.
	ReserveOpens time.Duration
	// Reminders are how long before the start each reminder email goes,
	// to confirmed bookings that asked for them.
	Reminders []time.Duration
	// FeedbackAfter is how long after the end the feedback request goes;
	// zero sends none.
	FeedbackAfter time.Duration
	// SpaceMaxLength is the longest a space booking may be; zero: 24 hours.
	SpaceMaxLength time.Duration
	// Location is the time zone of opening hours and of a space booking's
	// messages; nil: UTC.
	Location *time.Location
}

// Closes is when booking from source closes for s.
func (r BookingRules) Closes(s Session, source BookingSource) time.Time {
	if source == SourceOnline {
		return s.StartsAt.Add(-r.Cutoff)
	}
	return s.StartsAt
}

// Held is how many of s's free places online booking cannot take at now:
// the walk-in reserve, until it opens, and never more than are free.
func (r BookingRules) Held(s Session, now time.Time) int {
	if s.WalkInReserve == 0 || !now.Before(s.StartsAt.Add(-r.ReserveOpens)) {
		return 0
	}
	return min(s.WalkInReserve, s.PlacesLeft())
}

// PlacesLeft is how many places source may book on s at now.
func (r BookingRules) PlacesLeft(s Session, source BookingSource, now time.Time) int {
	if source.UsesReserve() {
		return s.PlacesLeft()
	}
	return s.PlacesLeft() - r.Held(s, now)
}
