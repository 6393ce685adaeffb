package demo

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// demoSuggestion is one suggestion from the community and what staff made
// of it: planned suggestions are answered by the first upcoming session on
// their topic; merged ones join the suggestion named by mergeInto.
type demoSuggestion struct {
	store.NewSuggestion
	status    model.SuggestionStatus
	response  string
	mergeInto string
	// supporters is how many browsers support it.
	supporters int
}

// demoSuggestions fill the public suggestions page and the staff queue with
// one or more in each state. Contacts are on example.org and in Ofcom's
// drama range.
var demoSuggestions = []demoSuggestion{
	{NewSuggestion: store.NewSuggestion{What: "Help with online banking and scam awareness", ThemeSlug: "digital",
		Details: "Lots of us are being pushed to bank online but worry about scams.", WhenSuits: "Weekday mornings"},
		status: model.SuggestionPlanned, response: "Our digital drop-ins now cover online banking safely, with a scam-awareness slot each week.", supporters: 9},
	{NewSuggestion: store.NewSuggestion{What: "A walking group for people who are not very fit", ThemeSlug: "healthy-weight", VenueSlug: "northfield-community-hub",
		WhenSuits: "Saturday mornings", ContactName: "Morag", ContactEmail: "morag.walks@example.org"},
		status: model.SuggestionPublished, supporters: 6},
	{NewSuggestion: store.NewSuggestion{What: "Gentle walks for beginners", ThemeSlug: "healthy-weight"},
		status: model.SuggestionMerged, mergeInto: "A walking group for people who are not very fit", supporters: 2},
	{NewSuggestion: store.NewSuggestion{What: "Homework club after school", ThemeSlug: "family", VenueSlug: "central-library",
		Details: "Somewhere quiet with computers for secondary pupils.", WhenSuits: "After school, 15:30 to 17:30"},
		status: model.SuggestionPublished, supporters: 4},
	{NewSuggestion: store.NewSuggestion{What: "Evening sessions on energy bills for people who work", ThemeSlug: "income-maximisation",
		WhenSuits: "Weekday evenings", ContactPhone: "+447700900150"},
		status: model.SuggestionNotNow, response: "Our money advice partners cannot staff evenings until the new year. Until then, call the number at the foot of the page for a phone appointment.", supporters: 3},
	{NewSuggestion: store.NewSuggestion{What: "Conversation café for people new to Scotland", ThemeSlug: "isolation", VenueSlug: "northfield-community-hub",
		ContactName: "Aisha", ContactEmail: "aisha.b@example.org"},
		status: model.SuggestionNew},
	{NewSuggestion: store.NewSuggestion{What: "Repair café: fix your phone or toaster", Details: "Volunteers could help people mend things instead of buying new."},
		status: model.SuggestionNew},
	{NewSuggestion: store.NewSuggestion{What: "Win a free phone, click here"}, status: model.SuggestionRemoved},
}

// suggestions makes the demo suggestions, decided by the demo staff
// member; planned ones are answered by sessions upcoming at now.
func (s *seeder) suggestions(ctx context.Context, now time.Time) error {
	staff, err := s.tx.UserByEmail(ctx, "staff@demo.hubbook.test")
	if err != nil {
		return fmt.Errorf("demo suggestions: %w", err)
	}
	by := model.Actor{ID: staff.ID, Name: staff.Name}
	ids := map[string]string{}
	for _, g := range demoSuggestions {
		id, err := s.tx.CreateSuggestion(ctx, g.NewSuggestion)
		if err != nil {
			return fmt.Errorf("demo suggestion %q: %w", g.What, err)
		}
		ids[g.What] = id
		if g.status == model.SuggestionNew {
			continue
		}
		// Published first, so that it gathers support, then decided.
		if g.status != model.SuggestionRemoved {
			if err := s.tx.DecideSuggestion(ctx, by, id, store.SuggestionDecision{Status: model.SuggestionPublished}); err != nil {
				return fmt.Errorf("demo suggestion %q: %w", g.What, err)
			}
		}
		for n := range g.supporters {
			key := sha256.Sum256(fmt.Appendf(nil, "demo supporter %d", n))
			if _, err := s.tx.SupportSuggestion(ctx, id, key[:]); err != nil {
				return fmt.Errorf("demo support for %q: %w", g.What, err)
			}
		}
		d := store.SuggestionDecision{Status: g.status, Response: g.response}
		switch g.status {
		case model.SuggestionPublished:
			continue
		case model.SuggestionPlanned:
			sessions, _, err := s.tx.UpcomingSessions(ctx, now, model.SessionFilter{ThemeSlug: g.ThemeSlug, Limit: 3})
			if err != nil {
				return err
			}
			for _, m := range sessions {
				if !m.Cancelled() && len(d.Sessions) < 2 {
					d.Sessions = append(d.Sessions, m.PublicID)
				}
			}
		case model.SuggestionMerged:
			d.MergeInto = ids[g.mergeInto]
		}
		if err := s.tx.DecideSuggestion(ctx, by, id, d); err != nil {
			return fmt.Errorf("demo suggestion %q: %w", g.What, err)
		}
	}
	return nil
}
