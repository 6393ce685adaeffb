package web

import "hubbook/internal/model"

// bookingPageCases are the booking pages' render cases: empty and full,
// for TestTemplates_EveryPageRendersEmptyAndFull.
func bookingPageCases(layout, signedIn Layout) map[string][]any {
	full := fullSession()
	cancelled := full
	cancelled.Status, cancelled.CancelReason = model.StatusCancelled, "Unwell."
	children := 1
	b := model.Booking{Reference: "HB-7K3Q", Status: model.BookingConfirmed, Source: model.SourceOnline, Name: "Morag",
		Email: "m@example.org", Phone: "+447911123456", PartySize: 3, Children: &children, AccessNeeds: "Wheelchair\nspace",
		Reminders: true, Postcode: "EH11 1AA", CreatedByName: "Nav", CreatedAt: full.StartsAt, Session: full}
	waiting := b
	waiting.Status = model.BookingWaitlisted
	gone := b
	gone.Status, gone.Session = model.BookingCancelled, cancelled
	walkIn := model.Booking{Reference: "HB-2222", Status: model.BookingConfirmed, Source: model.SourceWalkIn, PartySize: 4, CreatedAt: full.StartsAt}
	errs := fieldErrors{{"adults", "x"}, {"children", "y"}}
	panel := bookingPanel{Open: true, Left: 2, Held: 1, Form: bookingForm{Token: "t", Name: "n", Reminders: true},
		Errors: fieldErrors{{"name", "a"}, {"email", "b"}, {"phone", "c"}, {"adults", "d"}, {"children", "e"},
			{"access_needs", "f"}, {"postcode", "g"}, {"reminders", "h"}, {"website", "i"}},
		AlreadyBooked: true, NotEnough: &model.NotEnoughPlacesError{Left: 2}, RetryAfter: "5 seconds", Changed: "Changed.", Assisted: true}
	fullPanel := panel
	fullPanel.Left, fullPanel.NotEnough = 0, &model.NotEnoughPlacesError{}
	listed := []listedBooking{{Booking: b, Position: 1, At: "09:30"}}
	return map[string][]any{
		"session": {sessionPage{Layout: layout, Session: full, Booking: panel}, sessionPage{Layout: layout, Session: full, Booking: fullPanel},
			sessionPage{Layout: layout, Session: full, Booking: bookingPanel{Closed: true}}},
		"booking": {bookingPage{}, bookingPage{Layout: layout, Booking: b, Token: "t", New: true, CanChange: true, Adults: "2", Children: "1", Errors: errs},
			bookingPage{Layout: layout, Booking: waiting, Token: "t", New: true, Done: "changed-3", CanChange: true},
			bookingPage{Layout: layout, Booking: gone, Token: "t", Done: "cancelled"}},
		"booking-cancel": {bookingPage{}, bookingPage{Layout: layout, Booking: b, Token: "t"}, bookingPage{Layout: layout, Booking: waiting, Token: "t"}},
		"booking-lost":   {emailFormPage{}, emailFormPage{Layout: layout}, emailFormPage{Layout: layout, Email: "x", Errors: fieldErrors{{"email", "Enter an email address like name@example.com"}}}, emailFormPage{Layout: layout, Sent: true}},
		"session-bookings": {sessionBookingsPage{}, sessionBookingsPage{Layout: signedIn, Session: full, Booked: listed, Waitlist: listed,
			WalkIns: []listedBooking{{Booking: walkIn, At: "10:00"}}, Cancelled: []listedBooking{{Booking: gone}}, WalkedIn: 4, Held: 2,
			ReserveNote: "x", ReserveHint: "y", Form: capacityForm{Capacity: "x", Reserve: "y"},
			Errors: fieldErrors{{"capacity", "x"}, {"reserve", "y"}}, Conflict: true},
			sessionBookingsPage{Layout: signedIn, Session: cancelled}},
	}
}
