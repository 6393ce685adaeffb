package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// HistoryWeeks is how many weeks of past sessions the demo has before the
// programme, so that the evaluation dashboard shows a year of figures and
// part of a baseline: the programme's eight weeks played backwards, over
// and over, each session with its bookings, walk-ins, register and
// feedback.
const HistoryWeeks = 60

// historyOpen is how long after a session its register stays open in the
// demo: the last few sessions still have bookings nobody has marked.
const historyOpen = 48 * time.Hour

// history records the demo's past: every planned session in each of the
// HistoryWeeks weeks before the day after now (those that have ended by
// now), called off in the weeks the programme calls it off, and what
// happened at the others. A fixed random source makes the same past for
// the same now. People near the Northfield hub (SIMD deciles 1 and 2) come
// more often in recent months than a year ago, so reach grows against the
// baseline.
func (s *seeder) history(ctx context.Context, now time.Time, loc *time.Location) error {
	first := firstDay(now, loc)
	rng := rand.New(rand.NewPCG(2026, 8))
	people := demoPeople(rng)
	var past []store.PastSession
	for week := 0; week > -HistoryWeeks; week-- {
		// The programme's weeks 8, 7, ..., 1, 8, ... going back in time.
		planWeek := ((week-1)%Weeks+Weeks)%Weeks + 1
		for _, p := range sessionPlans {
			if !slices.Contains(p.runs.weeks(), planWeek) {
				continue
			}
			n, err := s.newSession(p)
			if err != nil {
				return fmt.Errorf("past session %q: %w", p.title, err)
			}
			n.StartsAt = p.start.on(first, p.day, week)
			n.EndsAt = n.StartsAt.Add(time.Duration(p.minutes) * time.Minute)
			if n.EndsAt.After(now) {
				continue // not over yet
			}
			n.Status = model.StatusScheduled
			if planWeek == p.cancelWeek {
				n.Status, n.CancelReason = model.StatusCancelled, cancelReason
				past = append(past, store.PastSession{Session: n})
				continue
			}
			recent := 1 - float64(-week)/HistoryWeeks // 1 now, 0 at the start
			past = append(past, s.pastSession(rng, people, p, n, recent, now))
		}
	}
	return s.tx.RecordHistory(ctx, s.navigator, past)
}

// pastSession makes up what happened at a session that ended: for a
// session that needs booking, parties filling half to nearly all its
// places, a fifth booked at the desk, most of whom came, and a few
// walk-ins in what places were left; for a drop-in, walk-ins only. About
// two in five who came answered the feedback survey.
func (s *seeder) pastSession(rng *rand.Rand, people []demoPerson, p sessionPlan, n store.NewSession, recent float64, now time.Time) store.PastSession {
	past := store.PastSession{Session: n}
	open := now.Sub(n.EndsAt) < historyOpen
	if !open {
		closed := n.EndsAt.Add(30 * time.Minute)
		past.ClosedAt = &closed
	}
	marked := n.StartsAt.Add(10 * time.Minute)
	local := 0.3 + 0.35*recent // the chance a person comes from near the hub
	if p.venue == "northfield-community-hub" {
		local += 0.2
	}
	places := 0
	if n.Capacity != nil {
		places = *n.Capacity
	}
	if n.BookingRequired {
		want := int(float64(places) * (0.55 + 0.4*rng.Float64()))
		seen := map[int]bool{}
		booked := 0
		for tries := 0; booked < want && tries < 4*places; tries++ {
			i := pickPerson(rng, people, local)
			party := 1
			switch r := rng.Float64(); {
			case p.audience == "families" && r < 0.7:
				party = 2 + rng.IntN(3)
			case r < 0.2:
				party = 2
			}
			if seen[i] || booked+party > want {
				continue
			}
			seen[i] = true
			booked += party
			person := people[i]
			b := store.PastBooking{Source: model.SourceOnline, Name: person.name, Email: person.email, Phone: person.phone,
				Postcode: person.postcode, PartySize: party, MarkedAt: marked,
				BookedAt: n.StartsAt.Add(-time.Duration(1+rng.IntN(14*24)) * time.Hour)}
			if rng.Float64() < 0.2 {
				b.Source = model.SourceNavigator
			}
			b.Attended, b.Answer = attendance(rng, party, open, b.Email != "", n.EndsAt)
			past.Bookings = append(past.Bookings, b)
		}
		places -= booked
	}
	// Walk-ins: a few where places are left; a drop-in is all walk-ins.
	records := rng.IntN(3)
	if !n.BookingRequired {
		records = 3 + rng.IntN(6)
	}
	for range records {
		count := 1 + rng.IntN(2)
		if n.Capacity != nil && count > places {
			break
		}
		places -= count
		w := store.PastBooking{Source: model.SourceWalkIn, PartySize: count, BookedAt: marked, MarkedAt: marked}
		if rng.Float64() < 0.7 {
			person := people[pickPerson(rng, people, local)]
			w.Postcode = person.postcode
			if rng.Float64() < 0.3 {
				w.Name = person.first
			}
		}
		past.Bookings = append(past.Bookings, w)
		if !n.BookingRequired && rng.Float64() < 0.4 {
			past.Answers = append(past.Answers, answer(rng, n.EndsAt))
		}
	}
	return past
}

// attendance is how many of a party came, or nil while its register is
// open (three in ten are not marked yet), and its feedback, if any: most
// came, some with fewer than booked, about one in eight did not come.
func attendance(rng *rand.Rand, party int, open, emailed bool, end time.Time) (*int, *store.PastAnswer) {
	if open && rng.Float64() < 0.3 {
		return nil, nil
	}
	came := party
	switch r := rng.Float64(); {
	case r < 0.13:
		came = 0
	case r < 0.2 && party > 1:
		came = party - 1
	}
	if came == 0 || !emailed || rng.Float64() >= 0.45 {
		return &came, nil
	}
	a := answer(rng, end)
	return &came, &a
}

// answer is a feedback answer given within two days of a session's end:
// mostly useful, sometimes with a comment.
func answer(rng *rand.Rand, end time.Time) store.PastAnswer {
	scores := []int{5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 3, 3, 3, 2, 1}
	a := store.PastAnswer{Score: scores[rng.IntN(len(scores))], At: end.Add(time.Duration(2+rng.IntN(46)) * time.Hour)}
	if rng.Float64() < 0.35 {
		list := demoComments[a.Score]
		a.Comment = list[rng.IntN(len(list))]
	}
	return a
}

// demoComments are what people said, by the score they gave.
var demoComments = map[int][]string{
	5: {"Really helpful, thank you. I feel much more confident now.", "The staff were so friendly and explained everything clearly.",
		"Great to meet other people in the same boat.", "My kids loved it and so did I!", "Exactly what I needed. I will be back next week."},
	4: {"Very useful, but the room was a bit warm.", "Good session. It would help to have it in the evening too.",
		"Helpful advice. A handout to take home would be good."},
	3: {"Some of it was useful. It went a bit fast for me.", "OK, but I had to wait a while to be seen."},
	2: {"Too short to get through my questions.", "Hard to hear at the back of the hall."},
	1: {"It was not what I expected from the description."},
}

// demoPerson is someone in the demo's past: regulars and people who came
// once, with a postcode from the demo's SIMD lookup (demoAreas), or none.
type demoPerson struct {
	first, name, email, phone, postcode string
	local                               bool
}

// firsts and lasts make up the names of people in the demo's past.
var (
	firsts = []string{"Morag", "Ahmed", "Jean", "Callum", "Aisha", "Fiona", "Tom", "Eilidh", "Kofi", "Agnieszka", "Ross", "Mairi", "Imran", "Shona", "Lewis", "Priya", "Craig", "Joanne", "Tariq", "Isla"}
	lasts  = []string{"Campbell", "Hassan", "Robertson", "Reid", "Begum", "MacLeod", "Wilson", "Stewart", "Mensah", "Kowalska", "Murray", "Fraser", "Khan", "Paterson", "Scott", "Thomson"}
)

// mostDeprivedRank is the last SIMD rank in deciles 1 and 2 (quintile 1)
// of Scotland's 6,976 data zones.
const mostDeprivedRank = 1395

// demoPeople makes 1,200 people, half near the hub (SIMD quintile 1); those
// made first come most often (see pickPerson). One in five of the first 800
// gives a phone number rather than an email, and one in seven no postcode.
func demoPeople(rng *rand.Rand) []demoPerson {
	var nearHub, elsewhere []string
	for _, a := range demoAreas {
		if a.rank <= mostDeprivedRank {
			nearHub = append(nearHub, a.postcode)
		} else {
			elsewhere = append(elsewhere, a.postcode)
		}
	}
	people := make([]demoPerson, 1200)
	for i := range people {
		f, l := firsts[rng.IntN(len(firsts))], lasts[rng.IntN(len(lasts))]
		p := demoPerson{first: f, name: f + " " + l, local: i%2 == 0}
		if rng.Float64() < 0.2 && i < 800 {
			p.phone = fmt.Sprintf("+447700900%03d", 200+i) // Ofcom's drama range, 07700 900000 to 900999
		} else {
			p.email = fmt.Sprintf("past.%d@example.org", i)
		}
		switch r := rng.Float64(); {
		case r < 1.0/7:
		case p.local:
			p.postcode = nearHub[rng.IntN(len(nearHub))]
		default:
			p.postcode = elsewhere[rng.IntN(len(elsewhere))]
		}
		people[i] = p
	}
	return people
}

// pickPerson picks someone, near the hub with chance local: lower indices
// more often, so that some people are regulars.
func pickPerson(rng *rand.Rand, people []demoPerson, local float64) int {
	wantLocal := rng.Float64() < local
	for {
		r := rng.Float64()
		i := int(r * r * float64(len(people)))
		if people[i].local == wantLocal {
			return i
		}
	}
}
