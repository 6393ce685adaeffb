package web

import (
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// spaceBookingPageCases returns, by page template name, the data each of
// the space booking pages is rendered with, empty and with everything
// filled in.
func spaceBookingPageCases(layout, signedIn Layout) map[string][]any {
	full := fullSession()
	sp := store.BookableSpace{Space: *full.Space, Venue: full.Venue, Setup: 15 * time.Minute, Cleardown: 10 * time.Minute,
		PartnerBooking: store.PartnerBookRequest}
	at := time.Date(2027, 3, 23, 10, 0, 0, 0, time.UTC)
	people := 12
	booking := model.SpaceBooking{ID: 1, PublicID: "abcdefgh", Space: sp.Space, Venue: sp.Venue, Kind: model.SpaceForBooking,
		Status: model.SpaceConfirmed, Partner: full.Partner, Purpose: "Advice surgery", Attendees: &people,
		StartsAt: at, EndsAt: at.Add(time.Hour), Before: 15 * time.Minute, After: 10 * time.Minute, Series: "x", BookedBy: "Ada"}
	requested, declined, cancelled := booking, booking, booking
	requested.Status = model.SpaceRequested
	declined.Status, declined.DeclineReason = model.SpaceDeclined, "The room is being painted."
	cancelled.Status, cancelled.Partner, cancelled.Attendees, cancelled.Before, cancelled.After = model.SpaceCancelled, nil, nil, 0, 0
	form := spaceBookingForm{Date: "2027-03-23", Start: "10:00", End: "11:00", Purpose: "Advice surgery", Attendees: "12",
		Partner: "1", Repeat: "weekly", Ends: "until", Count: "4", Until: "2027-04-20", Dates: []string{"2027-03-23"}}
	var errs fieldErrors
	for _, f := range []string{"purpose", "partner", "date", "start", "end", "attendees", "repeat", "ends", "count", "until"} {
		errs.add(f, "Problem with "+f)
	}
	partners := []model.Partner{{ID: 1, Name: "Healthy Living Team"}}
	dates := []seriesDate{{StartsAt: at, EndsAt: at.Add(time.Hour), Value: "2027-03-23", Free: true},
		{StartsAt: at.AddDate(0, 0, 7), EndsAt: at.AddDate(0, 0, 7).Add(time.Hour), Value: "2027-03-30", Problem: "Taken."}}
	booked := []seriesDate{{StartsAt: at, EndsAt: at.Add(time.Hour), Value: "2027-03-23", Free: true, Booking: "abcdefgh"}, dates[1]}
	return map[string][]any{
		"space-booking-form": {spaceBookingFormPage{},
			spaceBookingFormPage{Layout: signedIn, Space: sp, Form: form, Errors: errs, Clash: "Taken.", Staff: true, Partners: partners},
			spaceBookingFormPage{Layout: layout, Space: sp, Form: form, Waits: true},
			spaceBookingFormPage{Layout: layout, Space: sp, StaffOnly: true}},
		"space-booking-series": {spaceSeriesPage{},
			spaceSeriesPage{Layout: signedIn, Space: sp, Form: form, Dates: dates, Free: 1},
			spaceSeriesPage{Layout: signedIn, Space: sp, Form: form, Dates: dates[1:]},
			spaceSeriesPage{Layout: signedIn, Space: sp, Form: form, Dates: booked, Booked: 1, Done: true, Waits: true}},
		"space-booking": {spaceBookingPage{},
			spaceBookingPage{Layout: signedIn, Booking: booking, Staff: true, CanCancel: true},
			spaceBookingPage{Layout: layout, Booking: requested, Staff: true, CanCancel: true},
			spaceBookingPage{Layout: layout, Booking: declined}, spaceBookingPage{Layout: layout, Booking: cancelled}},
		"staff-space-requests": {spaceRequestsPage{},
			spaceRequestsPage{Layout: signedIn, Requests: []spaceRequest{{Booking: requested, Near: []model.SpaceBooking{booking},
				History: []model.SpaceBooking{declined, cancelled}}, {Booking: cancelled}}}},
		"staff-space-request-decline": {spaceDeclinePage{},
			spaceDeclinePage{Layout: signedIn, Booking: requested, Reason: "No.", Errors: errs}},
	}
}
