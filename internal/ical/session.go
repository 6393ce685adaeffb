package ical

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"hubbook/internal/model"
)

// Detail is how much a session's event tells: what anyone may read, or
// also what a partner or staff member plans with.
type Detail int

const (
	// Public is what the programme shows anyone: no booking figures, which
	// would be out of date between a client's refreshes anyway.
	Public Detail = iota
	// Private adds the places booked, the waiting list, and whether a
	// proposal is waiting or was declined.
	Private
)

// refreshEvery is how often subscribed clients are asked to fetch a feed
// again: often enough that a cancellation reaches a partner's calendar the
// same morning, rarely enough for thousands of subscribers.
const refreshEvery = time.Hour

// SessionUID is a session's UID: its public id, which never changes and is
// already in the session page's URL, so it reveals nothing more. Every feed
// uses it, so a client that holds a session from two feeds sees one event.
func SessionUID(m model.Session, base *url.URL) string {
	return "session-" + m.PublicID + "@" + base.Host
}

// Session is one programme session as an event. Its DTSTAMP is the
// session's last change, not the moment of encoding, so that the same data
// always gives the same bytes (and a feed's ETag can be read from the data).
func Session(m model.Session, base *url.URL, d Detail) Event {
	return Event{
		UID:          SessionUID(m, base),
		Sequence:     m.Sequence,
		Stamp:        m.UpdatedAt,
		LastModified: m.UpdatedAt,
		Start:        m.StartsAt,
		End:          m.EndsAt,
		Summary:      m.Title,
		Description:  sessionDescription(m, base, d),
		Location:     location(m),
		URL:          sessionURL(m, base),
		Categories:   []string{m.Theme.Name},
		Status:       sessionStatus(m, d),
	}
}

// Feed encodes sessions and space bookings as one calendar called name,
// for subscribing: clients are asked to fetch it again every hour. Events
// are in start order. Each session's DTSTAMP and LAST-MODIFIED are when
// anything it says last changed.
func Feed(name string, sessions []model.FeedSession, bookings []model.SpaceBooking, base *url.URL, d Detail) ([]byte, error) {
	c := Calendar{Name: name, Refresh: refreshEvery, Events: make([]Event, 0, len(sessions)+len(bookings))}
	for _, m := range sessions {
		e := Session(m.Session, base, d)
		if m.Changed.After(e.LastModified) {
			e.Stamp, e.LastModified = m.Changed, m.Changed
		}
		c.Events = append(c.Events, e)
	}
	for _, b := range bookings {
		c.Events = append(c.Events, SpaceBooking(b, base))
	}
	if len(bookings) > 0 {
		slices.SortStableFunc(c.Events, func(a, b Event) int { return a.Start.Compare(b.Start) })
	}
	return Encode(c)
}

func sessionStatus(m model.Session, d Detail) Status {
	switch m.Status {
	case model.StatusCancelled, model.StatusDeclined:
		return Cancelled
	case model.StatusProposed:
		if d == Private {
			return Tentative
		}
		return Cancelled // never public; said for safety
	}
	return Confirmed
}

// location is the space, the venue and its address: enough for a phone's
// map to find it.
func location(m model.Session) string {
	where := []string{}
	if m.Space != nil {
		where = append(where, m.Space.Name)
	}
	return strings.Join(append(where, m.Venue.Name, m.Venue.Address, m.Venue.Postcode), ", ")
}

func sessionURL(m model.Session, base *url.URL) string {
	return strings.TrimRight(base.String(), "/") + "/sessions/" + m.PublicID
}

// sessionDescription is the event's plain-text body: what is wrong first
// (cancelled, waiting for approval), then what the session is, who it is
// for, how to come, and for Private the booking figures.
func sessionDescription(m model.Session, base *url.URL, d Detail) string {
	var paras []string
	switch m.Status {
	case model.StatusCancelled:
		line := "Cancelled."
		if m.CancelReason != "" {
			line = "Cancelled: " + m.CancelReason
		}
		paras = append(paras, line)
	case model.StatusDeclined:
		paras = append(paras, "This proposal was declined.")
	case model.StatusProposed:
		paras = append(paras, "Proposed: waiting for staff to approve it.")
	}
	for _, p := range []string{m.Summary, m.Description} {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}

	facts := []string{"For: " + m.Audience.Name + "."}
	if m.Partner != nil {
		facts = append(facts, "Run by "+m.Partner.Name+".")
	}
	if m.DropIn() {
		facts = append(facts, "Drop in: no need to book.")
	} else if m.Status == model.StatusScheduled {
		facts = append(facts, "Booking needed: "+sessionURL(m, base))
	}
	if m.AccessNotes != "" {
		facts = append(facts, "Access: "+m.AccessNotes)
	}
	paras = append(paras, strings.Join(facts, "\n"))

	if d == Private && m.BookingRequired && m.Capacity != nil {
		paras = append(paras, fmt.Sprintf("Booked: %d of %d places. Waiting list: %s.",
			m.PlacesBooked, *m.Capacity, people(m.WaitlistLength)))
	}
	return strings.Join(paras, "\n\n")
}

func people(n int) string {
	switch n {
	case 0:
		return "nobody"
	case 1:
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}
