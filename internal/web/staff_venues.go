package web

import (
	"errors"
	"net/http"
	"slices"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// venueListPage lists every venue with its spaces under it.
type venueListPage struct {
	Layout
	Venues []venueSpaces
}

// venueSpaces is a venue and its spaces, each zone after its room.
type venueSpaces struct {
	model.Venue
	Spaces []model.Space
}

// venueList shows the venues and their spaces, to edit or add to.
func (s *Server) venueList(c *gin.Context) {
	ctx := c.Request.Context()
	venues, err := s.deps.Store.Venues(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	spaces, err := s.deps.Store.SpacesByVenue(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	page := venueListPage{Layout: s.layout(c, "Venues and spaces")}
	for _, v := range venues {
		page.Venues = append(page.Venues, venueSpaces{Venue: v, Spaces: spaces[v.ID]})
	}
	s.render(c, http.StatusOK, "staff-venues", page)
}

// venueForm is the venue form as the person typed it, tidied.
type venueForm struct {
	Name, Slug, Summary, Address, Postcode       string
	Directions, OpeningHours, Phone, AccessNotes string
	Features                                     []string
	// Version is the venue's when the form was opened; empty for a new one.
	Version string
	Errors  fieldErrors
}

// Has reports whether the feature key is ticked.
func (f venueForm) Has(key string) bool { return slices.Contains(f.Features, key) }

func venueFormOf(v model.Venue, version string) venueForm {
	return venueForm{Name: v.Name, Slug: v.Slug, Summary: v.Summary, Address: v.Address, Postcode: v.Postcode,
		Directions: v.Directions, OpeningHours: v.OpeningHours, Phone: v.Phone, AccessNotes: v.AccessNotes,
		Features: v.Features, Version: version}
}

func readVenueForm(c *gin.Context) venueForm {
	return venueForm{
		Name:         trimmed(c, "name"),
		Slug:         normaliseSlug(c.PostForm("slug")),
		Summary:      trimmed(c, "summary"),
		Address:      multiline(c, "address"),
		Postcode:     normalisePostcode(c.PostForm("postcode")),
		Directions:   multiline(c, "directions"),
		OpeningHours: multiline(c, "opening_hours"),
		Phone:        trimmed(c, "phone"),
		AccessNotes:  multiline(c, "access_notes"),
		Features:     tickedFeatures(model.VenueFeatures, c.PostFormArray("features")),
		Version:      c.PostForm("version"),
	}
}

// slug is the web address to save: a new venue's is made from its name
// when left empty.
func (f venueForm) slug(adding bool) string {
	if adding && f.Slug == "" {
		return slugify(f.Name)
	}
	return f.Slug
}

// validate records the form's problems, in the order of its fields.
func (f *venueForm) validate(adding bool) {
	checkName(&f.Errors, f.Name, 120, "venue")
	// With neither a name nor a web address, only the name is missing.
	if !adding || f.Slug != "" || f.Name != "" {
		checkSlug(&f.Errors, f.slug(adding), "central-library")
	}
	if utf8.RuneCountInString(f.Summary) > 300 {
		f.Errors.add("summary", "Enter a summary of 300 characters or fewer")
	}
	if f.Address == "" {
		f.Errors.add("address", "Enter the venue's address")
	}
	switch {
	case f.Postcode == "":
		f.Errors.add("postcode", "Enter the venue's postcode, like EH1 1EG")
	case !postcodePattern.MatchString(f.Postcode):
		f.Errors.add("postcode", "Enter a postcode like EH1 1EG")
	}
	checkPhone(&f.Errors, f.Phone)
}

func (f venueForm) venue(adding bool) model.Venue {
	return model.Venue{Slug: f.slug(adding), Name: f.Name, Summary: f.Summary, Address: f.Address, Postcode: f.Postcode,
		Directions: f.Directions, OpeningHours: f.OpeningHours, Phone: f.Phone, AccessNotes: f.AccessNotes, Features: f.Features}
}

// values are the form's fields as a person reads them, to compare with
// what someone else saved.
func (f venueForm) values() []savedValue {
	return []savedValue{{"Name", f.Name}, {"Web address", f.Slug}, {"Summary", f.Summary}, {"Address", f.Address},
		{"Postcode", f.Postcode}, {"Directions", f.Directions}, {"Opening hours", f.OpeningHours}, {"Phone", f.Phone},
		{"Accessibility and facilities", featureText(model.VenueFeatures, f.Features)}, {"Access notes", f.AccessNotes}}
}

// fieldError reports whether err is one the person can put right,
// recording it next to its field. A taken web address that was made from
// the name is shown, to change.
func (f *venueForm) fieldError(err error) bool {
	if errors.Is(err, store.ErrSlugTaken) {
		f.Slug = f.slug(true)
		f.Errors.add("slug", "There is already a venue at this web address: choose another")
		return true
	}
	return false
}

// venueFormPage is the form to add or edit a venue.
type venueFormPage struct {
	Layout
	Form venueForm
	// Venue is the venue as saved, when editing one; the form posts to
	// its address.
	Venue *model.Venue
	// Conflict is set when someone else saved the venue since the form
	// was opened.
	Conflict *conflict
}

// Features lists the features a venue can have.
func (venueFormPage) Features() []model.Feature { return model.VenueFeatures }

// venueNew shows the form to add a venue.
func (s *Server) venueNew(c *gin.Context) {
	s.render(c, http.StatusOK, "staff-venue-form", venueFormPage{Layout: s.layout(c, "Add a venue")})
}

// venueCreate adds a venue.
func (s *Server) venueCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	page := venueFormPage{Form: readVenueForm(c)}
	f := &page.Form
	f.validate(true)
	if !f.Errors.Any() {
		v, err := s.deps.Store.AddVenue(c.Request.Context(), actor(c), f.venue(true))
		switch {
		case err == nil:
			s.flash(c, "Venue added: "+v.Name+".")
			c.Redirect(http.StatusSeeOther, "/staff/venues#venue-"+v.Slug)
			return
		case !f.fieldError(err):
			s.failed(c, err)
			return
		}
	}
	page.Layout = s.layout(c, "Add a venue")
	s.render(c, f.Errors.status(), "staff-venue-form", page)
}

// venueEdit shows the form to edit a venue.
func (s *Server) venueEdit(c *gin.Context) {
	v, version, err := s.deps.Store.VenueForEdit(c.Request.Context(), c.Param("slug"))
	if s.failed(c, err) {
		return
	}
	s.render(c, http.StatusOK, "staff-venue-form", venueFormPage{Layout: s.layout(c, "Edit "+v.Name),
		Form: venueFormOf(v, version), Venue: &v})
}

// venueUpdate saves an edit of a venue, unless someone else saved it
// since the form was opened: then the form comes back, with the person's
// edits kept and what the other person saved.
func (s *Server) venueUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	saved, _, err := s.deps.Store.VenueForEdit(ctx, c.Param("slug"))
	if s.failed(c, err) || !s.parseForm(c) {
		return
	}
	page := venueFormPage{Form: readVenueForm(c), Venue: &saved}
	f := &page.Form
	f.validate(false)
	if !f.Errors.Any() {
		v, err := s.deps.Store.UpdateVenue(ctx, actor(c), saved.Slug, f.Version, f.venue(false))
		switch {
		case err == nil:
			s.flash(c, "Venue saved: "+v.Name+".")
			c.Redirect(http.StatusSeeOther, "/staff/venues#venue-"+v.Slug)
			return
		case errors.Is(err, model.ErrConflict):
			s.venueConflict(c, page)
			return
		case !f.fieldError(err):
			s.failed(c, err)
			return
		}
	}
	page.Layout = s.layout(c, "Edit "+saved.Name)
	s.render(c, f.Errors.status(), "staff-venue-form", page)
}

// venueConflict shows the edit form again with status 409: the person's
// edits, what is saved now, and the current version, so that saving again
// overwrites with what they see.
func (s *Server) venueConflict(c *gin.Context, page venueFormPage) {
	current, version, err := s.deps.Store.VenueForEdit(c.Request.Context(), page.Venue.Slug)
	if s.failed(c, err) {
		return
	}
	page.Conflict = newConflict(venueFormOf(current, version).values(), page.Form.values())
	page.Venue, page.Form.Version = &current, version
	page.Layout = s.layout(c, "Edit "+current.Name)
	s.render(c, http.StatusConflict, "staff-venue-form", page)
}
