package model

import (
	"errors"
	"time"
)

// Sentinel errors of registers. Each is an answer a person at the door
// gets, with nothing changed.
var (
	// ErrRegisterClosed means the register was closed: its marks are final
	// until staff reopen it.
	ErrRegisterClosed = errors.New("register is closed")
	// ErrRegisterNotYet means the register opens on the session's day:
	// nobody can have come yet.
	ErrRegisterNotYet = errors.New("register opens on the session's day")
	// ErrNotStarted means the session has not started, so its register
	// cannot be closed.
	ErrNotStarted = errors.New("session has not started")
	// ErrOtherSession means a reference names a booking of another session.
	ErrOtherSession = errors.New("booking is for another session")
	// ErrNotConfirmed means the booking is on the waiting list: it has no
	// place to come to.
	ErrNotConfirmed = errors.New("booking is not confirmed")
)

// Register is who came to a session: its confirmed bookings, each marked
// or not, and its walk-ins.
type Register struct {
	Session Session
	// ClosedAt is when the register was closed, by ClosedByName; nil while
	// it is open. Once closed, unmarked bookings count as no-shows.
	ClosedAt     *time.Time
	ClosedByName string
	// Bookings are the confirmed bookings, walk-ins aside, by name.
	Bookings []Booking
	// WalkIns are the records of people who walked in, in the order made.
	WalkIns []Booking
}

// Closed reports whether the register is closed.
func (r Register) Closed() bool { return r.ClosedAt != nil }

// RegisterTotals are a register's figures, as the page at the door shows
// them.
type RegisterTotals struct {
	// Booked is the places the bookings hold; Came how many of those
	// people came.
	Booked, Came int
	// NoShows and Unmarked count bookings.
	NoShows, Unmarked int
	// WalkIns counts people.
	WalkIns int
}

// Totals adds up r.
func (r Register) Totals() RegisterTotals {
	var t RegisterTotals
	for _, b := range r.Bookings {
		t.Booked += b.PartySize
		switch {
		case b.Attended == nil:
			t.Unmarked++
		case *b.Attended == 0:
			t.NoShows++
		default:
			t.Came += *b.Attended
		}
	}
	for _, w := range r.WalkIns {
		t.WalkIns += w.PartySize
	}
	return t
}
