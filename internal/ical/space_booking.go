package ical

import (
	"fmt"
	"net/url"
	"strings"

	"hubbook/internal/model"
)

// SpaceBookingUID is a space booking's UID: its public id, which never
// changes and says nothing about who booked.
func SpaceBookingUID(b model.SpaceBooking, base *url.URL) string {
	return "space-booking-" + b.PublicID + "@" + base.Host
}

// SpaceBooking is one space booking as an event: a closure says so, a
// booking says what for (or only "Booked", as a space's public feed shows
// it: the store has hidden the rest). Its time is the booking's own; the
// set-up and clear-down around it are in the description.
func SpaceBooking(b model.SpaceBooking, base *url.URL) Event {
	e := Event{
		UID:          SpaceBookingUID(b, base),
		Sequence:     b.Sequence,
		Stamp:        b.UpdatedAt,
		LastModified: b.UpdatedAt,
		Start:        b.StartsAt,
		End:          b.EndsAt,
		Summary:      b.Purpose,
		Location:     b.Space.Name + ", " + b.Venue.Name,
		Categories:   []string{"Space booking"},
	}
	var lines []string
	switch b.Status {
	case model.SpaceRequested:
		e.Status = Tentative
		lines = append(lines, "Waiting for staff to approve it.")
	case model.SpaceDeclined:
		e.Status = Cancelled
		lines = append(lines, "Declined: "+b.DeclineReason)
	case model.SpaceCancelled:
		e.Status = Cancelled
		lines = append(lines, "Cancelled.")
	}
	switch {
	case b.Kind == model.SpaceClosed:
		e.Summary = "Closed: " + b.Purpose
		e.Categories = []string{"Closure"}
	case b.Hidden:
		lines = append(lines, b.Space.Name+" is booked.")
	default:
		if b.Partner != nil {
			lines = append(lines, "For "+b.Partner.Name+".")
		}
		if b.Attendees != nil {
			lines = append(lines, fmt.Sprintf("%s expected.", people(*b.Attendees)))
		}
		e.URL = strings.TrimRight(base.String(), "/") + "/space-bookings/" + b.PublicID
	}
	if b.Before > 0 || b.After > 0 {
		lines = append(lines, fmt.Sprintf("The space is held from %s before to %s after, to set up and clear away.",
			minutesText(b.Before.Minutes()), minutesText(b.After.Minutes())))
	}
	e.Description = strings.Join(lines, "\n")
	return e
}

func minutesText(m float64) string {
	if m == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%.0f minutes", m)
}
