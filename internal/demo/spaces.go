package demo

import (
	"context"
	"fmt"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// spaceUse is one demo space booking: a partner's (or, with no partner, the
// library's own), confirmed or waiting for staff. The times are clear of the
// demo programme's sessions, which hold their spaces themselves.
type spaceUse struct {
	space, partner string
	purpose        string
	day            time.Weekday
	start          clock
	minutes        int
	week           int
	waiting        bool
	people         int
}

// spaceUses fill the day views and the approval queue: partners working
// side by side with library staff, a few of them waiting for an answer.
var spaceUses = []spaceUse{
	{space: "partnership-room-1", partner: "northfield-money-advice", purpose: "Benefits appointments (by referral)", day: time.Tuesday, start: clock{10, 0}, minutes: 120, week: 1, people: 4},
	{space: "partnership-room-1", partner: "housing-advice-service", purpose: "Tenancy support surgery", day: time.Thursday, start: clock{14, 0}, minutes: 120, week: 1, waiting: true, people: 6},
	{space: "meeting-room", purpose: "Library team meeting", day: time.Monday, start: clock{10, 0}, minutes: 60, week: 1, people: 8},
	{space: "partnership-room-2", partner: "healthy-living-team", purpose: "Health checks", day: time.Thursday, start: clock{10, 0}, minutes: 120, week: 2, waiting: true, people: 2},
	{space: "northfield-green-room", partner: "northfield-money-advice", purpose: "Debt advice appointments", day: time.Wednesday, start: clock{13, 0}, minutes: 120, week: 1, people: 3},
	{space: "northfield-green-room", partner: "calm-minds", purpose: "Planning the spring wellbeing walks", day: time.Friday, start: clock{13, 0}, minutes: 90, week: 1, waiting: true, people: 5},
	{space: "northfield-hall", partner: "community-learning", purpose: "Community consultation: what should the hub run next?", day: time.Tuesday, start: clock{18, 0}, minutes: 120, week: 2, people: 40},
}

// spaceBookings books the demo's spaceUses, as if at now (the seed's clock,
// which tests set).
func (s *seeder) spaceBookings(ctx context.Context, now, first time.Time) error {
	tx := s.tx.WithBooking(model.BookingRules{Location: first.Location()}, func() time.Time { return now })
	for _, u := range spaceUses {
		sp, ok := s.spaces[u.space]
		if !ok {
			return fmt.Errorf("space booking %q: no space %q", u.purpose, u.space)
		}
		start := u.start.on(first, u.day, u.week)
		r := store.SpaceBookingRequest{SpaceID: sp.ID, Purpose: u.purpose, StartsAt: start,
			EndsAt: start.Add(time.Duration(u.minutes) * time.Minute), Status: model.SpaceConfirmed}
		if u.waiting {
			r.Status = model.SpaceRequested
		}
		if u.people > 0 {
			r.Attendees = &u.people
		}
		if u.partner != "" {
			id, ok := s.partners[u.partner]
			if !ok {
				return fmt.Errorf("space booking %q: no partner %q", u.purpose, u.partner)
			}
			r.PartnerID = &id
		}
		if _, err := tx.BookSpace(ctx, model.Actor{}, r); err != nil {
			return fmt.Errorf("space booking %q: %w", u.purpose, err)
		}
	}
	return nil
}

// weekdayHours is one opening time for each of the ISO weekdays from
// first to last (1 is Monday), in minutes from midnight.
func weekdayHours(first, last, opens, closes int) []model.OpeningPeriod {
	var out []model.OpeningPeriod
	for d := first; d <= last; d++ {
		out = append(out, model.OpeningPeriod{Weekday: d, Opens: opens, Closes: closes})
	}
	return out
}

// openingHours gives the demo venues the hours their pages state, and a
// few spaces their own rules: the kitchen needs setting up and clearing
// away, and partners book the first partnership room without waiting.
func (s *seeder) openingHours(ctx context.Context) error {
	for slug, hours := range map[string][]model.OpeningPeriod{
		"central-library":          append(weekdayHours(1, 4, 9*60, 20*60), weekdayHours(5, 6, 9*60, 17*60)...),
		"northfield-community-hub": append(weekdayHours(1, 4, 9*60, 20*60), weekdayHours(5, 5, 9*60, 17*60)...),
	} {
		rules := map[int64]store.SpaceRules{}
		for _, sp := range s.spaces {
			if sp.VenueID != s.venues[slug] {
				continue
			}
			r := store.SpaceRules{PartnerBooking: "request"}
			switch sp.Slug {
			case "northfield-kitchen":
				r.Setup, r.Cleardown = 15, 30
			case "partnership-room-1":
				r.PartnerBooking = "instant"
			}
			rules[sp.ID] = r
		}
		v := model.Venue{ID: s.venues[slug], Slug: slug}
		for _, p := range venuePlans {
			if p.venue.Slug == slug {
				v.Name = p.venue.Name // what the audit log calls it
			}
		}
		if err := s.tx.SetVenueHours(ctx, model.Actor{}, v, store.VenueHours{Venue: hours, Rules: rules}); err != nil {
			return fmt.Errorf("opening hours of %s: %w", slug, err)
		}
	}
	return nil
}
