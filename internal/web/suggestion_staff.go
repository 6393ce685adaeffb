package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// planChoices is how many upcoming sessions the plan form offers to tick;
// others are given by their link.
const planChoices = 40

// suggestionQueuePage lists suggestions for staff: new first, with counts.
type suggestionQueuePage struct {
	Layout
	Suggestions []model.Suggestion
	// Status is the status shown ("" for all), Counts how many have each.
	Status   string
	Counts   []suggestionCount
	Statuses []model.SuggestionStatus
}

// suggestionCount is how many suggestions have a status.
type suggestionCount struct {
	Status model.SuggestionStatus
	Label  string
	N      int
}

// StatusText names a suggestion's status.
func (suggestionQueuePage) StatusText(st model.SuggestionStatus) string {
	return suggestionStatusText(st)
}

// suggestionQueue lists the community's suggestions for staff: new ones
// (waiting to be read) first, then the rest by status, each status with
// its count; ?status= shows one status.
func (s *Server) suggestionQueue(c *gin.Context) {
	ctx := c.Request.Context()
	page := suggestionQueuePage{Layout: s.layout(c, "Suggestions from the community")}
	counts, err := s.deps.Store.SuggestionCounts(ctx)
	if s.failed(c, err) {
		return
	}
	var f model.SuggestionFilter
	for _, st := range model.SuggestionStatuses {
		page.Counts = append(page.Counts, suggestionCount{Status: st, Label: suggestionStatusText(st), N: counts[st]})
		if string(st) == c.Query("status") {
			page.Status, f.Statuses = string(st), []model.SuggestionStatus{st}
		}
	}
	f.Limit = 500
	if page.Suggestions, err = s.deps.Store.Suggestions(ctx, f); s.failed(c, err) {
		return
	}
	s.render(c, http.StatusOK, "suggestion-queue", page)
}

// suggestionDecision is what staff typed and ticked in the decision forms,
// kept as given.
type suggestionDecision struct {
	Action       string
	Sessions     []string
	SessionIDs   string
	PlanResponse string
	Reason       string
	MergeInto    string
}

// Ticked reports whether the session publicID was ticked for the plan.
func (d suggestionDecision) Ticked(publicID string) bool {
	return slices.Contains(d.Sessions, publicID)
}

// suggestionModeratePage is one suggestion for staff, with its contact
// details and the decisions they can make.
type suggestionModeratePage struct {
	Layout
	Suggestion model.Suggestion
	// Upcoming are sessions to tick for a plan; Targets the suggestions
	// this one can join.
	Upcoming []model.Session
	Targets  []model.Suggestion
	Form     suggestionDecision
	Errors   fieldErrors
}

// StatusText names a suggestion's status.
func (suggestionModeratePage) StatusText(st model.SuggestionStatus) string {
	return suggestionStatusText(st)
}

// Linked reports whether the session publicID already answers the
// suggestion.
func (p suggestionModeratePage) Linked(publicID string) bool {
	return slices.ContainsFunc(p.Suggestion.Sessions, func(m model.Session) bool { return m.PublicID == publicID })
}

// suggestionModerate shows one suggestion to staff with its contact
// details, and the forms to publish, plan, say not now, merge or remove it.
func (s *Server) suggestionModerate(c *gin.Context) {
	page, ok := s.suggestionModeratePage(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "suggestion-moderate", page)
}

// suggestionDecide makes the decision posted (action publish, plan,
// not_now, merge or remove), audited, and goes back to the queue. Problems
// (an unknown action, no reason for not now, no or unknown sessions for a
// plan, a merge into itself or into one that cannot take it) come back on
// the page with 422 and what was typed.
func (s *Server) suggestionDecide(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	page, ok := s.suggestionModeratePage(c)
	if !ok {
		return
	}
	form := suggestionDecision{
		Action: c.PostForm("action"), Sessions: c.PostFormArray("sessions"), SessionIDs: trimmed(c, "session_ids"),
		PlanResponse: multiline(c, "plan_response"), Reason: multiline(c, "reason"), MergeInto: trimmed(c, "merge_into"),
	}
	page.Form = form
	d, errs := form.decision()
	g := page.Suggestion
	if !errs.Any() {
		err := s.deps.Store.DecideSuggestion(c.Request.Context(), actor(c), g.PublicID, d)
		var unknown *model.UnknownSessionError
		switch {
		case errors.As(err, &unknown):
			errs.add("session_ids", "There is no session "+unknown.PublicID+" in the programme: check its link, or tick a session from the list")
		case errors.Is(err, model.ErrNoSessions):
			errs.add("session_ids", "Tick at least one session that answers the suggestion, or give its link")
		case errors.Is(err, model.ErrReasonNeeded):
			errs.add("reason", "Enter why not now: the public sees this")
		case errors.Is(err, model.ErrMergeIntoItself):
			errs.add("merge_into", "Choose another suggestion: a suggestion cannot be merged into itself")
		case errors.Is(err, model.ErrMergeTarget):
			errs.add("merge_into", "Choose a published, planned or not-now suggestion: that one cannot take others")
		case errors.Is(err, model.ErrConflict):
			errs.add("action", "This suggestion has been merged into another, so it cannot be changed")
		case s.failed(c, err):
			return
		default:
			s.flash(c, decidedText(d.Status)+g.What)
			c.Redirect(http.StatusSeeOther, "/staff/suggestions")
			return
		}
	}
	page.Errors = errs
	s.render(c, http.StatusUnprocessableEntity, "suggestion-moderate", page)
}

// decidedText starts the message that says a decision was made.
func decidedText(st model.SuggestionStatus) string {
	switch st {
	case model.SuggestionPublished:
		return "Published, for anyone to see and support: "
	case model.SuggestionPlanned:
		return "Planned, with its sessions shown to the public: "
	case model.SuggestionNotNow:
		return "Marked not now, with your reason shown to the public: "
	case model.SuggestionMerged:
		return "Merged, with its supporters: "
	default:
		return "Removed from public view: "
	}
}

// decision checks the form for its action and returns the decision.
func (f suggestionDecision) decision() (store.SuggestionDecision, fieldErrors) {
	var errs fieldErrors
	var d store.SuggestionDecision
	switch f.Action {
	case "publish":
		d.Status = model.SuggestionPublished
	case "plan":
		d.Status, d.Response = model.SuggestionPlanned, f.PlanResponse
		for _, id := range f.Sessions {
			if validPublicID.MatchString(id) && !slices.Contains(d.Sessions, id) {
				d.Sessions = append(d.Sessions, id)
			}
		}
		for _, word := range strings.FieldsFunc(f.SessionIDs, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
			id := sessionIDFromLink(word)
			if !validPublicID.MatchString(id) {
				errs.add("session_ids", "Give each session as its link (like /sessions/abcd2345efgh) or its id, separated by spaces")
				break
			}
			if !slices.Contains(d.Sessions, id) {
				d.Sessions = append(d.Sessions, id)
			}
		}
		if len(d.Sessions) == 0 {
			errs.add("session_ids", "Tick at least one session that answers the suggestion, or give its link")
		}
		if utf8.RuneCountInString(f.PlanResponse) > 2000 {
			errs.add("plan_response", "Keep what you say to 2,000 characters or fewer")
		}
	case "not_now":
		d.Status, d.Response = model.SuggestionNotNow, f.Reason
		switch {
		case f.Reason == "":
			errs.add("reason", "Enter why not now: the public sees this")
		case utf8.RuneCountInString(f.Reason) > 2000:
			errs.add("reason", "Keep the reason to 2,000 characters or fewer")
		}
	case "merge":
		d.Status, d.MergeInto = model.SuggestionMerged, f.MergeInto
		if f.MergeInto == "" {
			errs.add("merge_into", "Choose the suggestion to merge this one into")
		}
	case "remove":
		d.Status = model.SuggestionRemoved
	default:
		errs.add("action", "Choose what to do with the suggestion: publish, plan, not now, merge or remove")
	}
	return d, errs
}

// sessionIDFromLink is the session id in a link to a session page (any
// host, with or without a query), or word itself.
func sessionIDFromLink(word string) string {
	word, _, _ = strings.Cut(word, "?")
	word, _, _ = strings.Cut(word, "#")
	word = strings.TrimSuffix(word, "/")
	if i := strings.LastIndex(word, "/sessions/"); i >= 0 {
		return word[i+len("/sessions/"):]
	}
	return word
}

// suggestionModeratePage reads the suggestion in the path (any status) and
// what its decision forms offer, or answers 404.
func (s *Server) suggestionModeratePage(c *gin.Context) (suggestionModeratePage, bool) {
	ctx := c.Request.Context()
	var page suggestionModeratePage
	id := c.Param("id")
	if !validPublicID.MatchString(id) {
		s.notFound(c)
		return page, false
	}
	g, err := s.deps.Store.Suggestion(ctx, id)
	if s.failed(c, err) {
		return page, false
	}
	page.Layout, page.Suggestion = s.layout(c, g.What), g
	f := model.SessionFilter{Limit: planChoices}
	if g.Theme != nil {
		f.ThemeSlug = g.Theme.Slug
	}
	upcoming, _, err := s.deps.Store.UpcomingSessions(ctx, s.deps.Now(), f)
	if s.failed(c, err) {
		return page, false
	}
	for _, m := range upcoming {
		if !m.Cancelled() && !page.Linked(m.PublicID) {
			page.Upcoming = append(page.Upcoming, m)
		}
	}
	targets, err := s.deps.Store.Suggestions(ctx, model.SuggestionFilter{Statuses: publicSuggestions, Limit: 500})
	if s.failed(c, err) {
		return page, false
	}
	for _, t := range targets {
		if t.PublicID != g.PublicID {
			page.Targets = append(page.Targets, t)
		}
	}
	return page, true
}
