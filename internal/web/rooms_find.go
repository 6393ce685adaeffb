package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// findLengths are the lengths a person may look for, in minutes: half an
// hour to a working day, in half hours.
var findLengths = func() []option {
	var opts []option
	for m := 30; m <= 8*60; m += 30 {
		opts = append(opts, option{strconv.Itoa(m), lengthText(time.Duration(m) * time.Minute)})
	}
	return opts
}()

// lengthText says a length the way people do: "1 hour 30 minutes".
func lengthText(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if h > 0 {
		parts = append(parts, pluralise(h, "hour", "hours"))
	}
	if m > 0 || h == 0 {
		parts = append(parts, pluralise(m, "minute", "minutes"))
	}
	return strings.Join(parts, " ")
}

// findForm is the search for a free space as the person typed it.
type findForm struct {
	Venue, Date, From, To, Length, People string
	Features                              []string
	Errors                                fieldErrors
}

// Has reports whether the feature key is ticked.
func (f findForm) Has(key string) bool { return slices.Contains(f.Features, key) }

// readFindForm reads the search from the query string; searched is false
// when the page was opened without one, and the form then has defaults.
func (s *Server) readFindForm(c *gin.Context) (f findForm, searched bool) {
	if _, searched = c.GetQuery("date"); !searched {
		today := s.deps.Now().In(s.deps.Location).Format(time.DateOnly)
		return findForm{Venue: c.Query("venue"), Date: today, From: "09:00", To: "17:00", Length: "60"}, false
	}
	return findForm{
		Venue:    strings.TrimSpace(c.Query("venue")),
		Date:     strings.TrimSpace(c.Query("date")),
		From:     strings.TrimSpace(c.Query("from")),
		To:       strings.TrimSpace(c.Query("to")),
		Length:   strings.TrimSpace(c.Query("length")),
		People:   strings.ReplaceAll(strings.TrimSpace(c.Query("people")), ",", ""),
		Features: tickedFeatures(model.SpaceFeatures, c.QueryArray("features")),
	}, true
}

// query validates the form against the venues, recording each problem
// next to its field, and returns the search to run.
func (f *findForm) query(venues []model.Venue, loc *time.Location, now time.Time) store.FreeSpaceQuery {
	q := store.FreeSpaceQuery{People: 1, Features: f.Features}
	if f.Venue != "" {
		i := slices.IndexFunc(venues, func(v model.Venue) bool { return v.Slug == f.Venue })
		if i < 0 {
			f.Errors.add("venue", "Choose a venue from the list, or all venues")
		} else {
			q.VenueID = venues[i].ID
		}
	}
	day, dayOK := parseFormDate(f.Date, loc)
	today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
	switch {
	case f.Date == "":
		f.Errors.add("date", "Enter the date, like 17/3/2027")
	case !dayOK:
		f.Errors.add("date", "Enter a real date, like 17/3/2027")
	case day.Before(today):
		f.Errors.add("date", "That date has passed: choose today or a later date")
	}
	from, fromOK := parseClock(f.From)
	if !fromOK {
		f.Errors.add("from", "Enter the earliest start as a time like 09:00 or 9.30")
	}
	to, toOK := parseClock(f.To)
	switch {
	case !toOK:
		f.Errors.add("to", "Enter the latest finish as a time like 17:00 or 5.30")
	case fromOK && to <= from:
		f.Errors.add("to", fmt.Sprintf("The latest finish must be after the earliest start, %02d:%02d", from/60, from%60))
	}
	minutes, err := strconv.Atoi(f.Length)
	listed := slices.ContainsFunc(findLengths, func(o option) bool { return o.Value == f.Length })
	if err != nil || !listed {
		f.Errors.add("length", "Choose how long you need the space for from the list")
	} else if fromOK && toOK && to > from && minutes > to-from {
		f.Errors.add("length", fmt.Sprintf("%s does not fit between %s and %s: choose a shorter time, or widen the times",
			lengthText(time.Duration(minutes)*time.Minute), f.From, f.To))
	}
	if f.People != "" {
		n, err := strconv.Atoi(f.People)
		if err != nil || n < 1 || n > maxCapacity {
			f.Errors.add("people", "Enter how many people as a whole number, like 12")
		}
		q.People = n
	}
	q.Day = day
	q.From, q.To = atClock(day, from, loc), atClock(day, to, loc)
	q.Length = time.Duration(minutes) * time.Minute
	return q
}

// roomsFindPage is the search for a free space and what fits.
type roomsFindPage struct {
	Layout
	Venues   []model.Venue
	Form     findForm
	Searched bool
	Results  []freeResult
}

// Lengths lists the lengths to choose from.
func (roomsFindPage) Lengths() []option { return findLengths }

// Features lists the features a space can have.
func (roomsFindPage) Features() []model.Feature { return model.SpaceFeatures }

// freeResult is one space that fits, with when it is free.
type freeResult struct {
	Space model.Space
	Venue model.Venue
	// Note says how the viewer may book it, if not straight away.
	Note    string
	Windows []freeWindowView
}

// freeWindowView is a free time and the slots in it, each linking to the
// booking form when the viewer may book.
type freeWindowView struct {
	From, To string
	Starts   []freeStart
}

// freeStart is one slot: its start and end, and the booking form's
// address for it ("" for a viewer who cannot book).
type freeStart struct {
	Start, End, URL string
}

// freeResults turns what the store found into what the page shows to a
// viewer with role.
func freeResults(found []store.FreeSpace, role model.Role, length time.Duration, loc *time.Location) []freeResult {
	out := make([]freeResult, 0, len(found))
	for _, f := range found {
		r := freeResult{Space: f.Space, Venue: f.Venue}
		canBook := role == model.RoleStaff || role == model.RoleAdmin || role == model.RolePartner
		if role == model.RolePartner {
			switch f.PartnerBooking {
			case "staff":
				canBook, r.Note = false, "Only library staff book this space: ask them."
			case "request":
				r.Note = "Library staff approve partners' bookings of this space."
			}
		}
		for _, w := range f.Windows {
			wv := freeWindowView{From: w.From.In(loc).Format("15:04"), To: w.To.In(loc).Format("15:04")}
			for _, st := range w.Starts {
				start, end := st.In(loc), st.Add(length).In(loc)
				fs := freeStart{Start: start.Format("15:04"), End: end.Format("15:04")}
				if canBook {
					fs.URL = fmt.Sprintf("/rooms/%s/%s/book?%s", url.PathEscape(f.Venue.Slug), url.PathEscape(f.Space.Slug),
						url.Values{"date": {start.Format(time.DateOnly)}, "start": {fs.Start}, "end": {fs.End}}.Encode())
				}
				wv.Starts = append(wv.Starts, fs)
			}
			r.Windows = append(r.Windows, wv)
		}
		out = append(out, r)
	}
	return out
}

// roomsFind shows the search for a free space and, once searched, the
// spaces that fit with their free times.
func (s *Server) roomsFind(c *gin.Context) {
	ctx := c.Request.Context()
	venues, err := s.deps.Store.Venues(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	page := roomsFindPage{Venues: venues}
	page.Form, page.Searched = s.readFindForm(c)
	if page.Searched {
		q := page.Form.query(venues, s.deps.Location, s.deps.Now())
		if !page.Form.Errors.Any() {
			found, err := s.deps.Store.FreeSpaces(ctx, q)
			if err != nil {
				s.serverError(c, err)
				return
			}
			u, _ := currentUser(c)
			page.Results = freeResults(found, u.Role, q.Length, s.deps.Location)
		}
	}
	page.Layout = s.layout(c, "Find a free space")
	s.render(c, page.Form.Errors.status(), "rooms-find", page)
}
