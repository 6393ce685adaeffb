package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// Support for suggestions is limited per client address: a burst, for a
// library's public computers behind one address, then one every ten
// seconds. The browser key stops the easy double count; this bounds the
// rest (cleared cookies, scripts).
const (
	supportTries = 30
	supportEvery = 10 * time.Second
)

// publicSuggestions are the statuses the public sees.
var publicSuggestions = []model.SuggestionStatus{model.SuggestionPublished, model.SuggestionPlanned, model.SuggestionNotNow}

// suggestionsPage is the public list: open suggestions gathering support,
// and "you said, we did": what was planned and what is not for now.
type suggestionsPage struct {
	Layout
	Open, Planned, NotNow []model.Suggestion
	// Theme and Venue are the filters as chosen (slugs), Themes and Venues
	// what they offer.
	Theme, Venue string
	Themes       []model.Theme
	Venues       []model.Venue
}

// Filtered reports whether a filter narrows the list.
func (p suggestionsPage) Filtered() bool { return p.Theme != "" || p.Venue != "" }

// suggestionList shows published suggestions with their support, and what
// became of the others: planned ones with the sessions that answer them,
// "not now" ones with the reason. Unknown filters are ignored.
func (s *Server) suggestionList(c *gin.Context) {
	ctx := c.Request.Context()
	page := suggestionsPage{Layout: s.layout(c, "Suggestions for sessions")}
	var err error
	if page.Themes, err = s.deps.Store.Themes(ctx); s.failed(c, err) {
		return
	}
	if page.Venues, err = s.deps.Store.Venues(ctx); s.failed(c, err) {
		return
	}
	for _, t := range page.Themes {
		if t.Slug == c.Query("theme") {
			page.Theme = t.Slug
		}
	}
	for _, v := range page.Venues {
		if v.Slug == c.Query("venue") {
			page.Venue = v.Slug
		}
	}
	list, err := s.deps.Store.Suggestions(ctx, model.SuggestionFilter{Statuses: publicSuggestions,
		ThemeSlug: page.Theme, VenueSlug: page.Venue, Limit: 500})
	if s.failed(c, err) {
		return
	}
	for _, g := range list {
		switch g.Status {
		case model.SuggestionPublished:
			page.Open = append(page.Open, g)
		case model.SuggestionPlanned:
			page.Planned = append(page.Planned, g)
		case model.SuggestionNotNow:
			page.NotNow = append(page.NotNow, g)
		}
	}
	s.render(c, http.StatusOK, "suggestions", page)
}

// suggestionPage is one public suggestion, with what came of the last
// click on its support button.
type suggestionPage struct {
	Layout
	Suggestion model.Suggestion
	// Support is "thanks", "already" or "closed" after a support click.
	Support string
	// RetryAfter says how long to wait after too many clicks.
	RetryAfter string
}

// suggestionShow is one published suggestion. New and removed ones are
// not public (404); a merged one sends the browser to the one it joined.
func (s *Server) suggestionShow(c *gin.Context) {
	g, ok := s.publicSuggestion(c)
	if !ok {
		return
	}
	page := suggestionPage{Layout: s.layout(c, g.What), Suggestion: g}
	switch c.Query("support") {
	case "thanks", "already", "closed":
		page.Support = c.Query("support")
	}
	s.render(c, http.StatusOK, "suggestion", page)
}

// suggestionSupport adds this browser's support to a published or planned
// suggestion, once, and goes back to it saying what happened. Support for
// a suggestion that has joined another goes to that one.
func (s *Server) suggestionSupport(c *gin.Context) {
	g, ok := s.publicSuggestion(c)
	if !ok || !s.parseForm(c) {
		return
	}
	c.Header("Cache-Control", "no-store")
	if wait, refused := s.limited(c, s.supportLimit, "support"); refused {
		s.render(c, http.StatusTooManyRequests, "suggestion", suggestionPage{Layout: s.layout(c, g.What), Suggestion: g, RetryAfter: wait})
		return
	}
	added, err := s.deps.Store.SupportSuggestion(c.Request.Context(), g.PublicID, s.browserKey(c))
	outcome := "already"
	switch {
	case errors.Is(err, model.ErrNotSupportable):
		outcome = "closed"
	case s.failed(c, err):
		return
	case added:
		outcome = "thanks"
	}
	c.Redirect(http.StatusSeeOther, "/suggestions/"+g.PublicID+"?support="+outcome+"#support")
}

// publicSuggestion reads the suggestion in the path as the public may see
// it. Unknown, new and removed ones answer 404. A merged one answers a
// redirect to the one it joined (303: for a POST, the browser then asks
// for that page) and, for a support click, false only after supporting
// that one instead.
func (s *Server) publicSuggestion(c *gin.Context) (model.Suggestion, bool) {
	id := c.Param("id")
	if !validPublicID.MatchString(id) {
		s.notFound(c)
		return model.Suggestion{}, false
	}
	g, err := s.deps.Store.Suggestion(c.Request.Context(), id)
	switch {
	case s.failed(c, err):
		return g, false
	case g.Status == model.SuggestionMerged && c.Request.Method == http.MethodPost:
		// An old page's button: the support counts on the one it joined.
		if target, err := s.deps.Store.Suggestion(c.Request.Context(), g.MergedInto); err == nil && target.Status.Public() {
			return target, true
		}
		c.Redirect(http.StatusSeeOther, "/suggestions/"+url.PathEscape(g.MergedInto))
		return g, false
	case g.Status == model.SuggestionMerged:
		c.Redirect(http.StatusSeeOther, "/suggestions/"+url.PathEscape(g.MergedInto))
		return g, false
	case !g.Status.Public():
		s.notFound(c)
		return g, false
	}
	return g, true
}

// suggestionStatusText says where a suggestion stands, in the public's
// words.
func suggestionStatusText(st model.SuggestionStatus) string {
	switch st {
	case model.SuggestionNew:
		return "New, waiting to be read"
	case model.SuggestionPublished:
		return "Open for support"
	case model.SuggestionPlanned:
		return "Planned"
	case model.SuggestionNotNow:
		return "Not now"
	case model.SuggestionMerged:
		return "Merged into another"
	case model.SuggestionRemoved:
		return "Removed"
	}
	return string(st)
}

// StatusText names a suggestion's status.
func (suggestionPage) StatusText(st model.SuggestionStatus) string { return suggestionStatusText(st) }
