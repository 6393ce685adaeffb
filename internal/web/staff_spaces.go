package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// maxCapacity is the most people a space can hold, as the schema allows.
const maxCapacity = 10000

// spaceForm is the space form as the person typed it, tidied.
type spaceForm struct {
	Name, Slug, Kind, Parent, Capacity, Description string
	Features                                        []string
	// Version is the space's when the form was opened; empty for a new one.
	Version string
	Errors  fieldErrors
}

// Has reports whether the feature key is ticked.
func (f spaceForm) Has(key string) bool { return slices.Contains(f.Features, key) }

func spaceFormOf(sp model.Space, version string) spaceForm {
	f := spaceForm{Name: sp.Name, Slug: sp.Slug, Kind: string(sp.Kind), Capacity: strconv.Itoa(sp.Capacity),
		Description: sp.Description, Features: sp.Features, Version: version}
	if sp.ParentID != nil {
		f.Parent = strconv.FormatInt(*sp.ParentID, 10)
	}
	return f
}

func readSpaceForm(c *gin.Context) spaceForm {
	return spaceForm{
		Name:        trimmed(c, "name"),
		Slug:        normaliseSlug(c.PostForm("slug")),
		Kind:        c.PostForm("kind"),
		Parent:      trimmed(c, "parent"),
		Capacity:    strings.ReplaceAll(trimmed(c, "capacity"), ",", ""),
		Description: multiline(c, "description"),
		Features:    tickedFeatures(model.SpaceFeatures, c.PostFormArray("features")),
		Version:     c.PostForm("version"),
	}
}

// slug is the web address to save: a new space's is made from its venue's
// and its own name when left empty, since rooms in different venues often
// share a name.
func (f spaceForm) slug(adding bool, venue model.Venue) string {
	if adding && f.Slug == "" && slugify(f.Name) != "" {
		return slugify(venue.Slug + " " + f.Name)
	}
	return f.Slug
}

// validate records the form's problems, in the order of its fields.
func (f *spaceForm) validate(adding bool, venue model.Venue) {
	checkName(&f.Errors, f.Name, 120, "space")
	// With neither a name nor a web address, only the name is missing.
	if !adding || f.Slug != "" || f.Name != "" {
		checkSlug(&f.Errors, f.slug(adding, venue), venue.Slug+"-meeting-room")
	}
	if f.Kind != string(model.SpaceRoom) && f.Kind != string(model.SpaceZone) {
		f.Errors.add("kind", "Choose whether the space is a room or a zone")
	}
	if _, ok := f.parentID(); !ok {
		f.Errors.add("parent", "Choose a space from the list, or none")
	}
	switch n, err := strconv.Atoi(f.Capacity); {
	case f.Capacity == "":
		f.Errors.add("capacity", "Enter how many people the space holds")
	case err != nil || n < 1 || n > maxCapacity:
		f.Errors.add("capacity", "Enter how many people the space holds as a whole number from 1 to 10000")
	}
}

// parentID is the chosen parent's id, nil for none; ok is false when the
// choice is not an id.
func (f spaceForm) parentID() (id *int64, ok bool) {
	if f.Parent == "" {
		return nil, true
	}
	n, err := strconv.ParseInt(f.Parent, 10, 64)
	if err != nil || n <= 0 {
		return nil, false
	}
	return &n, true
}

func (f spaceForm) space(adding bool, venue model.Venue) model.Space {
	capacity, _ := strconv.Atoi(f.Capacity)
	parent, _ := f.parentID()
	return model.Space{VenueID: venue.ID, ParentID: parent, Slug: f.slug(adding, venue), Name: f.Name,
		Kind: model.SpaceKind(f.Kind), Description: f.Description, Capacity: capacity, Features: f.Features}
}

// values are the form's fields as a person reads them, to compare with
// what someone else saved; parents names the venue's spaces by id.
func (f spaceForm) values(parents []model.Space) []savedValue {
	parent := "none"
	for _, sp := range parents {
		if strconv.FormatInt(sp.ID, 10) == f.Parent {
			parent = sp.Name
		}
	}
	kind := map[string]string{"room": "Room", "zone": "Zone"}[f.Kind]
	return []savedValue{{"Name", f.Name}, {"Web address", f.Slug}, {"Room or zone", kind}, {"Inside", parent},
		{"Holds", f.Capacity}, {"Description", f.Description}, {"Features", featureText(model.SpaceFeatures, f.Features)}}
}

// parentChoices are the spaces that the space with id self may be inside:
// the others of its venue, leaving out those inside it (at any depth).
// self is 0 for a new space.
func parentChoices(spaces []model.Space, self int64) []model.Space {
	parentOf := make(map[int64]int64, len(spaces))
	for _, sp := range spaces {
		if sp.ParentID != nil {
			parentOf[sp.ID] = *sp.ParentID
		}
	}
	var choices []model.Space
	for _, sp := range spaces {
		inside := false
		// The schema stops only a space inside itself; the bound ends the
		// walk on any longer loop.
		for id, steps := sp.ID, 0; id != 0 && steps <= len(spaces); id, steps = parentOf[id], steps+1 {
			if id == self {
				inside = true
				break
			}
		}
		if !inside {
			choices = append(choices, sp)
		}
	}
	return choices
}

// spaceFormPage is the form to add or edit a space in a venue.
type spaceFormPage struct {
	Layout
	Venue model.Venue
	// Space is the space as saved, when editing one; the form posts to
	// its address.
	Space *model.Space
	// Parents are the spaces this one may be inside.
	Parents []model.Space
	Form    spaceForm
	// Conflict is set when someone else saved the space since the form
	// was opened.
	Conflict *conflict
}

// Features lists the features a space can have.
func (spaceFormPage) Features() []model.Feature { return model.SpaceFeatures }

// renderSpaceForm shows the form with the venue's spaces to choose a
// parent from; status is 200, 409 or 422.
func (s *Server) renderSpaceForm(c *gin.Context, status int, page spaceFormPage) {
	spaces, err := s.deps.Store.Spaces(c.Request.Context(), page.Venue.ID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	title := "Add a space to " + page.Venue.Name
	var self int64
	if page.Space != nil {
		title, self = "Edit "+page.Space.Name, page.Space.ID
	}
	page.Parents = parentChoices(spaces, self)
	page.Layout = s.layout(c, title)
	s.render(c, status, "staff-space-form", page)
}

// spaceNew shows the form to add a space to a venue.
func (s *Server) spaceNew(c *gin.Context) {
	v, err := s.deps.Store.Venue(c.Request.Context(), c.Param("slug"))
	if s.failed(c, err) {
		return
	}
	s.renderSpaceForm(c, http.StatusOK, spaceFormPage{Venue: v})
}

// spaceCreate adds a space to a venue.
func (s *Server) spaceCreate(c *gin.Context) {
	v, err := s.deps.Store.Venue(c.Request.Context(), c.Param("slug"))
	if s.failed(c, err) || !s.parseForm(c) {
		return
	}
	page := spaceFormPage{Venue: v, Form: readSpaceForm(c)}
	f := &page.Form
	f.validate(true, v)
	if !f.Errors.Any() {
		sp, err := s.deps.Store.AddSpace(c.Request.Context(), actor(c), f.space(true, v))
		switch {
		case err == nil:
			s.flash(c, "Space added: "+sp.Name+" at "+v.Name+".")
			c.Redirect(http.StatusSeeOther, "/staff/venues#venue-"+v.Slug)
			return
		case !f.fieldError(err, v):
			s.failed(c, err)
			return
		}
	}
	s.renderSpaceForm(c, f.Errors.status(), page)
}

// fieldError reports whether err is one the person can put right,
// recording it next to its field. A taken web address that was made from
// the name is shown, to change.
func (f *spaceForm) fieldError(err error, v model.Venue) bool {
	switch {
	case errors.Is(err, store.ErrSlugTaken):
		f.Slug = f.slug(true, v)
		f.Errors.add("slug", "There is already a space at this web address: choose another")
	case errors.Is(err, store.ErrNameTaken):
		f.Errors.add("name", "There is already a space called "+f.Name+" at "+v.Name+": choose another name")
	case errors.Is(err, store.ErrParentNotAllowed):
		f.Errors.add("parent", "Choose a space at "+v.Name+" that is not this one or inside it, or none")
	case errors.Is(err, model.ErrClash):
		// Inside its new parent, its bookings and the parent's overlap.
		f.Errors.add("parent", "It cannot go there: "+clashMessage(err, nil))
	default:
		return false
	}
	return true
}

// spaceForEdit loads the space named by :slug and its venue, answering
// 404 itself.
func (s *Server) spaceForEdit(c *gin.Context) (model.Space, string, model.Venue, bool) {
	ctx := c.Request.Context()
	sp, version, err := s.deps.Store.SpaceForEdit(ctx, c.Param("slug"))
	if s.failed(c, err) {
		return sp, version, model.Venue{}, false
	}
	v, err := s.deps.Store.VenueByID(ctx, sp.VenueID)
	return sp, version, v, !s.failed(c, err)
}

// spaceEdit shows the form to edit a space.
func (s *Server) spaceEdit(c *gin.Context) {
	sp, version, v, ok := s.spaceForEdit(c)
	if !ok {
		return
	}
	s.renderSpaceForm(c, http.StatusOK, spaceFormPage{Venue: v, Space: &sp, Form: spaceFormOf(sp, version)})
}

// spaceUpdate saves an edit of a space, unless someone else saved it since
// the form was opened: then the form comes back, with the person's edits
// kept and what the other person saved.
func (s *Server) spaceUpdate(c *gin.Context) {
	saved, _, v, ok := s.spaceForEdit(c)
	if !ok || !s.parseForm(c) {
		return
	}
	page := spaceFormPage{Venue: v, Space: &saved, Form: readSpaceForm(c)}
	f := &page.Form
	f.validate(false, v)
	if !f.Errors.Any() {
		sp, err := s.deps.Store.UpdateSpace(c.Request.Context(), actor(c), saved.Slug, f.Version, f.space(false, v))
		switch {
		case err == nil:
			s.flash(c, "Space saved: "+sp.Name+" at "+v.Name+".")
			c.Redirect(http.StatusSeeOther, "/staff/venues#venue-"+v.Slug)
			return
		case errors.Is(err, model.ErrConflict):
			s.spaceConflict(c, page)
			return
		case !f.fieldError(err, v):
			s.failed(c, err)
			return
		}
	}
	s.renderSpaceForm(c, f.Errors.status(), page)
}

// spaceConflict shows the edit form again with status 409: the person's
// edits, what is saved now, and the current version, so that saving again
// overwrites with what they see.
func (s *Server) spaceConflict(c *gin.Context, page spaceFormPage) {
	ctx := c.Request.Context()
	current, version, err := s.deps.Store.SpaceForEdit(ctx, page.Space.Slug)
	if s.failed(c, err) {
		return
	}
	spaces, err := s.deps.Store.Spaces(ctx, page.Venue.ID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	page.Conflict = newConflict(spaceFormOf(current, version).values(spaces), page.Form.values(spaces))
	page.Space, page.Form.Version = &current, version
	s.renderSpaceForm(c, http.StatusConflict, page)
}
