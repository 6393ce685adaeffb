package web

import (
	"time"

	"hubbook/internal/model"
)

// deskPageCases returns, by page template name, the data each of the
// desk's pages is rendered with, empty and with everything filled in.
func deskPageCases(signedIn Layout) map[string][]any {
	full := fullSession()
	full.WaitlistLength, full.WalkInReserve = 2, 2
	cancelled := full
	cancelled.Status = model.StatusCancelled
	children := 1
	at := time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC)
	booking := model.Booking{ID: 1, Reference: "HB-7K3Q", Status: model.BookingConfirmed, Source: model.SourceNavigator,
		Name: "Morag", Email: "morag@example.org", Phone: "+447911123456", PartySize: 3, Children: &children,
		AccessNeeds: "A ramp.\nA chair.", Reminders: true, Postcode: "EH1 1EG", CreatedByName: "Nina", CreatedAt: at, Session: full}
	waiting := booking
	waiting.Status, waiting.Email, waiting.Phone, waiting.Children, waiting.CreatedByName = model.BookingWaitlisted, "", "", nil, ""
	gone := booking
	gone.Status, gone.CancelledAt, gone.Session = model.BookingCancelled, &at, cancelled
	form := bookingForm{Token: "t", Name: "Morag", Email: "m@example.org", Phone: "07911 123456", Adults: "2", Children: "1",
		AccessNeeds: "Ramp", Postcode: "EH1 1EG", Reminders: true}
	var errs fieldErrors
	for _, f := range []string{"name", "email", "phone", "adults", "children", "access_needs", "postcode", "reminders", "count"} {
		errs.add(f, "Problem with "+f)
	}
	history := []deskEvent{{What: "Booked for 3 people", Who: "Nina", When: "Friday 20 March 2027, 10:00"}}
	return map[string][]any{
		"desk": {deskPage{Layout: signedIn, Searched: true}, deskPage{Layout: signedIn, Searched: true, Query: "nobody"},
			deskPage{Layout: signedIn, Searched: true, Query: "mor", Found: []model.Booking{booking, waiting, gone}, Today: []model.Session{full, cancelled}}},
		"desk-book": {deskBookPage{}, deskBookPage{Layout: signedIn, Session: full, Left: 9, Form: form, Errors: errs},
			deskBookPage{Layout: signedIn, Session: full, Form: form, Already: &deskAlready{Reference: "HB-7K3Q", SearchURL: "/desk?q=x"}, Short: "Only 1 place left"},
			deskBookPage{Layout: signedIn, Session: cancelled, Closed: "Cancelled."}},
		"desk-booking": {deskBookingPage{}, deskBookingPage{Layout: signedIn, Booking: booking, Party: "3 people", History: history, New: true},
			deskBookingPage{Layout: signedIn, Booking: waiting, New: true, Adults: "x", Errors: errs, Short: "Only 1 place left", Problem: "No."},
			deskBookingPage{Layout: signedIn, Booking: gone, History: history}},
		"desk-slip": {deskSlipPage{}, deskSlipPage{Layout: signedIn, Booking: booking, Party: "3 people", CallPhone: "0131 496 0001"},
			deskSlipPage{Layout: signedIn, Booking: waiting}, deskSlipPage{Layout: signedIn, Booking: gone}},
		"desk-walk-ins": {walkInPage{}, walkInPage{Layout: signedIn, Session: full, Recorded: 4, Places: "8 places left", Count: "x",
			Name: "Morag", Postcode: "eh1", Errors: errs, Refused: "Only 1 place left"}, walkInPage{Layout: signedIn, Session: cancelled, Closed: "Cancelled."}},
	}
}
