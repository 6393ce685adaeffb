package web

import (
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// spacePlacesPageCases returns, by page template name, the data the pages
// to find a free space, set opening hours and close spaces are rendered
// with in TestTemplates_EveryPageRendersEmptyAndFull: an empty value and
// full ones. layout has no user; signedIn has one.
func spacePlacesPageCases(layout, signedIn Layout) map[string][]any {
	v := fullSession().Venue
	hall := model.Space{ID: 1, VenueID: v.ID, Slug: "hall", Name: "Hall", Kind: model.SpaceRoom, Capacity: 80, Features: []string{"step_free"}}
	parent := hall.ID
	stage := model.Space{ID: 2, VenueID: v.ID, ParentID: &parent, Slug: "stage", Name: "Stage end", Kind: model.SpaceZone, Capacity: 30, ParentName: "Hall"}
	at := time.Date(2027, 3, 2, 13, 0, 0, 0, time.UTC)
	found := []store.FreeSpace{
		{Space: hall, Venue: v, PartnerBooking: "request", Starts: []time.Time{at, at.Add(15 * time.Minute)},
			Windows: []store.FreeWindow{{From: at, To: at.Add(135 * time.Minute), Starts: []time.Time{at, at.Add(15 * time.Minute)}}}},
		{Space: stage, Venue: v, PartnerBooking: "staff", Starts: []time.Time{at},
			Windows: []store.FreeWindow{{From: at, To: at.Add(2 * time.Hour), Starts: []time.Time{at}}}},
	}
	findErrs := fieldErrors{{"venue", "Choose"}, {"date", "Enter a real date"}, {"from", "Enter a time"}, {"to", "After"},
		{"length", "Too long"}, {"people", "Enter a number"}}
	searched := findForm{Venue: v.Slug, Date: "2027-03-02", From: "13:00", To: "17:00", Length: "120", People: "12", Features: []string{"step_free"}}
	bad := searched
	bad.Errors = findErrs
	hours := store.VenueHours{Venue: []model.OpeningPeriod{{Weekday: 1, Opens: 9 * 60, Closes: 17 * 60}},
		Spaces: map[int64][]model.OpeningPeriod{stage.ID: {{Weekday: 2, Opens: 18 * 60, Closes: 21 * 60}}},
		Rules:  map[int64]store.SpaceRules{hall.ID: {Setup: 15, PartnerBooking: "instant"}, stage.ID: {PartnerBooking: "staff"}}}
	hoursBad := hoursFormOf([]model.Space{hall, stage}, hours)
	hoursBad.Errors = fieldErrors{{"d1-opens", "Monday: enter"}, {"d1-closes", "Monday: after"}, {"s1-d3-closes", "Hall, Wednesday"},
		{"s1-setup", "Hall, set-up"}, {"s2-cleardown", "Stage, clear-down"}, {"s2-partner", "Stage, choose"}}
	closures := []closureRow{
		{Closure: store.Closure{PublicID: "abcdefgh", Venue: v, Spaces: []model.Space{hall}, WholeVenue: true, StartsAt: at, EndsAt: at.Add(24 * time.Hour),
			Reason: "Bank holiday", BookedBy: "Ada"}, When: "Tuesday 2 March, all day"},
		{Closure: store.Closure{PublicID: "hgfedcba", Venue: v, Spaces: []model.Space{stage}, StartsAt: at, EndsAt: at.Add(time.Hour),
			Reason: "Works"}, When: "Tuesday 2 March, 13:00 to 14:00"},
	}
	places := []closurePlace{{Venue: v, Spaces: []model.Space{hall, stage}}, {Venue: model.Venue{Slug: "empty", Name: "Empty"}}}
	closureBad := closureForm{Where: "space:stage", FromDate: "31/02/2027", FromTime: "9am", ToDate: "x", ToTime: "y", Reason: "Works",
		Errors: fieldErrors{{"where", "Choose"}, {"from_date", "Enter a real date"}, {"from_time", "Enter a time"}, {"to_date", "Enter"},
			{"to_time", "Enter"}, {"reason", "Say why"}}}
	return map[string][]any{
		"staff-closures": {closuresPage{}, closuresPage{Layout: signedIn, Closures: closures, Places: places},
			closuresPage{Layout: signedIn, Places: places, Form: closureBad},
			closuresPage{Layout: signedIn, Places: places, Form: closureForm{Where: "venue:" + v.Slug, FromDate: "2027-03-02", Reason: "Works"},
				Clash: "Hall is already booked at that time: Meeting. Move or cancel it first."}},
		"staff-hours": {hoursPage{}, hoursPage{Layout: signedIn, Venue: v, Form: hoursFormOf([]model.Space{hall, stage}, hours)},
			hoursPage{Layout: signedIn, Venue: v, Form: hoursBad}, hoursPage{Layout: signedIn, Venue: v, Form: hoursFormOf(nil, store.VenueHours{})}},
		"rooms-find": {roomsFindPage{},
			roomsFindPage{Layout: signedIn, Venues: []model.Venue{v}, Form: searched, Searched: true,
				Results: freeResults(found, model.RolePartner, 2*time.Hour, time.UTC)},
			roomsFindPage{Layout: signedIn, Venues: []model.Venue{v}, Form: searched, Searched: true,
				Results: freeResults(found, model.RoleNavigator, 2*time.Hour, time.UTC)},
			roomsFindPage{Layout: signedIn, Venues: []model.Venue{v}, Form: searched, Searched: true},
			roomsFindPage{Layout: layout, Venues: []model.Venue{v}, Form: bad, Searched: true}},
	}
}
