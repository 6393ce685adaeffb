package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// partnerListPage lists the partner organisations.
type partnerListPage struct {
	Layout
	Partners []model.Partner
}

// partnerList shows the partner organisations, to edit or add to.
func (s *Server) partnerList(c *gin.Context) {
	partners, err := s.deps.Store.Partners(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "staff-partners", partnerListPage{Layout: s.layout(c, "Partner organisations"), Partners: partners})
}

// partnerForm is the partner form as the person typed it, tidied.
type partnerForm struct {
	Name, Slug, Description, Website, Phone string
	// Version is the partner's when the form was opened; empty for a new one.
	Version string
	Errors  fieldErrors
}

func partnerFormOf(p model.Partner, version string) partnerForm {
	return partnerForm{Name: p.Name, Slug: p.Slug, Description: p.Description, Website: p.Website, Phone: p.Phone, Version: version}
}

func readPartnerForm(c *gin.Context) partnerForm {
	return partnerForm{
		Name:        trimmed(c, "name"),
		Slug:        normaliseSlug(c.PostForm("slug")),
		Description: multiline(c, "description"),
		Website:     normaliseWebsite(c.PostForm("website")),
		Phone:       trimmed(c, "phone"),
		Version:     c.PostForm("version"),
	}
}

// slug is the web address to save: a new partner's is made from its name
// when left empty.
func (f partnerForm) slug(adding bool) string {
	if adding && f.Slug == "" {
		return slugify(f.Name)
	}
	return f.Slug
}

// validate records the form's problems, in the order of its fields.
func (f *partnerForm) validate(adding bool) {
	checkName(&f.Errors, f.Name, 120, "partner organisation")
	// With neither a name nor a web address, only the name is missing.
	if !adding || f.Slug != "" || f.Name != "" {
		checkSlug(&f.Errors, f.slug(adding), "money-advice")
	}
	checkWebsite(&f.Errors, f.Website)
	checkPhone(&f.Errors, f.Phone)
}

func (f partnerForm) partner(adding bool) model.Partner {
	return model.Partner{Slug: f.slug(adding), Name: f.Name, Description: f.Description, Website: f.Website, Phone: f.Phone}
}

// values are the form's fields as a person reads them, to compare with
// what someone else saved.
func (f partnerForm) values() []savedValue {
	return []savedValue{{"Name", f.Name}, {"Web address", f.Slug}, {"Description", f.Description},
		{"Website", f.Website}, {"Phone", f.Phone}}
}

// fieldError reports whether err is one the person can put right,
// recording it next to its field. A taken web address that was made from
// the name is shown, to change.
func (f *partnerForm) fieldError(err error) bool {
	switch {
	case errors.Is(err, store.ErrSlugTaken):
		f.Slug = f.slug(true)
		f.Errors.add("slug", "There is already a partner organisation at this web address: choose another")
	case errors.Is(err, store.ErrNameTaken):
		f.Errors.add("name", "There is already a partner organisation called "+f.Name)
	default:
		return false
	}
	return true
}

// partnerFormPage is the form to add or edit a partner organisation.
type partnerFormPage struct {
	Layout
	Form partnerForm
	// Partner is the partner as saved, when editing one; the form posts to
	// its address.
	Partner *model.Partner
	// Conflict is set when someone else saved the partner since the form
	// was opened.
	Conflict *conflict
	// Feed is what the edit page says about the partner's calendar
	// address; nil when adding a partner.
	Feed *partnerFeedSection
}

// partnerFeedSection is the partner's live calendar address, if any
// (Live is nil when there is none), for staff to see and stop.
type partnerFeedSection struct {
	Live *feedStatus
}

// renderPartnerEdit renders the edit form of page.Partner with status, and
// what its calendar address is.
func (s *Server) renderPartnerEdit(c *gin.Context, status int, page partnerFormPage) {
	live, err := s.liveFeed(c.Request.Context(), model.FeedOwner{PartnerID: page.Partner.ID})
	if err != nil {
		s.serverError(c, err)
		return
	}
	page.Feed = &partnerFeedSection{Live: live}
	s.render(c, status, "staff-partner-form", page)
}

// partnerNew shows the form to add a partner organisation.
func (s *Server) partnerNew(c *gin.Context) {
	s.render(c, http.StatusOK, "staff-partner-form", partnerFormPage{Layout: s.layout(c, "Add a partner organisation")})
}

// partnerCreate adds a partner organisation.
func (s *Server) partnerCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	page := partnerFormPage{Form: readPartnerForm(c)}
	f := &page.Form
	f.validate(true)
	if !f.Errors.Any() {
		p, err := s.deps.Store.AddPartner(c.Request.Context(), actor(c), f.partner(true))
		switch {
		case err == nil:
			s.flash(c, "Partner organisation added: "+p.Name+".")
			c.Redirect(http.StatusSeeOther, "/staff/partners")
			return
		case !f.fieldError(err):
			s.serverError(c, err)
			return
		}
	}
	page.Layout = s.layout(c, "Add a partner organisation")
	s.render(c, f.Errors.status(), "staff-partner-form", page)
}

// partnerEdit shows the form to edit a partner organisation.
func (s *Server) partnerEdit(c *gin.Context) {
	p, version, err := s.deps.Store.PartnerForEdit(c.Request.Context(), c.Param("slug"))
	if s.failed(c, err) {
		return
	}
	s.renderPartnerEdit(c, http.StatusOK, partnerFormPage{Layout: s.layout(c, "Edit "+p.Name),
		Form: partnerFormOf(p, version), Partner: &p})
}

// partnerUpdate saves an edit of a partner organisation, unless someone
// else saved it since the form was opened: then the form comes back, with
// the person's edits kept and what the other person saved.
func (s *Server) partnerUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	saved, _, err := s.deps.Store.PartnerForEdit(ctx, c.Param("slug"))
	if s.failed(c, err) || !s.parseForm(c) {
		return
	}
	page := partnerFormPage{Form: readPartnerForm(c), Partner: &saved}
	f := &page.Form
	f.validate(false)
	if !f.Errors.Any() {
		p, err := s.deps.Store.UpdatePartner(ctx, actor(c), saved.Slug, f.Version, f.partner(false))
		switch {
		case err == nil:
			s.flash(c, "Partner organisation saved: "+p.Name+".")
			c.Redirect(http.StatusSeeOther, "/staff/partners")
			return
		case errors.Is(err, model.ErrConflict):
			s.partnerConflict(c, page)
			return
		case !f.fieldError(err):
			s.failed(c, err)
			return
		}
	}
	page.Layout = s.layout(c, "Edit "+saved.Name)
	s.renderPartnerEdit(c, f.Errors.status(), page)
}

// partnerConflict shows the edit form again with status 409: the person's
// edits, what is saved now, and the current version, so that saving again
// overwrites with what they see.
func (s *Server) partnerConflict(c *gin.Context, page partnerFormPage) {
	current, version, err := s.deps.Store.PartnerForEdit(c.Request.Context(), page.Partner.Slug)
	if s.failed(c, err) {
		return
	}
	page.Conflict = newConflict(partnerFormOf(current, version).values(), page.Form.values())
	page.Partner, page.Form.Version = &current, version
	page.Layout = s.layout(c, "Edit "+current.Name)
	s.renderPartnerEdit(c, http.StatusConflict, page)
}
