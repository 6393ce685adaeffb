package web

import (
	"html/template"

	"hubbook/internal/model"
)

// feedPageCases returns, by page template name, the data the calendar feed
// pages are rendered with in TestTemplates_EveryPageRendersEmptyAndFull.
func feedPageCases(signedIn Layout) map[string][]any {
	p := model.Partner{ID: 1, Slug: "nhs", Name: "Healthy Living"}
	live := &feedStatus{Made: "Monday 1 March 2027, 10:00", MadeBy: "Ada", LastUsed: "Monday 1 March 2027, 11:00"}
	fresh := &feedStatus{Made: "Monday 1 March 2027, 10:00"}
	block := subscribeBlock{ID: "feed-address", Webcal: template.URL("webcal://localhost/feeds/partners/x.ics"),
		HTTPS: "https://localhost/feeds/partners/x.ics", Google: "https://calendar.google.com/calendar/render?cid=webcal"}
	venue := fullSession().Venue
	named := block
	named.ID, named.Name = "feed-venue-central", venue.Name
	return map[string][]any{
		"partner-feed": {partnerFeedPage{}, partnerFeedPage{Layout: signedIn, Partner: p},
			partnerFeedPage{Layout: signedIn, Partner: p, Feed: live, Subscribe: &block},
			partnerFeedPage{Layout: signedIn, Partner: p, Feed: fresh, Subscribe: &block, JustMade: true},
			partnerFeedPage{Layout: signedIn, Partner: p, Feed: live}},
		"staff-feed": {staffFeedPage{}, staffFeedPage{Layout: signedIn},
			staffFeedPage{Layout: signedIn, Feed: live, Shown: true, Venues: []venueFeed{{Venue: venue, Subscribe: named}}},
			staffFeedPage{Layout: signedIn, Feed: fresh, Shown: true, JustMade: true},
			staffFeedPage{Layout: signedIn, Feed: live}},
		"staff-partner-form": {partnerFormPage{Layout: signedIn, Partner: &p, Feed: &partnerFeedSection{}},
			partnerFormPage{Layout: signedIn, Partner: &p, Feed: &partnerFeedSection{Live: live}}},
	}
}
