package web

import (
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// programmeAdminPageCases returns, by page template name, the data each of
// the staff programme's and partners' pages is rendered with in
// TestTemplates_EveryPageRendersEmptyAndFull.
func programmeAdminPageCases(signedIn Layout) map[string][]any {
	full := fullSession()
	full.WaitlistLength = 2
	series := int64(4)
	inSeries := full
	inSeries.SeriesID = &series
	proposed := full
	proposed.Status, proposed.ReviewNote = model.StatusProposed, "Can it start at 11?"
	cancelled := full
	cancelled.Status, cancelled.CancelReason = model.StatusCancelled, "Unwell."
	choices := sessionChoices{
		Themes: []model.Theme{{ID: 1, Name: "Health"}}, Audiences: []model.Audience{{ID: 1, Name: "Adults"}},
		Venues: []model.Venue{{ID: 1, Name: "Central Library"}}, Spaces: []model.Space{{ID: 3, VenueID: 1, Name: "Room", Capacity: 20}},
		Partners: []model.Partner{{ID: 2, Name: "Money Advice"}},
	}
	form := sessionForm{Title: "T", Theme: "1", Audience: "1", Venue: "1", Space: "3", Partner: "2", Date: "2027-03-16",
		Start: "10:00", End: "11:00", Booking: "book", Capacity: "12", Children: true, Repeat: "weekly", Ends: "until", Until: "2027-06-01", Scope: "following"}
	var errs fieldErrors
	for _, f := range []string{"title", "summary", "description", "theme", "audience", "venue", "space", "partner", "date", "start", "end", "booking", "capacity", "repeat", "ends", "count", "until"} {
		errs.add(f, "Problem with "+f)
	}
	partner := model.Partner{ID: 2, Name: "Money Advice"}
	return map[string][]any{
		"session-form": {sessionFormPage{},
			sessionFormPage{Layout: signedIn, Form: form, Errors: errs, Choices: choices, Action: "/staff/sessions", Repeats: true},
			sessionFormPage{Layout: signedIn, Form: form, Choices: choices, Session: &inSeries, InSeries: true, Following: 5, Conflict: true},
			sessionFormPage{Layout: signedIn, Form: form, Choices: choices, Session: &proposed, Partner: &partner},
			sessionFormPage{Layout: signedIn, Form: form, Choices: choices, Session: &cancelled}},
		"session-cancel": {cancelPage{}, cancelPage{Layout: signedIn, Session: full, Reason: "r", Errors: fieldErrors{{"reason", "x"}, {"confirm", "y"}}},
			cancelPage{Layout: signedIn, Session: inSeries, Following: store.FollowingScheduled{Sessions: 3, Places: 5, Waitlist: 1}, Scope: "following"}},
		"proposals":        {proposalQueuePage{}, proposalQueuePage{Layout: signedIn, Proposals: []model.Session{proposed}, Total: 1}},
		"proposal-decline": {declinePage{}, declinePage{Layout: signedIn, Session: proposed, Reason: "r", Errors: fieldErrors{{"reason", "x"}}}},
		"staff-home":       {staffHomePage{}, staffHomePage{Layout: signedIn, Counts: store.StaffCounts{Proposals: 1, NextSevenDays: 3, CancelledSoon: 2, FullSoon: 1}}},
		"staff-sessions": {staffSessionsPage{}, staffSessionsPage{Layout: signedIn, Sessions: []model.Session{full, proposed, cancelled}, Total: 120,
			Venues: []model.Venue{full.Venue}, Show: "upcoming", Venue: "central", Text: "x", Page: 2, PrevURL: "/a", NextURL: "/b"}},
		"desk": {deskPage{}, deskPage{Layout: signedIn, Today: []model.Session{full, cancelled}}},
		"partner-home": {partnerHomePage{}, partnerHomePage{Layout: signedIn, Partner: partner, Proposals: []model.Session{proposed}, Upcoming: []model.Session{full, cancelled}, Past: []model.Session{full},
			Rooms: []model.SpaceBooking{{PublicID: "room2345abcd", Purpose: "Debt <clinic>", Space: *full.Space, Venue: full.Venue,
				Status: model.SpaceDeclined, DeclineReason: "Painting", StartsAt: full.StartsAt, EndsAt: full.EndsAt}}}},
		"partner-session": {partnerSessionPage{}, partnerSessionPage{Layout: signedIn, Session: full}, partnerSessionPage{Layout: signedIn, Session: cancelled}},
	}
}
