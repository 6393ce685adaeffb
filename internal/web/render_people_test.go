package web

import (
	"time"

	"hubbook/internal/model"
)

// peoplePageCases are the find-a-person page: the empty form, bad input,
// nothing found, and everything found.
func peoplePageCases(signedIn Layout) map[string][]any {
	at := time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC)
	came, children := 2, 1
	b := model.PersonBooking{Reference: "HB-7K3Q", SessionID: "abcdefghjkmn", Session: "<b>Money</b> advice", StartsAt: at,
		EndsAt: at.Add(time.Hour), Status: model.BookingConfirmed, Source: model.SourceOnline, Name: "Morag", Email: "m@example.org",
		Phone: "+447700900123", PartySize: 3, Children: &children, Attended: &came, Postcode: "EH1 1AA", AccessNeeds: "Step-free",
		CreatedAt: at.Add(-48 * time.Hour)}
	anonymised := b
	anonymised.Name, anonymised.Email, anonymised.Postcode, anonymised.AnonymisedAt = "", "", "", &at
	full := model.PersonData{Person: model.Person{Email: "m@example.org", Phone: "+447700900123"},
		Bookings: []model.PersonBooking{b, anonymised},
		Feedback: []model.PersonFeedback{{Reference: "HB-7K3Q", Session: "Money advice", Score: 4, Comment: "=cmd|' /C calc'!A0", CreatedAt: at}},
		Suggestions: []model.PersonSuggestion{{PublicID: "abcdefgh", What: "Chair yoga", Status: "not_now", ContactName: "Morag",
			ContactEmail: "m@example.org", ContactPhone: "+447700900123", CreatedAt: at}}}
	found := peoplePage{Layout: signedIn, SearchEmail: "M@example.org", Searched: true, Person: full.Person, Data: full,
		Errors: fieldErrors{{"confirm", "Confirm that you have checked this is the person's own request"}}}
	for _, pb := range full.Bookings {
		found.Bookings = append(found.Bookings, personBookingRow{PersonBooking: pb, Status: "Confirmed", Attended: "2 came"})
	}
	return map[string][]any{"people": {
		peoplePage{},
		peoplePage{Layout: signedIn, SearchEmail: "nope", Errors: fieldErrors{{"email", "Enter an email address like name@example.com"}}},
		peoplePage{Layout: signedIn, SearchEmail: "nobody@example.org", Searched: true},
		found,
	}}
}
