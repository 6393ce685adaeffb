package ical

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"hubbook/internal/model"
)

// Booking is one booking as a calendar file: the download on the
// booking's pages and the attachment of its confirmation email. Its UID is
// the booking's reference, which never changes and says nothing about the
// person. Calendars are often shared, so it leaves out the manage link and
// points to the phone line instead. Like a feed's events, its DTSTAMP is
// its last change, so the same booking always gives the same bytes.
func Booking(b model.Booking, base *url.URL, phone string) ([]byte, error) {
	m := b.Session
	places := "1 place"
	if b.PartySize != 1 {
		places = fmt.Sprintf("%d places", b.PartySize)
	}
	desc := fmt.Sprintf("Your booking %s: %s.\nTo change or cancel it, use the link from your booking, or call %s with your reference.",
		b.Reference, places, phone)
	if m.Summary != "" {
		desc = m.Summary + "\n\n" + desc
	}
	return Encode(Calendar{Name: m.Title, Events: []Event{{
		UID:          strings.ToLower(b.Reference) + "@" + base.Host,
		Sequence:     m.Sequence,
		Stamp:        BookingModified(b),
		LastModified: BookingModified(b),
		Start:        m.StartsAt,
		End:          m.EndsAt,
		Summary:      m.Title,
		Description:  desc,
		Location:     location(m),
		URL:          sessionURL(m, base),
		Categories:   []string{m.Theme.Name},
		Status:       bookingStatus(b),
	}}})
}

// BookingModified is when the booking or its session last changed.
func BookingModified(b model.Booking) time.Time {
	if b.Session.UpdatedAt.After(b.UpdatedAt) {
		return b.Session.UpdatedAt
	}
	return b.UpdatedAt
}

func bookingStatus(b model.Booking) Status {
	if !b.Live() || b.Session.Status == model.StatusCancelled {
		return Cancelled
	}
	return Confirmed
}
