package web

import (
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// Suggestions are limited per client address: ten at once (a group at a
// library computer), then one every six minutes.
const (
	suggestionTries = 10
	suggestionEvery = 6 * time.Minute
)

// suggestionForm is what a person typed into the suggestion form, kept as
// typed so that a form sent back with problems loses nothing.
type suggestionForm struct {
	What, Details, Theme, Venue, WhenSuits string
	Name, Email, Phone                     string
	// Website is the honeypot: hidden from people, filled in by bots.
	Website string
}

// suggestionFormPage is the form, its problems, or the thank-you.
type suggestionFormPage struct {
	Layout
	Form   suggestionForm
	Errors fieldErrors
	Themes []model.Theme
	Venues []model.Venue
	// Sent shows the thank-you instead of the form.
	Sent bool
	// RetryAfter says how long to wait after too many suggestions.
	RetryAfter string
}

// suggestionNew is the form to suggest a session, or, after one was sent,
// the thank-you.
func (s *Server) suggestionNew(c *gin.Context) {
	page, ok := s.suggestionFormPage(c)
	if !ok {
		return
	}
	if c.Query("sent") == "1" {
		page.Sent, page.Title = true, "Thank you for your suggestion"
	}
	s.render(c, http.StatusOK, "suggestion-new", page)
}

// suggestionCreate records a suggestion, new and waiting for staff, and
// goes to the thank-you. Problems come back on the form (422) with what
// was typed; too many complete forms from one address, 429.
func (s *Server) suggestionCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	c.Header("Cache-Control", "no-store")
	page, ok := s.suggestionFormPage(c)
	if !ok {
		return
	}
	page.Form = suggestionForm{
		What: trimmed(c, "what"), Details: multiline(c, "details"), Theme: trimmed(c, "theme"), Venue: trimmed(c, "venue"),
		WhenSuits: trimmed(c, "when"), Name: trimmed(c, "name"), Email: trimmed(c, "email"), Phone: trimmed(c, "phone"),
		Website: c.PostForm("website"),
	}
	n, errs := page.Form.suggestion(page.Themes, page.Venues)
	page.Form.Website = "" // never sent back: a browser that filled it in can try again
	if errs.Any() {
		page.Errors = errs
		s.render(c, http.StatusUnprocessableEntity, "suggestion-new", page)
		return
	}
	if wait, refused := s.limited(c, s.suggestionLimit, "suggestion"); refused {
		page.RetryAfter = wait
		s.render(c, http.StatusTooManyRequests, "suggestion-new", page)
		return
	}
	if _, err := s.deps.Store.CreateSuggestion(c.Request.Context(), n); s.failed(c, err) {
		return
	}
	c.Redirect(http.StatusSeeOther, "/suggestions/new?sent=1")
}

// suggestionFormPage is the form's page with the topics and venues it offers.
func (s *Server) suggestionFormPage(c *gin.Context) (suggestionFormPage, bool) {
	ctx := c.Request.Context()
	page := suggestionFormPage{Layout: s.layout(c, "Suggest a session")}
	var err error
	if page.Themes, err = s.deps.Store.Themes(ctx); s.failed(c, err) {
		return page, false
	}
	if page.Venues, err = s.deps.Store.Venues(ctx); s.failed(c, err) {
		return page, false
	}
	return page, true
}

// suggestion checks the form and returns the suggestion it makes.
func (f suggestionForm) suggestion(themes []model.Theme, venues []model.Venue) (store.NewSuggestion, fieldErrors) {
	var errs fieldErrors
	switch {
	case f.What == "":
		errs.add("what", "Enter what you would like a session about")
	case utf8.RuneCountInString(f.What) > 200:
		errs.add("what", "Keep what you would like to 200 characters or fewer: put the rest in more detail")
	}
	if utf8.RuneCountInString(f.Details) > 2000 {
		errs.add("details", "Keep the detail to 2,000 characters or fewer")
	}
	if f.Theme != "" && !hasSlug(themes, f.Theme, func(t model.Theme) string { return t.Slug }) {
		errs.add("theme", "Choose a topic from the list, or leave it as not sure")
	}
	if f.Venue != "" && !hasSlug(venues, f.Venue, func(v model.Venue) string { return v.Slug }) {
		errs.add("venue", "Choose a venue from the list, or any venue")
	}
	if utf8.RuneCountInString(f.WhenSuits) > 200 {
		errs.add("when", "Keep when suits you to 200 characters or fewer")
	}
	if utf8.RuneCountInString(f.Name) > 120 {
		errs.add("name", "Enter a name of 120 characters or fewer")
	}
	email, ok := normaliseEmail(f.Email)
	if !ok {
		errs.add("email", "Enter an email address like name@example.com, or leave it blank")
	}
	phone, ok := normalisePhone(f.Phone)
	if !ok {
		errs.add("phone", "Enter a phone number like 07123 456789, or leave it blank")
	}
	if f.Website != "" {
		errs.add("website", "Leave this field empty: it is there to stop automated suggestions")
	}
	return store.NewSuggestion{What: f.What, Details: f.Details, ThemeSlug: f.Theme, VenueSlug: f.Venue, WhenSuits: f.WhenSuits,
		ContactName: f.Name, ContactEmail: email, ContactPhone: phone}, errs
}

// hasSlug reports whether one of list has slug.
func hasSlug[T any](list []T, slug string, slugOf func(T) string) bool {
	for _, x := range list {
		if slugOf(x) == slug {
			return true
		}
	}
	return false
}
