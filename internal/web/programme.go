package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// programmePerPage is how many sessions one page of the programme lists.
const programmePerPage = 25

// dayGroup is the sessions of one calendar day, in start order.
type dayGroup struct {
	Date     time.Time
	Sessions []model.Session
}

// groupByDay splits sessions (already in start order) by calendar day in loc.
func groupByDay(sessions []model.Session, loc *time.Location) []dayGroup {
	var days []dayGroup
	for _, s := range sessions {
		y, m, d := s.StartsAt.In(loc).Date()
		if n := len(days); n > 0 {
			if py, pm, pd := days[n-1].Date.Date(); py == y && pm == m && pd == d {
				days[n-1].Sessions = append(days[n-1].Sessions, s)
				continue
			}
		}
		days = append(days, dayGroup{Date: time.Date(y, m, d, 0, 0, 0, 0, loc), Sessions: []model.Session{s}})
	}
	return days
}

// pageLink is one entry of the pagination: a page, or a gap (…) between
// the pages shown.
type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// pagination returns the page links, and the previous and next pages' URLs
// (empty where there is none), for page of a list of total items.
func pagination(page, total, perPage int, url func(int) string) (links []pageLink, prev, next string) {
	pages := (total + perPage - 1) / perPage
	if pages <= 1 {
		return nil, "", ""
	}
	if page > 1 && page <= pages {
		prev = url(page - 1)
	}
	if page < pages {
		next = url(page + 1)
	}
	return pageWindow(page, pages, url), prev, next
}

// pageWindow lists the first and last pages and those within two of the
// current one, with gaps between: a long programme gets a short pager.
func pageWindow(current, pages int, url func(int) string) []pageLink {
	var links []pageLink
	for n := 1; n <= pages; n++ {
		if n == 1 || n == pages || (n >= current-2 && n <= current+2) {
			links = append(links, pageLink{Number: n, URL: url(n), Current: n == current})
		} else if len(links) > 0 && !links[len(links)-1].Gap {
			links = append(links, pageLink{Gap: true})
		}
	}
	return links
}

type programmePage struct {
	Layout
	Query      programmeQuery
	Vocabulary vocabulary
	Days       []dayGroup
	Total      int
	First      int // position of the first session shown, from 1
	Last       int
	Pages      []pageLink
	PrevURL    string
	NextURL    string
	ClearURL   string
	// Subscribe is the calendar feed of what the page shows.
	Subscribe subscribeBlock
}

// subscribeBlock is the argument of the subscribe partial: a calendar
// feed's addresses, the id of the box to copy the address from (unique on
// the page), and, where a page offers several feeds, the name that tells
// their links apart.
type subscribeBlock struct {
	ID, Name string
	// Webcal is trusted: we make it from BaseURL, and html/template would
	// otherwise refuse the webcal scheme.
	Webcal        template.URL
	HTTPS, Google string
}

// subscribe is the subscribe block of the feed at path with query: its
// address as webcal:// (which opens the calendar app), as https:// (to
// copy into Outlook on the web or anything else), and Google Calendar's
// "add by URL" link.
func (s *Server) subscribe(id, name, path string, query url.Values) subscribeBlock {
	u := *s.deps.BaseURL
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawQuery = query.Encode()
	b := subscribeBlock{ID: id, Name: name, HTTPS: u.String()}
	u.Scheme = "webcal"
	b.Webcal = template.URL(u.String())
	b.Google = "https://calendar.google.com/calendar/render?cid=" + url.QueryEscape(u.String())
	return b
}

// feedQuery is the part of the programme's filters a calendar feed keeps:
// which venue, topic and audience. Dates and pages mean nothing to a
// subscription.
func (q programmeQuery) feedQuery() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"venue", q.Venue}, {"theme", q.Theme}, {"audience", q.Audience}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	return v
}

// programme is the home page: the upcoming programme of every venue,
// grouped by day, filtered by GET parameters so any view can be bookmarked.
func (s *Server) programme(c *gin.Context) {
	ctx := c.Request.Context()
	vocab, err := s.vocabulary(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	q := parseProgrammeQuery(c.Request.URL.Query(), vocab, s.deps.Location, programmePerPage)
	sessions, total, err := s.deps.Store.UpcomingSessions(ctx, s.deps.Now(), q.Filter)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := programmePage{
		Layout:     s.layout(c, "What's on"),
		Query:      q,
		Vocabulary: vocab,
		Days:       groupByDay(sessions, s.deps.Location),
		Total:      total,
		ClearURL:   "/",
		Subscribe:  s.subscribe("feed-address", "", "/feeds/programme.ics", q.feedQuery()),
	}
	if len(sessions) > 0 {
		p.First = q.Filter.Offset + 1
		p.Last = q.Filter.Offset + len(sessions)
	} else if q.Page > 1 && total > 0 {
		q.Problems = append(q.Problems, problem{Param: "page", Message: "There is no such page: the list is shorter than that."})
		p.Query = q
	}
	p.Pages, p.PrevURL, p.NextURL = pagination(q.Page, total, programmePerPage, func(n int) string { return "/?" + q.values(n).Encode() })
	s.render(c, http.StatusOK, "programme", p)
}
