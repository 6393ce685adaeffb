package testutil

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// EvaluationHistory makes sessions finished sessions over the two years
// before now, for store.RecordHistory, with perSession bookings and walk-in
// records each on average: across two new venues, three new partners and
// the library, every theme and audience; one in 40 called off (with no
// bookings) and one in 8 a drop-in (walk-ins only). Parties of 1 to 3 from
// 3,000 people (emails), most of whom came; postcodes from the benchmark
// lookup ("EH1 0AB" to "EH5 9AB", see the benchmarks) or none; about one
// in four answered the feedback survey, some with a comment. The same
// arguments make the same history.
func EvaluationHistory(t testing.TB, st *store.Store, now time.Time, sessions, perSession int) []store.PastSession {
	t.Helper()
	ctx := context.Background()
	themes, err := st.Themes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	audiences, err := st.Audiences(ctx)
	if err != nil {
		t.Fatal(err)
	}
	venues := []model.Venue{CreateVenue(t, st, model.Venue{}), CreateVenue(t, st, model.Venue{})}
	partners := []*int64{nil}
	for range 3 {
		p := CreatePartner(t, st, model.Partner{})
		partners = append(partners, &p.ID)
	}
	rng := rand.New(rand.NewPCG(uint64(sessions), uint64(perSession)))
	first := now.AddDate(-2, 0, 0)
	step := now.Sub(first) / time.Duration(sessions+1)
	past := make([]store.PastSession, sessions)
	// Every 40th session is called off: the others share all the bookings.
	held := sessions - sessions/40
	total, k := sessions*perSession, 0
	for i := range past {
		start := first.Add(time.Duration(i) * step).Truncate(time.Minute)
		capacity := perSession * 5 / 3
		n := store.NewSession{Title: fmt.Sprintf("Benchmark session %d", i), ThemeID: themes[i%len(themes)].ID,
			AudienceID: audiences[i%len(audiences)].ID, VenueID: venues[i%2].ID, PartnerID: partners[i%len(partners)],
			StartsAt: start, EndsAt: start.Add(90 * time.Minute), BookingRequired: i%8 != 0, Capacity: &capacity,
			Status: model.StatusScheduled}
		p := store.PastSession{Session: n}
		if i%40 == 39 {
			p.Session.Status, p.Session.CancelReason = model.StatusCancelled, "Called off for the benchmark"
			past[i] = p
			continue
		}
		closed := n.EndsAt.Add(time.Hour)
		p.ClosedAt = &closed
		records := total / held
		if k < total%held {
			records++
		}
		k++
		places := 0
		for j := range records {
			b := store.PastBooking{Source: model.SourceOnline, PartySize: 1, BookedAt: start.AddDate(0, 0, -3), MarkedAt: start}
			if r := rng.IntN(10); r < 2 && places+records-j+2 <= capacity {
				b.PartySize = 2 + r
			}
			places += b.PartySize
			if !n.BookingRequired || j%6 == 5 {
				b.Source = model.SourceWalkIn
			} else {
				person := (i*7 + j*131) % 3000
				b.Name, b.Email = fmt.Sprintf("Person %d", person), fmt.Sprintf("person%d@example.org", person)
				if j%5 == 4 {
					b.Source = model.SourceNavigator
				}
				came := b.PartySize
				if rng.IntN(8) == 0 {
					came = 0
				}
				b.Attended = &came
				if came > 0 && rng.IntN(4) == 0 {
					a := store.PastAnswer{Score: 1 + rng.IntN(5), At: n.EndsAt.Add(3 * time.Hour)}
					if rng.IntN(3) == 0 {
						a.Comment = fmt.Sprintf("Comment on session %d", i)
					}
					b.Answer = &a
				}
			}
			if rng.IntN(5) > 0 {
				d := rng.IntN(50)
				b.Postcode = fmt.Sprintf("EH%d %dAB", d/10+1, d%10)
			}
			p.Bookings = append(p.Bookings, b)
		}
		past[i] = p
	}
	return past
}
