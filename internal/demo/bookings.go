package demo

import (
	"context"
	"fmt"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// demoParty is one demo booking: who, how many, and how it was made.
type demoParty struct {
	name, email, phone string
	adults, children   int
	byNavigator        bool
}

// demoParties fill the first bookable sessions, in start order: a few
// bookings on the first, the second full with people waiting, so that the
// desk, the staff pages and the waitlist have something to show. Phone
// numbers are in Ofcom's range for drama (07700 900xxx); emails are on
// example.org.
var demoParties = [][]demoParty{
	{
		{name: "Morag Campbell", email: "morag.campbell@example.org", adults: 1},
		{name: "Ahmed Hassan", phone: "+447700900101", adults: 1, children: 2},
		{name: "Jean Robertson", adults: 1, byNavigator: true},
	},
	{
		{name: "Callum Reid", email: "callum.reid@example.org", adults: 2},
		{name: "Aisha Begum", phone: "+447700900102", adults: 1, byNavigator: true},
	},
}

// bookings makes the demo bookings. The second session is filled to its
// capacity, then two more parties join its waitlist.
func (s *seeder) bookings(ctx context.Context, now time.Time) error {
	sessions, _, err := s.tx.UpcomingSessions(ctx, now, model.SessionFilter{})
	if err != nil {
		return err
	}
	var bookable []model.Session
	for _, m := range sessions {
		if m.BookingRequired && !m.Cancelled() && len(bookable) < len(demoParties) {
			bookable = append(bookable, m)
		}
	}
	// Booked as at the seed's now, which tests fix.
	st := s.tx.WithBooking(model.BookingRules{}, func() time.Time { return now })
	for i, m := range bookable {
		parties := demoParties[i]
		if i == 1 {
			parties = fillUp(parties, *m.Capacity)
		}
		for j, p := range parties {
			if err := s.book(ctx, st, m, p, j); err != nil {
				return fmt.Errorf("demo booking on %q: %w", m.Title, err)
			}
		}
	}
	return nil
}

// fillUp adds single places to parties until they fill capacity, then two
// parties who wait.
func fillUp(parties []demoParty, capacity int) []demoParty {
	booked := 0
	for _, p := range parties {
		booked += p.adults + p.children
	}
	for n := 1; booked < capacity; n++ {
		parties = append(parties, demoParty{name: fmt.Sprintf("Demo person %d", n), email: fmt.Sprintf("person%d@example.org", n), adults: 1})
		booked++
	}
	return append(parties,
		demoParty{name: "Fiona MacLeod", email: "fiona.macleod@example.org", adults: 2},
		demoParty{name: "Tom Wilson", phone: "+447700900103", adults: 1})
}

// book makes one demo booking, waiting when the session is full.
func (s *seeder) book(ctx context.Context, st *store.Store, m model.Session, p demoParty, n int) error {
	token, hash := auth.NewToken()
	children := p.children
	req := store.BookingRequest{
		SessionPublicID: m.PublicID, Source: model.SourceOnline, TokenHash: hash, Name: p.name, Email: p.email,
		Phone: p.phone, PartySize: p.adults + p.children, Children: &children, Reminders: p.email != "", Waitlist: true,
	}
	if s.seal != nil {
		req.TokenSealed = s.seal.Seal(token)
	}
	if n%3 == 0 {
		req.Postcode = demoPostcode(n / 3)
	}
	if p.byNavigator {
		req.Source, req.By = model.SourceNavigator, s.navigator
	}
	_, err := st.BookPlaces(ctx, req)
	return err
}
