package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// Themes are called topics on every page, as the public programme calls
// them.

// themeListPage lists the themes in the order the programme shows them.
type themeListPage struct {
	Layout
	Themes []model.Theme
}

// themeList shows the themes, to edit or add to.
func (s *Server) themeList(c *gin.Context) {
	themes, err := s.deps.Store.Themes(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "staff-themes", themeListPage{Layout: s.layout(c, "Topics"), Themes: themes})
}

// themeForm is the theme form as the person typed it, tidied.
type themeForm struct {
	Name, Slug, Description string
	// Version is the theme's when the form was opened; empty for a new one.
	Version string
	Errors  fieldErrors
}

func themeFormOf(t model.Theme, version string) themeForm {
	return themeForm{Name: t.Name, Slug: t.Slug, Description: t.Description, Version: version}
}

func readThemeForm(c *gin.Context) themeForm {
	return themeForm{
		Name:        trimmed(c, "name"),
		Slug:        normaliseSlug(c.PostForm("slug")),
		Description: multiline(c, "description"),
		Version:     c.PostForm("version"),
	}
}

// slug is the web address to save: a new theme's is made from its name
// when left empty.
func (f themeForm) slug(adding bool) string {
	if adding && f.Slug == "" {
		return slugify(f.Name)
	}
	return f.Slug
}

// validate records the form's problems, in the order of its fields.
func (f *themeForm) validate(adding bool) {
	checkName(&f.Errors, f.Name, 80, "topic")
	// With neither a name nor a web address, only the name is missing.
	if !adding || f.Slug != "" || f.Name != "" {
		checkSlug(&f.Errors, f.slug(adding), "healthy-weight")
	}
}

func (f themeForm) theme(adding bool) model.Theme {
	return model.Theme{Slug: f.slug(adding), Name: f.Name, Description: f.Description}
}

// values are the form's fields as a person reads them, to compare with
// what someone else saved.
func (f themeForm) values() []savedValue {
	return []savedValue{{"Name", f.Name}, {"Web address", f.Slug}, {"Description", f.Description}}
}

// fieldError reports whether err is one the person can put right,
// recording it next to its field. A taken web address that was made from
// the name is shown, to change.
func (f *themeForm) fieldError(err error) bool {
	switch {
	case errors.Is(err, store.ErrSlugTaken):
		f.Slug = f.slug(true)
		f.Errors.add("slug", "There is already a topic at this web address: choose another")
	case errors.Is(err, store.ErrNameTaken):
		f.Errors.add("name", "There is already a topic called "+f.Name)
	default:
		return false
	}
	return true
}

// themeFormPage is the form to add or edit a theme.
type themeFormPage struct {
	Layout
	Form themeForm
	// Theme is the theme as saved, when editing one; the form posts to its
	// address.
	Theme *model.Theme
	// Conflict is set when someone else saved the theme since the form
	// was opened.
	Conflict *conflict
}

// themeNew shows the form to add a theme.
func (s *Server) themeNew(c *gin.Context) {
	s.render(c, http.StatusOK, "staff-theme-form", themeFormPage{Layout: s.layout(c, "Add a topic")})
}

// themeCreate adds a theme, after every other in the programme's order.
func (s *Server) themeCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	page := themeFormPage{Form: readThemeForm(c)}
	f := &page.Form
	f.validate(true)
	if !f.Errors.Any() {
		t, err := s.deps.Store.AddTheme(c.Request.Context(), actor(c), f.theme(true))
		switch {
		case err == nil:
			s.flash(c, "Topic added: "+t.Name+".")
			c.Redirect(http.StatusSeeOther, "/staff/themes")
			return
		case !f.fieldError(err):
			s.failed(c, err)
			return
		}
	}
	page.Layout = s.layout(c, "Add a topic")
	s.render(c, f.Errors.status(), "staff-theme-form", page)
}

// themeEdit shows the form to edit a theme.
func (s *Server) themeEdit(c *gin.Context) {
	t, version, err := s.deps.Store.ThemeForEdit(c.Request.Context(), c.Param("slug"))
	if s.failed(c, err) {
		return
	}
	s.render(c, http.StatusOK, "staff-theme-form", themeFormPage{Layout: s.layout(c, "Edit "+t.Name),
		Form: themeFormOf(t, version), Theme: &t})
}

// themeUpdate saves an edit of a theme, unless someone else saved it since
// the form was opened: then the form comes back, with the person's edits
// kept and what the other person saved.
func (s *Server) themeUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	saved, _, err := s.deps.Store.ThemeForEdit(ctx, c.Param("slug"))
	if s.failed(c, err) || !s.parseForm(c) {
		return
	}
	page := themeFormPage{Form: readThemeForm(c), Theme: &saved}
	f := &page.Form
	f.validate(false)
	if !f.Errors.Any() {
		t, err := s.deps.Store.UpdateTheme(ctx, actor(c), saved.Slug, f.Version, f.theme(false))
		switch {
		case err == nil:
			s.flash(c, "Topic saved: "+t.Name+".")
			c.Redirect(http.StatusSeeOther, "/staff/themes")
			return
		case errors.Is(err, model.ErrConflict):
			s.themeConflict(c, page)
			return
		case !f.fieldError(err):
			s.failed(c, err)
			return
		}
	}
	page.Layout = s.layout(c, "Edit "+saved.Name)
	s.render(c, f.Errors.status(), "staff-theme-form", page)
}

// themeConflict shows the edit form again with status 409: the person's
// edits, what is saved now, and the current version, so that saving again
// overwrites with what they see.
func (s *Server) themeConflict(c *gin.Context, page themeFormPage) {
	current, version, err := s.deps.Store.ThemeForEdit(c.Request.Context(), page.Theme.Slug)
	if s.failed(c, err) {
		return
	}
	page.Conflict = newConflict(themeFormOf(current, version).values(), page.Form.values())
	page.Theme, page.Form.Version = &current, version
	page.Layout = s.layout(c, "Edit "+current.Name)
	s.render(c, http.StatusConflict, "staff-theme-form", page)
}
