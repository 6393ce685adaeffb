package web

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/recur"
	"hubbook/internal/store"
)

// sessionForm is the session form as the person filled it in: strings, so
// that whatever they typed comes back to them when something is wrong.
type sessionForm struct {
	Title, Summary, Description, AccessNotes string
	// Theme, Audience, Venue, Space and Partner hold ids.
	Theme, Audience, Venue, Space, Partner string
	// Date is YYYY-MM-DD (or DD/MM/YYYY); Start and End are HH:MM, in London.
	Date, Start, End string
	// Booking is "book" (places to book) or "drop-in".
	Booking  string
	Capacity string
	// Reserve is the places held for walk-ins; empty is none.
	Reserve  string
	Children bool
	// Repeat is "" (once), or a recur.Frequency; Ends is "count" or "until".
	Repeat, Ends, Count, Until string
	// Scope is "this" or "following" when editing a session of a series.
	Scope string
	// Version is the session's version when the form was opened, and Seen
	// the latest version among the sessions "this and following" would
	// change (store.FollowingInSeries).
	Version, Seen string
}

// sessionChoices are what the session form offers.
type sessionChoices struct {
	Themes    []model.Theme
	Audiences []model.Audience
	Venues    []model.Venue
	Spaces    []model.Space
	Partners  []model.Partner
}

// VenueSpaces returns the spaces of the venue v, for the grouped select.
func (c sessionChoices) VenueSpaces(v model.Venue) []model.Space {
	var out []model.Space
	for _, sp := range c.Spaces {
		if sp.VenueID == v.ID {
			out = append(out, sp)
		}
	}
	return out
}

func (s *Server) sessionChoices(ctx context.Context) (sessionChoices, error) {
	var ch sessionChoices
	var err error
	st := s.deps.Store
	if ch.Themes, err = st.Themes(ctx); err != nil {
		return ch, err
	}
	if ch.Audiences, err = st.Audiences(ctx); err != nil {
		return ch, err
	}
	if ch.Venues, err = st.Venues(ctx); err != nil {
		return ch, err
	}
	if ch.Spaces, err = st.AllSpaces(ctx); err != nil {
		return ch, err
	}
	ch.Partners, err = st.Partners(ctx)
	return ch, err
}

// readSessionForm reads the posted session form.
func readSessionForm(c *gin.Context) sessionForm {
	p := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	return sessionForm{
		Title: p("title"), Summary: p("summary"), Description: strings.TrimSpace(strings.ReplaceAll(c.PostForm("description"), "\r\n", "\n")),
		AccessNotes: p("access_notes"),
		Theme:       p("theme"), Audience: p("audience"), Venue: p("venue"), Space: p("space"), Partner: p("partner"),
		Date: p("date"), Start: p("start"), End: p("end"),
		Booking: p("booking"), Capacity: p("capacity"), Reserve: p("reserve"), Children: c.PostForm("children") == "yes",
		Repeat: p("repeat"), Ends: p("ends"), Count: p("count"), Until: p("until"),
		Scope: p("scope"), Version: p("version"), Seen: p("seen"),
	}
}

// formFromSession fills the form from a saved session.
func formFromSession(m model.Session, loc *time.Location) sessionForm {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	f := sessionForm{
		Title: m.Title, Summary: m.Summary, Description: m.Description, AccessNotes: m.AccessNotes,
		Theme: id(m.Theme.ID), Audience: id(m.Audience.ID), Venue: id(m.Venue.ID),
		Date:  m.StartsAt.In(loc).Format(time.DateOnly),
		Start: m.StartsAt.In(loc).Format("15:04"), End: m.EndsAt.In(loc).Format("15:04"),
		Booking: "drop-in", Children: m.ChildrenWelcome, Scope: "this",
		Version: store.Version(m.UpdatedAt),
	}
	if m.Space != nil {
		f.Space = id(m.Space.ID)
	}
	if m.Partner != nil {
		f.Partner = id(m.Partner.ID)
	}
	if m.BookingRequired {
		f.Booking = "book"
	}
	if m.Capacity != nil {
		f.Capacity = strconv.Itoa(*m.Capacity)
	}
	if m.BookingRequired {
		f.Reserve = strconv.Itoa(m.WalkInReserve)
	}
	return f
}

// sessionCheck is what validating a session form needs besides the form.
type sessionCheck struct {
	choices sessionChoices
	loc     *time.Location
	now     time.Time
	// existing is the session being edited, nil for a new one.
	existing *model.Session
	// partner fixes the partner (a partner's own proposal).
	partner *model.Partner
	// repeats allows the repeat fields (new sessions made by staff).
	repeats bool
}

// parsed is a valid session form, ready for the store.
type parsed struct {
	fields store.NewSession
	// rule and at are set when the session repeats.
	rule *store.SeriesRule
	at   []store.Occurrence
	// describe says the repeat in words, for the flash.
	describe string
}

// validate checks the form and returns what to save, or the problems in
// the order of the form's fields.
func (f sessionForm) validate(chk sessionCheck) (parsed, fieldErrors) {
	var errs fieldErrors
	var p parsed
	n := &p.fields
	n.Title, n.Summary, n.Description, n.AccessNotes = f.Title, f.Summary, f.Description, f.AccessNotes
	switch {
	case f.Title == "":
		errs.add("title", "Enter a title")
	case utf8.RuneCountInString(f.Title) > 160:
		errs.add("title", "Enter a title of at most 160 characters")
	}
	if utf8.RuneCountInString(f.Summary) > 300 {
		errs.add("summary", "Enter a summary of at most 300 characters")
	}
	if utf8.RuneCountInString(f.Description) > 10000 {
		errs.add("description", "Enter a description of at most 10,000 characters")
	}
	if t, ok := pick(chk.choices.Themes, f.Theme, func(t model.Theme) int64 { return t.ID }); ok {
		n.ThemeID = t.ID
	} else {
		errs.add("theme", "Choose a topic")
	}
	if a, ok := pick(chk.choices.Audiences, f.Audience, func(a model.Audience) int64 { return a.ID }); ok {
		n.AudienceID = a.ID
	} else {
		errs.add("audience", "Choose who the session is for")
	}
	venue, venueOK := pick(chk.choices.Venues, f.Venue, func(v model.Venue) int64 { return v.ID })
	if venueOK {
		n.VenueID = venue.ID
	} else {
		errs.add("venue", "Choose a venue")
	}
	var space *model.Space
	if f.Space != "" {
		sp, ok := pick(chk.choices.Spaces, f.Space, func(sp model.Space) int64 { return sp.ID })
		switch {
		case !ok:
			errs.add("space", "Choose a room or space from the list, or none")
		case venueOK && sp.VenueID != venue.ID:
			errs.add("space", "Choose a room or space in "+venue.Name+", or none")
		default:
			space = &sp
			n.SpaceID = &sp.ID
		}
	}
	switch {
	case chk.partner != nil:
		n.PartnerID = &chk.partner.ID
	case f.Partner != "":
		if pt, ok := pick(chk.choices.Partners, f.Partner, func(p model.Partner) int64 { return p.ID }); ok {
			n.PartnerID = &pt.ID
		} else {
			errs.add("partner", "Choose a partner from the list, or none")
		}
	}
	f.validateTimes(chk, n, &errs)
	f.validatePlaces(chk, space, n, &errs)
	n.ChildrenWelcome = f.Children
	if chk.repeats && f.Repeat != "" && !errs.Any() {
		f.validateRepeat(chk, &p, &errs)
	}
	return p, errs
}

// validateTimes reads the date, start and end in London time.
func (f sessionForm) validateTimes(chk sessionCheck, n *store.NewSession, errs *fieldErrors) {
	day, ok := parseFormDate(f.Date, chk.loc)
	if !ok {
		errs.add("date", "Enter the date like 16/03/2027")
	}
	start, startOK := parseClock(f.Start)
	if !startOK {
		errs.add("start", "Enter the start time like 10:00 or 14:30")
	}
	end, endOK := parseClock(f.End)
	if !endOK {
		errs.add("end", "Enter the end time like 11:30 or 16:00")
	}
	if !ok || !startOK || !endOK {
		return
	}
	n.StartsAt = atClock(day, start, chk.loc)
	n.EndsAt = atClock(day, end, chk.loc)
	if !n.EndsAt.After(n.StartsAt) {
		errs.add("end", "Enter an end time after the start time")
	}
	// A new session, or one moved, must not be in the past.
	moved := chk.existing == nil || !chk.existing.StartsAt.Equal(n.StartsAt)
	if moved && !n.StartsAt.After(chk.now) {
		errs.add("date", "Enter a date and start time that have not passed")
	}
}

// validatePlaces reads whether people book, and how many places.
func (f sessionForm) validatePlaces(chk sessionCheck, space *model.Space, n *store.NewSession, errs *fieldErrors) {
	switch f.Booking {
	case "book":
		n.BookingRequired = true
	case "drop-in":
		// Bookings cannot be left on a session nobody books.
		if e := chk.existing; e != nil && e.BookingRequired && (e.PlacesBooked > 0 || e.WaitlistLength > 0) {
			errs.add("booking", fmt.Sprintf("%s and %s on the waitlist: keep booking on, or cancel the bookings first",
				pluralise(e.PlacesBooked, "place is booked", "places are booked"), pluralise(e.WaitlistLength, "person", "people")))
		}
		return
	default:
		errs.add("booking", "Choose whether people book a place or drop in")
		return
	}
	capacity, err := strconv.Atoi(strings.ReplaceAll(f.Capacity, ",", ""))
	booked := 0
	if chk.existing != nil {
		booked = chk.existing.PlacesBooked
	}
	switch {
	case f.Capacity == "" || err != nil || capacity < 1 || capacity > 10000:
		errs.add("capacity", "Enter how many places, as a number from 1 to 10,000")
	case space != nil && capacity > space.Capacity:
		errs.add("capacity", fmt.Sprintf("%s holds %d people: enter %d places or fewer, or choose a larger room", space.Name, space.Capacity, space.Capacity))
	case capacity < booked:
		errs.add("capacity", fmt.Sprintf("%s already booked: enter %d places or more", pluralise(booked, "place is", "places are"), booked))
	default:
		n.Capacity = &capacity
	}
	f.validateReserve(chk, n, errs)
}

// validateReserve reads the places held for walk-ins, from 0 to the
// places. A partner's form does not ask: a proposal keeps what staff set,
// within its places.
func (f sessionForm) validateReserve(chk sessionCheck, n *store.NewSession, errs *fieldErrors) {
	if chk.partner != nil {
		if chk.existing != nil && n.Capacity != nil {
			n.WalkInReserve = min(chk.existing.WalkInReserve, *n.Capacity)
		}
		return
	}
	reserve, ok := parseReserve(f.Reserve)
	switch {
	case !ok:
		errs.add("reserve", "Enter how many places to hold for walk-ins as a number, or 0 for none")
	case n.Capacity != nil && reserve > *n.Capacity:
		errs.add("reserve", fmt.Sprintf("Enter how many places to hold for walk-ins, as a number from 0 to %d (the places)", *n.Capacity))
	default:
		n.WalkInReserve = reserve
	}
}

// validateRepeat works out the sessions of a series.
func (f sessionForm) validateRepeat(chk sessionCheck, p *parsed, errs *fieldErrors) {
	rule := recur.Rule{Frequency: recur.Frequency(f.Repeat)}
	switch f.Ends {
	case "count":
		count, err := strconv.Atoi(f.Count)
		if err != nil {
			errs.add("count", "Enter how many sessions, as a number from 2 to 200")
			return
		}
		rule.Count = count
	case "until":
		until, ok := parseFormDate(f.Until, chk.loc)
		if !ok {
			errs.add("until", "Enter the date of the last session like 30/06/2027")
			return
		}
		rule.Until = until
	default:
		errs.add("ends", "Choose when the sessions stop: after a number of sessions or on a date")
		return
	}
	first := p.fields.StartsAt
	errs.addAll([]string{"frequency", "count", "until"}, renameKey(rule.Validate(first, chk.loc), "frequency", "repeat"))
	if errs.Any() {
		return
	}
	rrule, err := rule.RRULE(first, chk.loc)
	var starts []time.Time
	if err == nil {
		starts, err = recur.Expand(rrule, first, chk.loc)
	}
	switch {
	case errors.Is(err, recur.ErrTooMany):
		field := "until"
		if f.Ends == "count" {
			field = "count"
		}
		errs.add(field, "That makes more than 200 sessions: a series can have at most 200. Choose fewer, or an earlier end date")
		return
	case err != nil:
		errs.add("repeat", "Those repeat settings do not make any sessions: check the dates")
		return
	}
	length := p.fields.EndsAt.Sub(first)
	for _, st := range starts {
		p.at = append(p.at, store.Occurrence{StartsAt: st, EndsAt: st.Add(length)})
	}
	p.rule = &store.SeriesRule{RRULE: rrule, DTStart: first, TZID: chk.loc.String()}
	p.describe = rule.Describe(first, chk.loc)
}

func renameKey(m map[string]string, from, to string) map[string]string {
	if v, ok := m[from]; ok {
		delete(m, from)
		m[to] = v
	}
	return m
}

// pick finds the item whose id is the decimal string s.
func pick[T any](list []T, s string, id func(T) int64) (T, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		for _, x := range list {
			if id(x) == n {
				return x, true
			}
		}
	}
	var zero T
	return zero, false
}

var ukDate = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)

// parseFormDate reads a date as a date input sends it (2027-03-16) or as a
// person types it where the browser has no date picker (16/03/2027).
func parseFormDate(s string, loc *time.Location) (time.Time, bool) {
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, true
	}
	m := ukDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	d, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	y, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc)
	if t.Day() != d || int(t.Month()) != mo {
		return time.Time{}, false // 31/02 and the like
	}
	return t, true
}

var clockPattern = regexp.MustCompile(`^([01]?\d|2[0-3])[:.]?([0-5]\d)$`)

// parseClock reads a time of day (10:00, 9.30, 1430) as minutes past midnight.
func parseClock(s string) (int, bool) {
	m := clockPattern.FindStringSubmatch(strings.ReplaceAll(s, " ", ""))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	return h*60 + min, true
}

// atClock is the moment minutes past midnight on day's date, in loc.
func atClock(day time.Time, minutes int, loc *time.Location) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, minutes/60, minutes%60, 0, 0, loc)
}
