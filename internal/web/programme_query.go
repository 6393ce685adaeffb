package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"hubbook/internal/model"
)

// vocabulary is what the programme can be filtered by.
type vocabulary struct {
	Venues    []model.Venue
	Themes    []model.Theme
	Audiences []model.Audience
}

func (s *Server) vocabulary(ctx context.Context) (vocabulary, error) {
	var v vocabulary
	var err error
	if v.Venues, err = s.deps.Store.Venues(ctx); err != nil {
		return v, err
	}
	if v.Themes, err = s.deps.Store.Themes(ctx); err != nil {
		return v, err
	}
	v.Audiences, err = s.deps.Store.Audiences(ctx)
	return v, err
}

// problem is one query parameter that could not be used, in plain words.
type problem struct {
	Param   string `json:"param"`
	Message string `json:"message"`
}

// programmeQuery is the programme's filters as a person gave them (to keep in
// the form) and as the store wants them, with what could not be used.
type programmeQuery struct {
	Venue, Theme, Audience, From, To string
	Page                             int
	Filter                           model.SessionFilter
	Problems                         []problem
}

// Active reports whether any filter narrows the programme.
func (q programmeQuery) Active() bool {
	return q.Venue != "" || q.Theme != "" || q.Audience != "" || q.From != "" || q.To != ""
}

// values returns the query string for the same filters on page.
func (q programmeQuery) values(page int) url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"venue", q.Venue}, {"theme", q.Theme}, {"audience", q.Audience}, {"from", q.From}, {"to", q.To}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// parseProgrammeQuery reads venue, theme, audience, from, to and page from
// query. A value that cannot be used is left out of the filter and reported
// as a problem: the page still shows the programme, with a note.
func parseProgrammeQuery(query url.Values, vocab vocabulary, loc *time.Location, perPage int) programmeQuery {
	q := programmeQuery{Page: 1}
	get := func(key string) string { return strings.TrimSpace(query.Get(key)) }
	bad := func(param, format string, args ...any) {
		q.Problems = append(q.Problems, problem{Param: param, Message: fmt.Sprintf(format, args...)})
	}

	if v := strings.ToLower(get("venue")); v != "" {
		if known(vocab.Venues, v, func(x model.Venue) string { return x.Slug }) {
			q.Venue, q.Filter.VenueSlug = v, v
		} else {
			q.Problems = append(q.Problems, unknownVenue(v))
		}
	}
	if v := strings.ToLower(get("theme")); v != "" {
		if known(vocab.Themes, v, func(x model.Theme) string { return x.Slug }) {
			q.Theme, q.Filter.ThemeSlug = v, v
		} else {
			bad("theme", "There is no topic called %q, so sessions on every topic are shown.", v)
		}
	}
	if v := strings.ToLower(get("audience")); v != "" {
		if known(vocab.Audiences, v, func(x model.Audience) string { return x.Slug }) {
			q.Audience, q.Filter.AudienceSlug = v, v
		} else {
			bad("audience", "There is no audience called %q, so sessions for every audience are shown.", v)
		}
	}
	var from, to time.Time
	from, to, q.From, q.To = readDateRange(get, bad, loc, "Sessions from today are shown.", "Sessions on every later date are shown.")
	q.Filter.From = from
	if !to.IsZero() {
		// The end date is inclusive: everything that starts before the next midnight.
		q.Filter.To = to.AddDate(0, 0, 1)
	}
	q.Page = readPage(get, bad)
	q.Filter.Limit = perPage
	q.Filter.Offset = (q.Page - 1) * perPage
	return q
}

// unknownVenue is the note for a venue slug that names no venue.
func unknownVenue(slug string) problem {
	return problem{Param: "venue", Message: fmt.Sprintf("There is no venue called %q, so sessions at every venue are shown.", slug)}
}

// parseDate reads a calendar date as ISO (2026-03-31, what date inputs send)
// or as people in the UK write it (31/03/2026), at midnight in loc.
func parseDate(s string, loc *time.Location) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "2/1/2006", "02/01/2006"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil && t.Year() >= 2000 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}

func known[T any](list []T, slug string, key func(T) string) bool {
	return slices.ContainsFunc(list, func(x T) bool { return key(x) == slug })
}

// readDateRange reads the from and to dates of a filter (each optional, in
// loc) through get, reporting what cannot be used through bad with the
// notes that say what is shown instead. It returns the dates and their
// text to keep in the form.
func readDateRange(get func(string) string, bad func(string, string, ...any), loc *time.Location, fromNote, toNote string) (from, to time.Time, fromText, toText string) {
	date := func(key, otherwise string) (time.Time, string) {
		v := get(key)
		if v == "" {
			return time.Time{}, ""
		}
		d, ok := parseDate(v, loc)
		if !ok {
			bad(key, "%q is not a date. Enter a date like 2026-03-31 or 31/03/2026. %s", v, otherwise)
			return time.Time{}, ""
		}
		return d, d.Format(time.DateOnly)
	}
	from, fromText = date("from", fromNote)
	to, toText = date("to", toNote)
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		bad("to", "The end date, %s, is before the start date, %s, so it is not used.", to.Format("2 January 2006"), from.Format("2 January 2006"))
		to, toText = time.Time{}, ""
	}
	return from, to, fromText, toText
}

// readPage reads the page number through get: 1 when absent or unusable
// (reported through bad).
func readPage(get func(string) string, bad func(string, string, ...any)) int {
	v := get("page")
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		bad("page", "%q is not a page number, so the first page is shown.", v)
		return 1
	}
	return n
}
