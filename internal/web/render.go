package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// Layout is what the page frame needs; every page's data embeds it.
type Layout struct {
	// Title is the page's own title; the service name is added after it.
	Title string
	// Service and Phone name the library service in the header and footer.
	Service string
	Phone   string
	// Path is the request path, to mark the current navigation item.
	Path string
	// User is the signed-in person, if any.
	User *model.User
	// Flash is a one-off message from the previous action ("Session saved").
	Flash string
}

// parseTemplates parses each page in pages/ together with the layout and
// every partial, once, at start: a broken template stops the start.
func parseTemplates(fsys fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	shared, err := template.New("").Funcs(funcs).ParseFS(fsys, "layouts/*.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layouts and partials: %w", err)
	}
	names, err := fs.Glob(fsys, "pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := make(map[string]*template.Template, len(names))
	for _, name := range names {
		t, err := shared.Clone()
		if err == nil {
			t, err = t.ParseFS(fsys, name)
		}
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return pages, nil
}

// render executes the page template name into a buffer and writes it with
// status; a template failure becomes the plain error page.
func (s *Server) render(c *gin.Context, status int, name string, data any) {
	t, ok := s.pages[name]
	if !ok {
		s.serverError(c, fmt.Errorf("no page template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", data); err != nil {
		s.serverError(c, fmt.Errorf("render %s: %w", name, err))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

func (s *Server) layout(c *gin.Context, title string) Layout {
	l := Layout{Title: title, Service: s.deps.ServiceName, Phone: s.deps.ServicePhone, Path: c.Request.URL.Path}
	if u, ok := currentUser(c); ok {
		l.User = &u
	}
	if c.GetBool(sessionLoadedKey) && c.Request.Method == http.MethodGet {
		l.Flash = s.popFlash(c)
	}
	return l
}

// funcs are the helpers templates may call. Dates read the way people say
// them: "Tuesday 3 March", "10:00 to 11:30".
func (s *Server) funcs() template.FuncMap {
	loc := s.deps.Location
	return template.FuncMap{
		"asset": s.assets.url,
		"day": func(t time.Time) string {
			t = t.In(loc)
			if t.Year() != s.deps.Now().In(loc).Year() {
				return t.Format("Monday 2 January 2006")
			}
			return t.Format("Monday 2 January")
		},
		"timeRange": func(start, end time.Time) string {
			return start.In(loc).Format("15:04") + " to " + end.In(loc).Format("15:04")
		},
		"isoTime":     func(t time.Time) string { return t.In(loc).Format(time.RFC3339) },
		"isoDate":     func(t time.Time) string { return t.In(loc).Format(time.DateOnly) },
		"places":      placesText,
		"phone":       phoneText,
		"lines":       func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
		"venueAccess": func(v model.Venue) []string { return model.FeatureLabels(model.VenueFeatures, v.Features) },
		"spaceAccess": func(sp model.Space) []string { return model.FeatureLabels(model.SpaceFeatures, sp.Features) },
		"pluralise":   pluralise,
		"mapsURL": func(v model.Venue) string {
			return "https://www.openstreetmap.org/search?query=" + url.QueryEscape(v.Postcode)
		},
		"telURL":      func(phone string) template.URL { return template.URL("tel:" + strings.ReplaceAll(phone, " ", "")) },
		"currentPage": func(l Layout, p string) bool { return l.Path == p },
		"currentSection": func(l Layout, p string) bool {
			return l.Path == p || strings.HasPrefix(l.Path, p+"/")
		},
		"sessionURL":   func(s model.Session) string { return "/sessions/" + s.PublicID },
		"venueURL":     func(v model.Venue) string { return "/venues/" + v.Slug },
		"programmeURL": func(venueSlug string) string { return "/?venue=" + url.QueryEscape(venueSlug) },
		"version":      store.Version,
		"minus":        func(a, b int) int { return a - b },
		"pager": func(label string, pages []pageLink, prev, next string) pagerData {
			return pagerData{label, pages, prev, next}
		},
		"idString":    func(id int64) string { return strconv.FormatInt(id, 10) },
		"statusLabel": statusLabel,
		"repeatOptions": func() []option {
			return []option{{"", "No, it happens once"}, {"weekly", "Every week"}, {"fortnightly", "Every 2 weeks"},
				{"monthly", "Every month, on the same weekday (for example the second Tuesday)"}}
		},
		"dayList": func(days []dayGroup, nested bool) dayList { return dayList{Days: days, Nested: nested} },
		"card":    func(s model.Session, nested bool) sessionCard { return sessionCard{S: s, Nested: nested} },
	}
}

// dayList is the argument of the day-list partial: Nested puts the day
// headings at h3, under a page's own h2.
type dayList struct {
	Days   []dayGroup
	Nested bool
}

// sessionCard is the argument of the session-card partial.
type sessionCard struct {
	S      model.Session
	Nested bool
}

// placesText says in words whether and how a person can come.
func placesText(s model.Session) string {
	switch {
	case s.Cancelled():
		return "Cancelled"
	case s.DropIn():
		return "Drop in, no booking needed"
	case s.Full():
		return "Fully booked"
	default:
		return pluralise(s.PlacesLeft(), "place left", "places left")
	}
}

func pluralise(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// pagerData is the argument of the pager partial.
type pagerData struct {
	Label            string
	Pages            []pageLink
	PrevURL, NextURL string
}

// option is a choice in a select or radio group.
type option struct {
	Value, Label string
}

// statusLabel names a session's status for staff and partners.
func statusLabel(st model.SessionStatus) string {
	switch st {
	case model.StatusProposed:
		return "Proposed, waiting for staff"
	case model.StatusScheduled:
		return "In the programme"
	case model.StatusCancelled:
		return "Cancelled"
	case model.StatusDeclined:
		return "Declined"
	}
	return string(st)
}
