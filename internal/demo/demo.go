// Package demo fills an empty database with a fictional but realistic
// programme for a Scottish library service: the Central Library, one
// Community Hub, their spaces, six partners and about sixty sessions over
// the next eight weeks. `make run` and `hubbook seed` use it so that a new
// installation shows something worth clicking through, and tests use it as
// a full-sized fixture.
//
// Everything here is made up. Phone numbers are in Ofcom's drama range
// (0131 496 0xxx) and websites are under example.org.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// Weeks is how far ahead, in weeks from tomorrow, the demo programme runs.
const Weeks = 8

// Seed fills an empty database with the demo programme, in one transaction,
// and reports whether it did. It does nothing (and reports false) when the
// database already has a venue, even when several processes call it at once:
// an advisory lock lets one of them seed and the others then find data.
//
// Sessions are laid out on calendar days from the day after now, at local
// times in loc (Europe/London), so a 10:00 session stays at 10:00 across a
// clock change. The same now gives the same programme, apart from the
// random public ids the database assigns. seal, when not nil, keeps each
// demo booking's manage link for its emails, as the booking form does.
func Seed(ctx context.Context, st *store.Store, now time.Time, loc *time.Location, seal *auth.Sealer) (seeded bool, err error) {
	if loc == nil {
		return false, errors.New("seed demo data: no time zone given")
	}
	err = st.InTx(ctx, func(tx *store.Store) error {
		empty, err := tx.ClaimEmpty(ctx)
		if err != nil {
			return err
		}
		if !empty {
			return nil
		}
		s := seeder{tx: tx, seal: seal, spaces: map[string]model.Space{}, venues: map[string]int64{}, partners: map[string]int64{}}
		if err := s.vocabulary(ctx); err != nil {
			return err
		}
		if err := s.places(ctx); err != nil {
			return err
		}
		if err := s.openingHours(ctx); err != nil {
			return err
		}
		if err := s.partnerList(ctx); err != nil {
			return err
		}
		if err := s.accounts(ctx); err != nil {
			return err
		}
		if err := s.programme(ctx, firstDay(now, loc)); err != nil {
			return err
		}
		if err := s.simdLookup(ctx); err != nil {
			return err
		}
		if err := s.bookings(ctx, now); err != nil {
			return err
		}
		if err := s.spaceBookings(ctx, now, firstDay(now, loc)); err != nil {
			return err
		}
		if err := s.suggestions(ctx, now); err != nil {
			return err
		}
		if err := s.history(ctx, now, loc); err != nil {
			return err
		}
		seeded = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("seed demo data: %w", err)
	}
	return seeded, nil
}

// firstDay is midnight, in loc, at the start of the day after now: the
// earliest day a demo session can be on, so every session starts after now.
func firstDay(now time.Time, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// seeder carries the transaction and the ids made so far, looked up by slug.
type seeder struct {
	tx        *store.Store
	seal      *auth.Sealer
	themes    map[string]int64
	audiences map[string]int64
	venues    map[string]int64
	spaces    map[string]model.Space
	partners  map[string]int64
	// navigator is the demo navigator, who made the demo's desk bookings.
	navigator model.Actor
}

func (s *seeder) vocabulary(ctx context.Context) error {
	themes, err := s.tx.Themes(ctx)
	if err != nil {
		return err
	}
	audiences, err := s.tx.Audiences(ctx)
	if err != nil {
		return err
	}
	s.themes = map[string]int64{}
	for _, t := range themes {
		s.themes[t.Slug] = t.ID
	}
	s.audiences = map[string]int64{}
	for _, a := range audiences {
		s.audiences[a.Slug] = a.ID
	}
	return nil
}

// places creates the venues and their spaces, parents before children.
func (s *seeder) places(ctx context.Context) error {
	for _, vp := range venuePlans {
		v, err := s.tx.CreateVenue(ctx, vp.venue)
		if err != nil {
			return err
		}
		s.venues[v.Slug] = v.ID
		for _, spp := range vp.spaces {
			sp := spp.space
			sp.VenueID = v.ID
			if spp.parent != "" {
				parent, ok := s.spaces[spp.parent]
				if !ok {
					return fmt.Errorf("space %s: parent %s is not made yet", sp.Slug, spp.parent)
				}
				sp.ParentID = &parent.ID
			}
			if sp, err = s.tx.CreateSpace(ctx, sp); err != nil {
				return err
			}
			s.spaces[sp.Slug] = sp
		}
	}
	return nil
}

func (s *seeder) partnerList(ctx context.Context) error {
	for _, p := range partnerPlans {
		p, err := s.tx.CreatePartner(ctx, p)
		if err != nil {
			return err
		}
		s.partners[p.Slug] = p.ID
	}
	return nil
}

// programme creates every planned session, and a series for each plan that
// repeats, counting weeks from the week that begins on first.
func (s *seeder) programme(ctx context.Context, first time.Time) error {
	for _, p := range sessionPlans {
		n, err := s.newSession(p)
		if err != nil {
			return fmt.Errorf("session %q: %w", p.title, err)
		}
		if rule := p.runs.rrule(p.day); rule != "" {
			id, err := s.tx.CreateSeries(ctx, rule)
			if err != nil {
				return err
			}
			n.SeriesID = &id
		}
		for _, week := range p.runs.weeks() {
			n.StartsAt = p.start.on(first, p.day, week)
			n.EndsAt = n.StartsAt.Add(time.Duration(p.minutes) * time.Minute)
			n.Status, n.CancelReason = model.StatusScheduled, ""
			if week == p.cancelWeek {
				n.Status, n.CancelReason = model.StatusCancelled, cancelReason
			}
			if _, _, err := s.tx.CreateSession(ctx, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// newSession resolves a plan's slugs to ids; the dates are left to the caller.
func (s *seeder) newSession(p sessionPlan) (store.NewSession, error) {
	n := store.NewSession{
		Title:           p.title,
		Summary:         p.summary,
		Description:     p.description,
		ThemeID:         s.themes[p.theme],
		AudienceID:      s.audiences[p.audience],
		VenueID:         s.venues[p.venue],
		BookingRequired: !p.dropIn,
		ChildrenWelcome: p.children,
		AccessNotes:     p.access,
	}
	switch {
	case n.ThemeID == 0:
		return n, fmt.Errorf("no theme %q", p.theme)
	case n.AudienceID == 0:
		return n, fmt.Errorf("no audience %q", p.audience)
	case n.VenueID == 0:
		return n, fmt.Errorf("no venue %q", p.venue)
	}
	if p.space != "" {
		sp, ok := s.spaces[p.space]
		if !ok {
			return n, fmt.Errorf("no space %q", p.space)
		}
		n.SpaceID = &sp.ID
	}
	if p.partner != "" {
		id, ok := s.partners[p.partner]
		if !ok {
			return n, fmt.Errorf("no partner %q", p.partner)
		}
		n.PartnerID = &id
	}
	if p.places > 0 {
		places := p.places
		n.Capacity = &places
	}
	return n, nil
}

// cancelReason is given for the one demo session that is called off, so the
// programme shows what a cancellation looks like.
const cancelReason = "The facilitator is unwell. We are sorry: it will run again next week."

// clock is a local time of day.
type clock struct{ hour, minute int }

// on returns the time c on the given weekday in week (1 to Weeks), where
// week 1 is the seven days from first. Building it with time.Date on the
// calendar day keeps it at c's wall-clock time whatever the UTC offset.
func (c clock) on(first time.Time, day time.Weekday, week int) time.Time {
	offset := (int(day)-int(first.Weekday())+7)%7 + 7*(week-1)
	return time.Date(first.Year(), first.Month(), first.Day()+offset, c.hour, c.minute, 0, 0, first.Location())
}

// repeat says in which weeks a planned session runs: count times, every
// interval weeks, from week first. An interval of 0 is a one-off.
type repeat struct{ first, count, interval int }

func once(week int) repeat                { return repeat{first: week, count: 1} }
func weekly(first, count int) repeat      { return repeat{first, count, 1} }
func fortnightly(first, count int) repeat { return repeat{first, count, 2} }

func (r repeat) weeks() []int {
	weeks := []int{r.first}
	for i := 1; i < r.count; i++ {
		weeks = append(weeks, r.first+i*r.interval)
	}
	return weeks
}

// rrule is the RFC 5545 rule of a repeating plan, or "" for a one-off.
func (r repeat) rrule(day time.Weekday) string {
	if r.interval == 0 {
		return ""
	}
	rule := "FREQ=WEEKLY"
	if r.interval > 1 {
		rule += fmt.Sprintf(";INTERVAL=%d", r.interval)
	}
	byday := strings.ToUpper(day.String()[:2])
	return rule + fmt.Sprintf(";BYDAY=%s;COUNT=%d", byday, r.count)
}

// venuePlan is a venue with its spaces, each parent listed before its children.
type venuePlan struct {
	venue  model.Venue
	spaces []spacePlan
}

// spacePlan is a space and the slug of its parent, if it has one.
type spacePlan struct {
	space  model.Space
	parent string
}

// sessionPlan is one line of the demo programme: what, for whom, where, with
// whom and when. Slugs refer to the venues, spaces and partners above and to
// the themes and audiences the first migration inserts.
type sessionPlan struct {
	title, summary, description string
	theme, audience             string
	venue, space, partner       string // partner "" means the library runs it
	day                         time.Weekday
	start                       clock
	minutes                     int
	places                      int  // capacity; 0 means no limit (drop-ins only)
	dropIn                      bool // people just turn up: no booking
	children                    bool
	access                      string
	runs                        repeat
	cancelWeek                  int // the week whose session is called off; 0 for none
}

// venuePlans are the two demo buildings: a city-centre library and a hub in
// a neighbourhood among the most deprived tenth in Scotland (SIMD decile 1).
var venuePlans = []venuePlan{
	{
		venue: model.Venue{
			Slug:     "central-library",
			Name:     "Central Library",
			Summary:  "The city's main library, with the Civic Hub, a family space, a creative space and rooms where partners meet people.",
			Address:  "7 Library Wynd\nEdinburgh",
			Postcode: "EH1 1LW",
			Directions: "Buses 2, 23, 27 and 45 stop on Library Wynd, outside the main door. " +
				"Waverley station is a 10-minute walk downhill. " +
				"There are two blue-badge parking bays beside the entrance; there is no other parking.",
			Phone:        "0131 496 0100",
			OpeningHours: "Monday to Thursday 9:00 to 20:00\nFriday and Saturday 9:00 to 17:00\nSunday closed",
			AccessNotes: "Step-free entrance on Library Wynd with automatic doors. " +
				"A lift serves every floor. The Changing Places toilet is on the ground floor, beside the Civic Hub. " +
				"Ask at the front desk for the quiet room or a hearing loop.",
			Features: []string{"step_free_entrance", "lift", "accessible_toilet", "changing_places", "quiet_space", "baby_change"},
		},
		spaces: []spacePlan{
			{space: model.Space{
				Slug: "civic-hub", Name: "Civic Hub", Kind: model.SpaceZone, Capacity: 30,
				Description: "Open area by the main entrance where partners meet people without an appointment.",
				Features:    []string{"step_free", "hearing_loop", "screen"},
			}},
			{space: model.Space{
				Slug: "family-space", Name: "Family space", Kind: model.SpaceZone, Capacity: 30,
				Description: "Carpeted area in the children's library with soft seating, toys and buggy parking.",
				Features:    []string{"step_free", "child_safe", "sink"},
			}},
			{space: model.Space{
				Slug: "creative-space", Name: "Creative space", Kind: model.SpaceZone, Capacity: 24,
				Description: "Open area on the first floor with large tables, a sink and a wall screen, for making and doing.",
				Features:    []string{"step_free", "sink", "screen"},
			}},
			{space: model.Space{
				Slug: "partnership-suite", Name: "Partnership suite", Kind: model.SpaceRoom, Capacity: 40,
				Description: "Partnership rooms 1 and 2 opened into one room, for talks and larger groups.",
				Features:    []string{"step_free", "hearing_loop", "screen"},
			}},
			{parent: "partnership-suite", space: model.Space{
				Slug: "partnership-room-1", Name: "Partnership room 1", Kind: model.SpaceRoom, Capacity: 12,
				Description: "Private room for small groups and one-to-one advice, with a screen.",
				Features:    []string{"step_free", "hearing_loop", "screen", "quiet"},
			}},
			{parent: "partnership-suite", space: model.Space{
				Slug: "partnership-room-2", Name: "Partnership room 2", Kind: model.SpaceRoom, Capacity: 12,
				Description: "Private room for small groups and one-to-one advice.",
				Features:    []string{"step_free", "hearing_loop", "quiet"},
			}},
			{space: model.Space{
				Slug: "meeting-room", Name: "Meeting room", Kind: model.SpaceRoom, Capacity: 10,
				Description: "Meeting room on the first floor with one table and a screen.",
				Features:    []string{"step_free", "hearing_loop", "screen", "quiet"},
			}},
			{space: model.Space{
				Slug: "it-suite", Name: "IT suite", Kind: model.SpaceRoom, Capacity: 12,
				Description: "Twelve computers, a printer and a teaching screen.",
				Features:    []string{"step_free", "screen"},
			}},
		},
	},
	{
		venue: model.Venue{
			Slug:     "northfield-community-hub",
			Name:     "Northfield Community Hub",
			Summary:  "Library, cafe and meeting place in the heart of Northfield, with a hall, two rooms and a community kitchen.",
			Address:  "2 Burnside Road\nNorthfield\nEdinburgh",
			Postcode: "EH16 4NF",
			Directions: "Buses 21 and 30 stop outside, on Burnside Road. " +
				"The nearest station is Brunstane, a 15-minute walk. There is free parking behind the hub.",
			Phone:        "0131 496 0200",
			OpeningHours: "Monday to Thursday 9:00 to 20:00\nFriday 9:00 to 17:00\nSaturday and Sunday closed",
			AccessNotes: "Everything is on the ground floor, with a step-free entrance and level floors throughout. " +
				"Accessible toilet and baby changing beside the hall.",
			Features: []string{"step_free_entrance", "accessible_toilet", "baby_change", "parking", "quiet_space"},
		},
		spaces: []spacePlan{
			{space: model.Space{
				Slug: "northfield-hall", Name: "Hall", Kind: model.SpaceRoom, Capacity: 60,
				Description: "Large hall with tables and chairs for up to 60, used for the cafe and big events.",
				Features:    []string{"step_free", "hearing_loop", "screen"},
			}},
			{space: model.Space{
				Slug: "northfield-green-room", Name: "Green room", Kind: model.SpaceRoom, Capacity: 12,
				Description: "Quiet room for advice sessions and small groups.",
				Features:    []string{"step_free", "hearing_loop", "quiet"},
			}},
			{space: model.Space{
				Slug: "northfield-blue-room", Name: "Blue room", Kind: model.SpaceRoom, Capacity: 12,
				Description: "Bright room for workshops, with a screen; safe for children.",
				Features:    []string{"step_free", "screen", "child_safe"},
			}},
			{space: model.Space{
				Slug: "northfield-kitchen", Name: "Community kitchen", Kind: model.SpaceRoom, Capacity: 12,
				Description: "Teaching kitchen with four cooking stations and a table to eat together.",
				Features:    []string{"step_free", "kitchen", "sink"},
			}},
		},
	},
}

// partnerPlans are the agencies that deliver most of the programme, one or
// two for each theme.
var partnerPlans = []model.Partner{
	{
		Slug: "healthy-living-team", Name: "Healthy Living Team (NHS)",
		Description: "NHS health improvement staff who help people live well with long-term conditions, eat well and move more.",
		Website:     "https://example.org/healthy-living", Phone: "0131 496 0301",
	},
	{
		Slug: "northfield-money-advice", Name: "Northfield Money Advice",
		Description: "Free, confidential advice on benefits, debt and energy bills, from a local charity.",
		Website:     "https://example.org/money-advice", Phone: "0131 496 0302",
	},
	{
		Slug: "housing-advice-service", Name: "Housing Advice Service",
		Description: "Council housing officers who help people find a home, keep their tenancy and avoid homelessness.",
		Website:     "https://example.org/housing-advice", Phone: "0131 496 0303",
	},
	{
		Slug: "skills-and-work", Name: "Skills and Work Partnership",
		Description: "Employability advisers who help with CVs, job searching, interviews and training courses.",
		Website:     "https://example.org/skills-and-work", Phone: "0131 496 0304",
	},
	{
		Slug: "calm-minds", Name: "Calm Minds",
		Description: "A mental wellbeing charity running courses and groups on stress, sleep and low mood.",
		Website:     "https://example.org/calm-minds", Phone: "0131 496 0305",
	},
	{
		Slug: "community-learning", Name: "Community Learning and Development Team",
		Description: "Council tutors and youth workers running digital skills, family learning and community groups.",
		Website:     "https://example.org/community-learning", Phone: "0131 496 0306",
	},
}

// Access notes shared by several sessions.
const (
	bslOnRequest = "BSL interpreter on request: tell us when you book."
	hearingLoop  = "Hearing loop in the room. Large-print handouts on request."
)

// sessionPlans is the demo programme: about 60 sessions over Weeks weeks, across
// every theme and audience and both venues. No two scheduled sessions share
// a space (or a space and its parent) at the same time.
var sessionPlans = []sessionPlan{
	// Weekly, all eight weeks.
	{
		title:       "Bookbug for under-fives",
		summary:     "Songs, rhymes and stories for babies, toddlers and their grown-ups.",
		description: "A lively half hour of songs, rhymes and a story, then time to play and chat. Babies and children up to five, with a parent or carer. Just come along: there is buggy parking by the lift.",
		theme:       "family", audience: "families", venue: "central-library", space: "family-space",
		day: time.Tuesday, start: clock{10, 30}, minutes: 45, dropIn: true, children: true,
		runs: weekly(1, 8),
	},
	{
		title:       "Digital skills drop-in",
		summary:     "Bring your phone, tablet or laptop, or use ours, and get help with whatever you are stuck on.",
		description: "A tutor helps you one to one with email, video calls, online forms, apps or staying safe online. Bring your own device and any passwords you need, or use one of our computers. For adults at any level, including complete beginners.",
		theme:       "digital", audience: "adults", venue: "central-library", space: "it-suite", partner: "community-learning",
		day: time.Wednesday, start: clock{14, 0}, minutes: 120, places: 12, dropIn: true,
		runs: weekly(1, 8), cancelWeek: 3,
	},
	{
		title:       "Warm welcome cafe",
		summary:     "Free soup, tea and a warm place to sit, read the papers and meet people.",
		description: "Drop in for free soup, bread and hot drinks in the hub hall. Stay as long as you like: there are newspapers, board games and friendly staff to talk to. Everyone is welcome, children too.",
		theme:       "isolation", audience: "everyone", venue: "northfield-community-hub", space: "northfield-hall",
		day: time.Thursday, start: clock{12, 0}, minutes: 120, dropIn: true, children: true,
		runs: weekly(1, 8),
	},
	{
		title:       "Benefits and money check",
		summary:     "A free, private check that you are getting all the money you are entitled to.",
		description: "A money adviser goes through your income, benefits and bills with you, in private, for about 25 minutes. Bring recent letters about benefits, a bank statement and any bills you are worried about. For adults of any age.",
		theme:       "income-maximisation", audience: "adults", venue: "northfield-community-hub", space: "northfield-green-room", partner: "northfield-money-advice",
		day: time.Monday, start: clock{10, 0}, minutes: 180, places: 6,
		runs: weekly(1, 8),
	},
	// Courses and shorter runs.
	{
		title:       "Stress control",
		summary:     "A six-week class that teaches practical ways to handle stress, worry and low mood.",
		description: "Each week a trained facilitator talks through one skill for managing stress, with slides and a booklet to take home. You do not have to speak or share anything. For adults; try to come to all six weeks.",
		theme:       "mental-wellbeing", audience: "adults", venue: "central-library", space: "partnership-suite", partner: "calm-minds",
		day: time.Thursday, start: clock{18, 0}, minutes: 90, places: 30, access: hearingLoop,
		runs: weekly(1, 6),
	},
	{
		title:       "Code club for young people",
		summary:     "Make games, animations and websites with code. No experience needed.",
		description: "Young people aged 9 to 15 learn to code with Scratch and Python, working at their own pace with help from volunteers. We provide the computers. Book for all four weeks if you can.",
		theme:       "digital", audience: "children-young-people", venue: "central-library", space: "it-suite", partner: "community-learning",
		day: time.Thursday, start: clock{16, 30}, minutes: 90, places: 12, children: true,
		runs: weekly(3, 4),
	},
	{
		title:       "Housing options surgery",
		summary:     "Talk to a housing officer about finding a home, problems with your tenancy or risk of losing your home.",
		description: "Book a private conversation with a housing officer. Bring your tenancy agreement and any letters from your landlord or the council. For adults who rent, own or have nowhere settled to live.",
		theme:       "housing", audience: "adults", venue: "central-library", space: "partnership-room-2", partner: "housing-advice-service",
		day: time.Monday, start: clock{13, 0}, minutes: 120, places: 8, access: bslOnRequest,
		runs: fortnightly(1, 4),
	},
	// One-offs.
	{
		title:       "Diabetes: know your numbers",
		summary:     "Understand your blood sugar, blood pressure and cholesterol results, and what you can do about them.",
		description: "A diabetes nurse explains what your test results mean and answers your questions. Bring your latest results if you have them. For adults living with type 2 diabetes or at risk of it, and the people who support them.",
		theme:       "health", audience: "adults", venue: "central-library", space: "partnership-room-1", partner: "healthy-living-team",
		day: time.Wednesday, start: clock{10, 0}, minutes: 90, places: 12, access: bslOnRequest,
		runs: once(1),
	},
	{
		title:       "Blood pressure check",
		summary:     "A quick, free blood pressure check with a health worker. No appointment needed.",
		description: "A health worker checks your blood pressure in a few minutes and explains the result. If it is high, they will tell you what to do next. Open to everyone over 16.",
		theme:       "health", audience: "everyone", venue: "northfield-community-hub", space: "northfield-hall", partner: "healthy-living-team",
		day: time.Monday, start: clock{14, 0}, minutes: 120, dropIn: true,
		runs: once(7),
	},
	{
		title:       "Healthy eating on a budget",
		summary:     "Plan a week of cheap, healthy meals and taste a few of them.",
		description: "A dietitian shares simple ways to eat well for less, then we cook and taste two quick recipes. You take home a meal plan and a shopping list. For adults; tell us about any allergies when you book.",
		theme:       "healthy-weight", audience: "adults", venue: "northfield-community-hub", space: "northfield-kitchen", partner: "healthy-living-team",
		day: time.Tuesday, start: clock{10, 0}, minutes: 120, places: 10,
		runs: once(2),
	},
	{
		title:       "Cook and eat together",
		summary:     "Families cook a simple meal together, then sit down and eat it.",
		description: "Parents, carers and children cook a healthy meal side by side with a cook, then share it round the table. All ingredients are provided. Book a place for each person coming, children included.",
		theme:       "healthy-weight", audience: "families", venue: "northfield-community-hub", space: "northfield-kitchen", partner: "healthy-living-team",
		day: time.Wednesday, start: clock{16, 0}, minutes: 90, places: 12, children: true,
		runs: once(4),
	},
	{
		title:       "Energy bills advice",
		summary:     "Help to understand your energy bills, get on a cheaper tariff and apply for grants.",
		description: "An energy adviser looks at your bills and meter readings with you and checks what help you can get. Bring a recent bill or your account details. Drop in: you may need to wait a few minutes.",
		theme:       "income-maximisation", audience: "adults", venue: "central-library", space: "civic-hub", partner: "northfield-money-advice",
		day: time.Thursday, start: clock{13, 0}, minutes: 120, dropIn: true,
		runs: once(2),
	},
	{
		title:       "CV and job search",
		summary:     "Write or update your CV and find jobs that suit you.",
		description: "An employability adviser helps you write a CV and search for work online. Bring any CV you have and details of past jobs or training. For adults looking for work or a change.",
		theme:       "skills", audience: "adults", venue: "central-library", space: "meeting-room", partner: "skills-and-work",
		day: time.Tuesday, start: clock{14, 0}, minutes: 120, places: 8,
		runs: once(1),
	},
	{
		title:       "Interview practice",
		summary:     "Practise answering interview questions and get friendly feedback.",
		description: "Learn what employers ask and how to answer, then practise in pairs. You get written tips to take away. For adults with an interview coming up or who want to be ready.",
		theme:       "skills", audience: "adults", venue: "central-library", space: "meeting-room", partner: "skills-and-work",
		day: time.Tuesday, start: clock{14, 0}, minutes: 120, places: 8,
		runs: once(6),
	},
	{
		title:       "Moving into your first home",
		summary:     "What young people need to know before signing a tenancy.",
		description: "A housing officer explains tenancies, deposits, rent and bills, and where to get help if things go wrong. Bring your questions. For young people aged 16 to 25.",
		theme:       "housing", audience: "children-young-people", venue: "northfield-community-hub", space: "northfield-blue-room", partner: "housing-advice-service",
		day: time.Wednesday, start: clock{17, 0}, minutes: 90, places: 10,
		runs: once(3),
	},
	{
		title:       "Staying safe online: family session",
		summary:     "Parents and children learn together how to stay safe and kind online.",
		description: "Games and short activities about passwords, scams, sharing and screen time, for parents and carers with children aged 7 to 12. Bring a phone or tablet if you have one. Book a place for each person coming.",
		theme:       "digital", audience: "families", venue: "central-library", space: "creative-space", partner: "community-learning",
		day: time.Saturday, start: clock{10, 30}, minutes: 90, places: 16, children: true,
		runs: once(6),
	},
	{
		title:       "Family Lego build",
		summary:     "Build something amazing together from our big box of bricks.",
		description: "Families work together on a building challenge, then show what they made. All ages, with an adult. Places fill up fast, so book early.",
		theme:       "family", audience: "families", venue: "central-library", space: "creative-space",
		day: time.Saturday, start: clock{14, 0}, minutes: 90, places: 24, children: true,
		runs: once(2),
	},
	{
		title:       "Have your say: the future of the hub",
		summary:     "Tell us what the hub should offer next year. Tea and cake provided.",
		description: "An open meeting to share ideas about the hub's opening hours, activities and spaces. Staff listen and report back on what changes. Everyone is welcome, children too.",
		theme:       "isolation", audience: "everyone", venue: "northfield-community-hub", space: "northfield-hall", partner: "community-learning",
		day: time.Thursday, start: clock{18, 0}, minutes: 90, dropIn: true, children: true, access: bslOnRequest,
		runs: once(4),
	},
	{
		title:       "Walk and talk",
		summary:     "A gentle, hour-long walk round Northfield park with good company.",
		description: "Meet in the hub hall, then walk a flat route of about two kilometres at an easy pace, with a cuppa at the end. Wear comfortable shoes and bring a waterproof. Everyone welcome, including children with an adult.",
		theme:       "isolation", audience: "everyone", venue: "northfield-community-hub", space: "northfield-hall", partner: "calm-minds",
		day: time.Friday, start: clock{10, 30}, minutes: 60, dropIn: true, children: true,
		access: "The route is flat and step-free. Tell staff if you need to walk at a slower pace.",
		runs:   once(5),
	},
	{
		title:       "Sleep well",
		summary:     "Practical ways to sleep better, from a mental wellbeing practitioner.",
		description: "Learn why sleep goes wrong and simple changes that help, then try a short relaxation exercise. You do not have to share anything. For adults.",
		theme:       "mental-wellbeing", audience: "adults", venue: "northfield-community-hub", space: "northfield-blue-room", partner: "calm-minds",
		day: time.Friday, start: clock{10, 30}, minutes: 90, places: 12,
		runs: once(2),
	},
	{
		title:       "Exam stress: a session for teenagers",
		summary:     "Ways to cope with exam pressure, for young people aged 12 to 17.",
		description: "A youth worker shares quick ways to calm down, plan revision and sleep before exams. Relaxed and informal: nobody is asked to speak. For young people aged 12 to 17.",
		theme:       "mental-wellbeing", audience: "children-young-people", venue: "central-library", space: "partnership-room-2", partner: "calm-minds",
		day: time.Tuesday, start: clock{16, 30}, minutes: 60, places: 12, children: true,
		runs: once(4),
	},
}
