package web

import (
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// mailPageCases are the render cases of the pages email brought: the
// outgoing mail log, asking for a password link, stopping reminders, and
// the warning on a booking whose address refused mail, for
// TestTemplates_EveryPageRendersEmptyAndFull.
func mailPageCases(layout, signedIn Layout) map[string][]any {
	full := fullSession()
	at := time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC)
	ref := "HB-7K3Q"
	b := model.Booking{Reference: ref, Status: model.BookingConfirmed, Source: model.SourceOnline, Name: "Morag",
		Email: "m@example.org", PartySize: 1, Reminders: true, CreatedAt: at, EmailFailedAt: &at, Session: full}
	off := b
	off.Reminders = false
	waiting := b
	waiting.Status = model.BookingWaitlisted
	entries := []mailRow{
		{MailLogEntry: model.MailLogEntry{Kind: model.MailReminder, Reference: &ref, Recipient: "m@example.org", Subject: "Tomorrow",
			Status: model.MailFailed, Attempts: 12, LastError: "550 no such user", Note: "An earlier attempt stopped.", UpdatedAt: at},
			At: at, When: "Saturday 20 March 2027, 10:00", StatusText: "Failed"},
		{MailLogEntry: model.MailLogEntry{Kind: model.MailPasswordReset, Status: model.MailDropped, Note: "The account is disabled"},
			At: at, When: "Saturday 20 March 2027, 10:00", StatusText: "Not sent: no longer needed"},
	}
	return map[string][]any{
		"staff-mail": {mailPage{}, mailPage{Layout: signedIn, Queue: store.MailQueue{Due: 1, Scheduled: 30}, Entries: entries},
			mailPage{Layout: signedIn, Status: "failed", Reference: "7k3q", Entries: entries, Full: true},
			mailPage{Layout: signedIn, Status: "lost", Errors: fieldErrors{{"status", "Choose a status from the list"}}},
			mailPage{Layout: signedIn, Reference: "HB-NONE"}},
		"reset-request": {emailFormPage{}, emailFormPage{Layout: layout, Email: "not an address",
			Errors: fieldErrors{{"email", "Enter an email address like name@example.com"}}},
			emailFormPage{Layout: layout, Email: "a@example.org", Sent: true}},
		"booking-reminders": {bookingPage{}, bookingPage{Layout: layout, Booking: b, Token: "t"},
			bookingPage{Layout: layout, Booking: off, Token: "t"}, bookingPage{Layout: layout, Booking: off, Token: "t", Done: "reminders-off"}},
		"booking": {bookingPage{Layout: layout, Booking: b, Token: "t", CanChange: true},
			bookingPage{Layout: layout, Booking: off, Token: "t", CanChange: true},
			bookingPage{Layout: layout, Booking: waiting, Token: "t", CanChange: true}},
		"too-many":         {tooManyPage{Layout: layout, Wait: "2 minutes", Form: "reset"}, tooManyPage{Layout: layout, Wait: "2 minutes", Form: "link"}},
		"desk-booking":     {deskBookingPage{Layout: signedIn, Booking: b, Party: "1 person"}},
		"session-bookings": {sessionBookingsPage{Layout: signedIn, Session: full, Booked: []listedBooking{{Booking: b}}}},
	}
}
