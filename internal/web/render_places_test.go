package web

import "hubbook/internal/model"

// placesPageCases returns, by page template name, the data each of this
// area's pages is rendered with in TestTemplates_EveryPageRendersEmptyAndFull:
// an empty value and a full one at least. signedIn is a layout with a user.
func placesPageCases(signedIn Layout) map[string][]any {
	v := fullSession().Venue
	hall := model.Space{ID: 1, VenueID: v.ID, Slug: "hall", Name: "Hall", Kind: model.SpaceRoom, Capacity: 80, Features: []string{"kitchen"}}
	parent := hall.ID
	stage := model.Space{ID: 2, VenueID: v.ID, ParentID: &parent, Slug: "stage", Name: "Stage end", Kind: model.SpaceZone, Capacity: 30, ParentName: "Hall"}
	p := model.Partner{Slug: "nhs", Name: "Healthy Living", Website: "https://example.org", Phone: "0131 496 0002", Description: "Health."}
	th := model.Theme{Slug: "health", Name: "Health", Description: "Living well."}
	errs := fieldErrors{{"name", "Enter the name"}, {"slug", "There is already one at this web address: choose another"},
		{"summary", "Too long"}, {"address", "Enter the address"}, {"postcode", "Enter a postcode like EH1 1EG"}, {"phone", "Enter a phone number"},
		{"kind", "Choose"}, {"parent", "Choose"}, {"capacity", "Enter how many"}, {"website", "Enter a website"}}
	clash := &conflict{Differs: []savedValue{{"Name", "Other name"}, {"Summary", ""}}}

	venueForm := venueFormOf(v, "1700000000000000")
	venueForm.Errors = errs
	spaceForm := spaceFormOf(stage, "1700000000000000")
	spaceForm.Errors = errs
	partnerForm := partnerFormOf(p, "1700000000000000")
	partnerForm.Errors = errs
	themeForm := themeFormOf(th, "1234")
	themeForm.Errors = errs
	return map[string][]any{
		"staff-venues": {venueListPage{}, venueListPage{Layout: signedIn, Venues: []venueSpaces{
			{Venue: v, Spaces: []model.Space{hall, stage}}, {Venue: model.Venue{Slug: "empty", Name: "Empty", Address: "1 Road"}}}}},
		"staff-venue-form": {venueFormPage{}, venueFormPage{Layout: signedIn, Form: venueForm},
			venueFormPage{Layout: signedIn, Form: venueForm, Venue: &v, Conflict: clash}},
		"staff-space-form": {spaceFormPage{}, spaceFormPage{Layout: signedIn, Venue: v, Parents: []model.Space{hall}, Form: spaceForm},
			spaceFormPage{Layout: signedIn, Venue: v, Space: &stage, Parents: []model.Space{hall}, Form: spaceForm, Conflict: clash}},
		"staff-partners":     {partnerListPage{}, partnerListPage{Layout: signedIn, Partners: []model.Partner{p, {Slug: "bare", Name: "Bare"}}}},
		"staff-partner-form": {partnerFormPage{}, partnerFormPage{Layout: signedIn, Form: partnerForm}, partnerFormPage{Layout: signedIn, Form: partnerForm, Partner: &p, Conflict: clash}},
		"staff-themes":       {themeListPage{}, themeListPage{Layout: signedIn, Themes: []model.Theme{th, {Slug: "new", Name: "New"}}}},
		"staff-theme-form":   {themeFormPage{}, themeFormPage{Layout: signedIn, Form: themeForm}, themeFormPage{Layout: signedIn, Form: themeForm, Theme: &th, Conflict: clash}},
	}
}
