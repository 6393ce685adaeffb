package web

import (
	"time"

	"hubbook/internal/model"
)

// suggestionPageCases are the suggestion pages empty and full, in each
// state, for TestTemplates_EveryPageRendersEmptyAndFull.
func suggestionPageCases(layout, signedIn Layout) map[string][]any {
	full := fullSession()
	cancelled := full
	cancelled.Status = model.StatusCancelled
	at := time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC)
	open := model.Suggestion{ID: 1, PublicID: "abcdefghjkmn", What: "Walking group", Details: "Gentle.\n\nFor beginners.",
		Theme: &full.Theme, Venue: &full.Venue, WhenSuits: "Saturdays", ContactName: "Ann", ContactEmail: "ann@example.org",
		ContactPhone: "+447911123456", Status: model.SuggestionPublished, CreatedAt: at, Supporters: 3, DecidedBy: "Ada", DecidedAt: &at}
	planned := open
	planned.Status, planned.Response, planned.Sessions, planned.Supporters = model.SuggestionPlanned, "Starts in May.", []model.Session{full, cancelled}, 1
	notNow := open
	notNow.Status, notNow.Response, notNow.Theme, notNow.Venue, notNow.Supporters = model.SuggestionNotNow, "No tutor.\nMaybe in autumn.", nil, nil, 0
	merged := open
	merged.Status, merged.MergedInto = model.SuggestionMerged, "bcdefghjkmnp"
	erased := open
	erased.Status, erased.ContactName, erased.ContactEmail, erased.ContactPhone, erased.AnonymisedAt = model.SuggestionRemoved, "", "", "", &at
	var errs fieldErrors
	for _, f := range []string{"what", "details", "theme", "venue", "when", "name", "email", "phone", "website", "action", "session_ids", "plan_response", "reason", "merge_into"} {
		errs.add(f, "Problem with "+f)
	}
	themes, venues := []model.Theme{full.Theme}, []model.Venue{full.Venue}
	form := suggestionForm{What: "Yoga", Details: "Chairs", Theme: full.Theme.Slug, Venue: full.Venue.Slug, WhenSuits: "Mornings",
		Name: "Ann", Email: "ann@example.org", Phone: "07911 123456", Website: "x"}
	decision := suggestionDecision{Action: "plan", Sessions: []string{full.PublicID}, SessionIDs: "/sessions/x", PlanResponse: "Soon", Reason: "No", MergeInto: planned.PublicID}
	counts := []suggestionCount{{model.SuggestionNew, "New", 2}, {model.SuggestionPublished, "Open", 0}}
	return map[string][]any{
		"suggestions": {suggestionsPage{}, suggestionsPage{Layout: layout, Open: []model.Suggestion{open}, Planned: []model.Suggestion{planned},
			NotNow: []model.Suggestion{notNow}, Theme: full.Theme.Slug, Themes: themes, Venues: venues}},
		"suggestion": {suggestionPage{}, suggestionPage{Layout: layout, Suggestion: open, Support: "thanks", RetryAfter: "10 seconds"},
			suggestionPage{Layout: signedIn, Suggestion: planned, Support: "already"}, suggestionPage{Layout: layout, Suggestion: notNow, Support: "closed"}},
		"suggestion-new": {suggestionFormPage{}, suggestionFormPage{Layout: layout, Form: form, Errors: errs, Themes: themes, Venues: venues, RetryAfter: "6 minutes"},
			suggestionFormPage{Layout: layout, Sent: true}},
		"suggestion-queue": {suggestionQueuePage{}, suggestionQueuePage{Layout: signedIn, Suggestions: []model.Suggestion{open, planned, notNow, merged, erased},
			Status: "new", Counts: counts}},
		"suggestion-moderate": {suggestionModeratePage{}, suggestionModeratePage{Layout: signedIn, Suggestion: planned, Upcoming: []model.Session{full},
			Targets: []model.Suggestion{open, notNow}, Form: decision, Errors: errs},
			suggestionModeratePage{Layout: signedIn, Suggestion: merged}, suggestionModeratePage{Layout: signedIn, Suggestion: erased}},
	}
}
