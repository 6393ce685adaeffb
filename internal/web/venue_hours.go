package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// hoursWeekdays are the ISO weekdays' names, Monday first.
var hoursWeekdays = [7]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// hoursPartnerModes are how partners may book a space.
var hoursPartnerModes = []option{
	{"instant", "Partners book it straight away"},
	{"request", "Partners ask, and staff approve"},
	{"staff", "Only staff book it"},
}

// hoursMaxBuffer is the longest set-up or clear-down the schema allows.
const hoursMaxBuffer = 240

// hoursDay is one weekday's row of an hours form: its field names start
// with Key ("d1", or "s12-d1" for a space's Monday).
type hoursDay struct {
	Key, Name     string
	Weekday       int
	Opens, Closes string
}

// hoursSpace is one space's part of the hours form.
type hoursSpace struct {
	Space model.Space
	// Key starts the space's field names: "s12".
	Key string
	// Same is ticked to open the space when the venue is.
	Same                      bool
	Days                      []hoursDay
	Setup, Cleardown, Partner string
	// hasSetup, hasCleardown and hasPartner are whether the form sent
	// the rules' fields.
	hasSetup, hasCleardown, hasPartner bool
}

// hoursForm is the opening hours of a venue and its spaces as typed.
type hoursForm struct {
	Days   []hoursDay
	Spaces []hoursSpace
	Errors fieldErrors
}

// Open reports whether a space's part of the form starts open: it has
// hours of its own, or a problem.
func (f hoursForm) Open(sp hoursSpace) bool {
	if !sp.Same {
		return true
	}
	for _, p := range f.Errors {
		if strings.HasPrefix(p.Field, sp.Key+"-") {
			return true
		}
	}
	return false
}

// hoursTable is the argument of the hours-days template: a week's rows
// with the form's problems.
type hoursTable struct {
	Caption string
	Days    []hoursDay
	Errors  fieldErrors
}

// Table is the argument of the hours-days template for days.
func (f hoursForm) Table(caption string, days []hoursDay) hoursTable {
	return hoursTable{Caption: caption, Days: days, Errors: f.Errors}
}

// hoursClock writes minutes past midnight as 09:30.
func hoursClock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// hoursDays are the form rows of periods, one a weekday (the first
// period of each day: the form offers one).
func hoursDays(prefix string, periods []model.OpeningPeriod) []hoursDay {
	days := make([]hoursDay, 7)
	for i := range days {
		days[i] = hoursDay{Key: prefix + "d" + strconv.Itoa(i+1), Name: hoursWeekdays[i], Weekday: i + 1}
	}
	for _, p := range periods {
		if d := &days[p.Weekday-1]; d.Opens == "" {
			d.Opens, d.Closes = hoursClock(p.Opens), hoursClock(p.Closes)
		}
	}
	return days
}

func hoursFormOf(spaces []model.Space, h store.VenueHours) hoursForm {
	f := hoursForm{Days: hoursDays("", h.Venue)}
	for _, sp := range spaces {
		key := "s" + strconv.FormatInt(sp.ID, 10)
		r := h.Rules[sp.ID]
		own := h.Spaces[sp.ID]
		f.Spaces = append(f.Spaces, hoursSpace{Space: sp, Key: key, Same: len(own) == 0, Days: hoursDays(key+"-", own),
			Setup: strconv.Itoa(r.Setup), Cleardown: strconv.Itoa(r.Cleardown), Partner: r.PartnerBooking})
	}
	return f
}

func readHoursForm(c *gin.Context, spaces []model.Space) hoursForm {
	readDays := func(prefix string) []hoursDay {
		days := hoursDays(prefix, nil)
		for i := range days {
			days[i].Opens = trimmed(c, days[i].Key+"-opens")
			days[i].Closes = trimmed(c, days[i].Key+"-closes")
		}
		return days
	}
	f := hoursForm{Days: readDays("")}
	for _, sp := range spaces {
		key := "s" + strconv.FormatInt(sp.ID, 10)
		h := hoursSpace{Space: sp, Key: key, Days: readDays(key + "-")}
		h.Same = c.PostForm(key+"-same") != ""
		var setup, cleardown, partner string
		setup, h.hasSetup = c.GetPostForm(key + "-setup")
		cleardown, h.hasCleardown = c.GetPostForm(key + "-cleardown")
		partner, h.hasPartner = c.GetPostForm(key + "-partner")
		h.Setup, h.Cleardown, h.Partner = strings.TrimSpace(setup), strings.TrimSpace(cleardown), partner
		f.Spaces = append(f.Spaces, h)
	}
	return f
}

// hoursPeriods validates days, recording problems named with who ("" for the
// venue, or "Hall, "), and returns the open ones.
func hoursPeriods(days []hoursDay, who string, errs *fieldErrors) []model.OpeningPeriod {
	var out []model.OpeningPeriod
	for _, d := range days {
		if d.Opens == "" && d.Closes == "" {
			continue
		}
		opens, okO := parseClock(d.Opens)
		closes, okC := parseClock(d.Closes)
		switch {
		case d.Opens == "":
			errs.add(d.Key+"-opens", who+d.Name+": enter the opening time too, or leave both empty for closed")
		case !okO:
			errs.add(d.Key+"-opens", who+d.Name+": enter the opening time like 09:00 or 9.30")
		}
		switch {
		case d.Closes == "":
			errs.add(d.Key+"-closes", who+d.Name+": enter the closing time too, or leave both empty for closed")
		case !okC:
			errs.add(d.Key+"-closes", who+d.Name+": enter the closing time like 17:00 or 5.30")
		case okO && closes <= opens:
			errs.add(d.Key+"-closes", who+d.Name+": the closing time must be after the opening time, "+hoursClock(opens))
		}
		if okO && okC && closes > opens {
			out = append(out, model.OpeningPeriod{Weekday: d.Weekday, Opens: opens, Closes: closes})
		}
	}
	return out
}

// hours validates the form and returns what to save.
func (f *hoursForm) hours() store.VenueHours {
	h := store.VenueHours{Venue: hoursPeriods(f.Days, "", &f.Errors), Spaces: map[int64][]model.OpeningPeriod{},
		Rules: map[int64]store.SpaceRules{}}
	for i := range f.Spaces {
		sp := &f.Spaces[i]
		who := sp.Space.Name + ", "
		if !sp.Same {
			if own := hoursPeriods(sp.Days, who, &f.Errors); len(own) > 0 {
				h.Spaces[sp.Space.ID] = own
			}
		}
		if !sp.hasSetup && !sp.hasCleardown && !sp.hasPartner {
			continue // not on the form sent: leave the space's rules be
		}
		r := store.SpaceRules{PartnerBooking: sp.Partner}
		r.Setup = hoursBuffer(sp.Setup, sp.Key+"-setup", who+"enter the set-up time in minutes, a whole number from 0 to 240", &f.Errors)
		r.Cleardown = hoursBuffer(sp.Cleardown, sp.Key+"-cleardown", who+"enter the clear-down time in minutes, a whole number from 0 to 240", &f.Errors)
		if !hoursPartnerMode(sp.Partner) {
			f.Errors.add(sp.Key+"-partner", who+"choose how partners book it")
		}
		h.Rules[sp.Space.ID] = r
	}
	return h
}

// hoursBuffer reads minutes of set-up or clear-down; empty is none.
func hoursBuffer(s, field, msg string, errs *fieldErrors) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > hoursMaxBuffer {
		errs.add(field, msg)
	}
	return n
}

func hoursPartnerMode(s string) bool {
	for _, o := range hoursPartnerModes {
		if o.Value == s {
			return true
		}
	}
	return false
}

// hoursPage is the form for a venue's opening hours and how its spaces
// are booked.
type hoursPage struct {
	Layout
	Venue model.Venue
	Form  hoursForm
}

// PartnerModes lists how partners may book a space.
func (hoursPage) PartnerModes() []option { return hoursPartnerModes }

// hoursVenue loads the venue named by :slug and its spaces, answering
// 404 itself.
func (s *Server) hoursVenue(c *gin.Context) (model.Venue, []model.Space, bool) {
	ctx := c.Request.Context()
	v, err := s.deps.Store.Venue(ctx, c.Param("slug"))
	if s.failed(c, err) {
		return v, nil, false
	}
	spaces, err := s.deps.Store.Spaces(ctx, v.ID)
	if err != nil {
		s.serverError(c, err)
		return v, nil, false
	}
	return v, spaces, true
}

// hoursForm shows a venue's opening hours, its spaces' own, and how each
// space is booked.
func (s *Server) hoursForm(c *gin.Context) {
	v, spaces, ok := s.hoursVenue(c)
	if !ok {
		return
	}
	h, err := s.deps.Store.VenueHours(c.Request.Context(), v.ID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "staff-hours", hoursPage{Layout: s.layout(c, "Opening hours of "+v.Name), Venue: v,
		Form: hoursFormOf(spaces, h)})
}

// hoursUpdate saves a venue's opening hours and its spaces' hours and
// booking rules. An empty form sets no hours.
func (s *Server) hoursUpdate(c *gin.Context) {
	v, spaces, ok := s.hoursVenue(c)
	if !ok || !s.parseForm(c) {
		return
	}
	f := readHoursForm(c, spaces)
	h := f.hours()
	if f.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "staff-hours", hoursPage{Layout: s.layout(c, "Opening hours of "+v.Name),
			Venue: v, Form: f})
		return
	}
	if err := s.deps.Store.SetVenueHours(c.Request.Context(), actor(c), v, h); s.failed(c, err) {
		return
	}
	s.flash(c, "Opening hours saved for "+v.Name+".")
	c.Redirect(http.StatusSeeOther, "/staff/venues/"+v.Slug+"/hours")
}
