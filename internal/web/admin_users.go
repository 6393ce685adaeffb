package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// resetLinkLife is how long a link to set a password works.
const resetLinkLife = 24 * time.Hour

// roleChoice is a role as the account form offers it, with what it may do.
type roleChoice struct {
	Role  model.Role
	Label string
	Hint  string
}

// roleChoices are the roles in model.Roles order, each with its hint.
func roleChoices() []roleChoice {
	hints := map[model.Role]string{
		model.RoleStaff:     "Runs the programme: sessions, venues, spaces, partners, attendance and reports.",
		model.RoleNavigator: "Helps people at the desk and on the phone: walk-ins, bookings for others and registers.",
		model.RolePartner:   "Works for one partner organisation: its own sessions, space requests and figures.",
		model.RoleAdmin:     "Everything staff can do, and also manages accounts and reads the audit log.",
	}
	choices := make([]roleChoice, 0, len(model.Roles))
	for _, r := range model.Roles {
		choices = append(choices, roleChoice{Role: r, Label: r.Label(), Hint: hints[r]})
	}
	return choices
}

// localStamp is a moment as people say it: "Tuesday 3 March 2027, 14:05".
func (s *Server) localStamp(t time.Time) string {
	return t.In(s.deps.Location).Format("Monday 2 January 2006, 15:04")
}

type userRow struct {
	model.User
	// LastSignIn is when the account last signed in, or "" for never.
	LastSignIn string
}

type userListPage struct {
	Layout
	Users []userRow
}

// userList lists every account, enabled first.
func (s *Server) userList(c *gin.Context) {
	users, err := s.deps.Store.Users(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := userListPage{Layout: s.layout(c, "Accounts")}
	for _, u := range users {
		row := userRow{User: u}
		if u.LastLoginAt != nil {
			row.LastSignIn = s.localStamp(*u.LastLoginAt)
		}
		p.Users = append(p.Users, row)
	}
	s.render(c, http.StatusOK, "admin-users", p)
}

// accountForm is the add or edit account form as the admin filled it in.
type accountForm struct {
	Name, Email, Role string
	// Partner is the chosen partner's id, or "".
	Partner  string
	Disabled bool
	// UpdatedAt is the account's updated_at in Unix microseconds when the
	// edit form was opened: a save after someone else's is refused.
	UpdatedAt string
}

// PartnerChosen reports whether the partner with id is the one chosen.
func (f accountForm) PartnerChosen(id int64) bool { return f.Partner == strconv.FormatInt(id, 10) }

func readAccountForm(c *gin.Context) accountForm {
	return accountForm{
		Name:      strings.TrimSpace(c.PostForm("name")),
		Email:     strings.TrimSpace(c.PostForm("email")),
		Role:      c.PostForm("role"),
		Partner:   c.PostForm("partner"),
		Disabled:  c.PostForm("disabled") == "yes",
		UpdatedAt: c.PostForm("updated_at"),
	}
}

func formOf(u model.User) accountForm {
	f := accountForm{Name: u.Name, Email: u.Email, Role: string(u.Role), Disabled: u.Disabled(),
		UpdatedAt: strconv.FormatInt(u.UpdatedAt.UnixMicro(), 10)}
	if u.PartnerID != nil {
		f.Partner = strconv.FormatInt(*u.PartnerID, 10)
	}
	return f
}

// check validates the name, role and partner, adding a message for each
// problem. A partner is needed for a partner account and ignored for any
// other, so that changing a partner's role needs no second change.
func (f accountForm) check(partners []model.Partner, errs *fieldErrors) (model.Role, *int64) {
	if n := utf8.RuneCountInString(f.Name); n == 0 {
		errs.add("name", "Enter the person's name")
	} else if n > store.MaxUserNameLength {
		errs.add("name", "Enter a name of at most 120 characters")
	}
	role := model.Role(f.Role)
	if !role.Valid() {
		errs.add("role", "Choose what the account can do")
		return role, nil
	}
	if role != model.RolePartner {
		return role, nil
	}
	for _, p := range partners {
		if f.PartnerChosen(p.ID) {
			return role, &p.ID
		}
	}
	errs.add("partner", "Choose the partner organisation this person works for")
	return role, nil
}

// userPage is the add account and edit account form.
type userPage struct {
	Layout
	New  bool
	Form accountForm
	// Account is the account as saved (when editing).
	Account     model.User
	AccountSeen string
	LastSignIn  string
	Partners    []model.Partner
	Roles       []roleChoice
	// Self is set when admins edit their own account.
	Self bool
	// Conflict is set when someone else saved the account first.
	Conflict bool
	Errors   fieldErrors
}

func (s *Server) userPage(c *gin.Context, title string, partners []model.Partner) userPage {
	return userPage{Layout: s.layout(c, title), Partners: partners, Roles: roleChoices()}
}

// userNew shows the add account form.
func (s *Server) userNew(c *gin.Context) {
	partners, err := s.deps.Store.Partners(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.userPage(c, "Add an account", partners)
	p.New = true
	s.render(c, http.StatusOK, "admin-user", p)
}

// userCreate adds an account. With a password typed by the admin it can
// sign in at once; without one, a one-time link to set a password is made
// and shown, once, on the page this answers with.
func (s *Server) userCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	partners, err := s.deps.Store.Partners(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.userPage(c, "Add an account", partners)
	p.New, p.Form = true, readAccountForm(c)
	if p.Form.Email == "" {
		p.Errors.add("email", "Enter the person's email address")
	} else if !store.ValidEmail(p.Form.Email) {
		p.Errors.add("email", "Enter an email address like name@example.com")
	}
	role, partnerID := p.Form.check(partners, &p.Errors)
	password := c.PostForm("password")
	if password != "" {
		if problem := auth.CheckPassword(password, store.NormaliseEmail(p.Form.Email)); problem != "" {
			p.Errors.add("password", problem)
		}
	}
	p.Errors = inFieldOrder(p.Errors, "name", "email", "role", "partner", "password")
	if p.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "admin-user", p)
		return
	}
	typed := password != ""
	if !typed {
		// Nobody knows this password: the person sets their own with the link.
		password, _ = auth.NewToken()
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.serverError(c, err)
		return
	}
	u, err := s.deps.Store.CreateUser(ctx, actor(c), store.NewUser{
		Email: p.Form.Email, Name: p.Form.Name, Role: role, PartnerID: partnerID, PasswordHash: hash})
	if errors.Is(err, model.ErrEmailTaken) {
		p.Errors.add("email", "There is already an account with that email address")
		s.render(c, http.StatusUnprocessableEntity, "admin-user", p)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	if !typed {
		s.showResetLink(c, u, true)
		return
	}
	s.flash(c, "Added "+u.Name+" ("+u.Role.Label()+"). They can sign in with the password you chose.")
	c.Redirect(http.StatusSeeOther, "/admin")
}

// inFieldOrder sorts errs into the order of the form's fields, so the
// summary reads top to bottom.
func inFieldOrder(errs fieldErrors, fields ...string) fieldErrors {
	var sorted fieldErrors
	for _, f := range fields {
		if m := errs.For(f); m != "" {
			sorted.add(f, m)
		}
	}
	for _, e := range errs {
		sorted.add(e.Field, e.Message)
	}
	return sorted
}

// accountFromPath returns the account named by the :id in the path, or
// answers 404 itself.
func (s *Server) accountFromPath(c *gin.Context) (model.User, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		s.notFound(c)
		return model.User{}, false
	}
	u, err := s.deps.Store.User(c.Request.Context(), id)
	if isNotFound(err) {
		s.notFound(c)
		return u, false
	}
	if err != nil {
		s.serverError(c, err)
		return u, false
	}
	return u, true
}

// editPage is the edit form for u, as saved.
func (s *Server) editPage(c *gin.Context, u model.User, partners []model.Partner) userPage {
	p := s.userPage(c, "Change "+u.Name+"'s account", partners)
	p.Account, p.Form = u, formOf(u)
	p.AccountSeen = s.localStamp(u.UpdatedAt)
	if u.LastLoginAt != nil {
		p.LastSignIn = s.localStamp(*u.LastLoginAt)
	}
	if me, ok := currentUser(c); ok && me.ID == u.ID {
		p.Self = true
	}
	return p
}

// userEdit shows an account's form: name, role, partner, disabled, and a
// button to make a link to set a new password.
func (s *Server) userEdit(c *gin.Context) {
	u, ok := s.accountFromPath(c)
	if !ok {
		return
	}
	partners, err := s.deps.Store.Partners(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "admin-user", s.editPage(c, u, partners))
}

// userUpdate saves an account's name, role, partner and whether it is
// disabled, unless someone else saved it since the form was opened (409,
// with the admin's input kept). Admins cannot demote or disable themselves,
// so there is always an admin.
func (s *Server) userUpdate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	u, ok := s.accountFromPath(c)
	if !ok {
		return
	}
	partners, err := s.deps.Store.Partners(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.editPage(c, u, partners)
	p.Form = readAccountForm(c)
	p.Form.Email = u.Email
	role, partnerID := p.Form.check(partners, &p.Errors)
	if p.Self && role.Valid() && role != model.RoleAdmin {
		p.Errors.add("role", "You cannot change your own role: ask another admin")
	}
	if p.Self && p.Form.Disabled {
		p.Errors.add("disabled", "You cannot disable your own account: ask another admin")
	}
	if p.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "admin-user", p)
		return
	}
	// Every browser sends back the form's updated_at; without it there is
	// no knowing what the admin saw.
	seen, err := strconv.ParseInt(p.Form.UpdatedAt, 10, 64)
	if err != nil {
		s.errorPage(c, http.StatusBadRequest)
		return
	}
	change := store.UserChange{Name: p.Form.Name, Role: role, PartnerID: partnerID, Disabled: p.Form.Disabled,
		UnchangedSince: time.UnixMicro(seen)}
	if sameAccount(u, change) && u.UpdatedAt.UnixMicro() == seen {
		s.flash(c, "Nothing changed in "+u.Name+"'s account.")
		c.Redirect(http.StatusSeeOther, "/admin")
		return
	}
	saved, err := s.deps.Store.UpdateUser(ctx, actor(c), u.ID, change)
	switch {
	case errors.Is(err, model.ErrConflict):
		s.updateConflict(c, p)
		return
	case isNotFound(err):
		s.notFound(c)
		return
	case err != nil:
		s.serverError(c, err)
		return
	}
	switch {
	case saved.Disabled() && !u.Disabled():
		s.flash(c, "Disabled "+saved.Name+"'s account. They are signed out and cannot sign in.")
	case !saved.Disabled() && u.Disabled():
		s.flash(c, "Enabled "+saved.Name+"'s account. They can sign in again.")
	default:
		s.flash(c, "Saved "+saved.Name+"'s account.")
	}
	c.Redirect(http.StatusSeeOther, "/admin")
}

// updateConflict answers 409: the form keeps the admin's input, shows the
// account as it is saved now, and carries the new updated_at, so that
// saving again (having looked) replaces the other change.
func (s *Server) updateConflict(c *gin.Context, p userPage) {
	now, err := s.deps.Store.User(c.Request.Context(), p.Account.ID)
	if isNotFound(err) {
		s.notFound(c)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	p.Account, p.Conflict = now, true
	p.AccountSeen = s.localStamp(now.UpdatedAt)
	p.Form.UpdatedAt = strconv.FormatInt(now.UpdatedAt.UnixMicro(), 10)
	s.render(c, http.StatusConflict, "admin-user", p)
}

// sameAccount reports whether c would change nothing about u.
func sameAccount(u model.User, c store.UserChange) bool {
	samePartner := (u.PartnerID == nil) == (c.PartnerID == nil) && (u.PartnerID == nil || *u.PartnerID == *c.PartnerID)
	return u.Name == c.Name && u.Role == c.Role && samePartner && u.Disabled() == c.Disabled
}

type resetLinkPage struct {
	Layout
	Account model.User
	Link    string
	Expires string
	// New is set when the account was added just now.
	New bool
}

// userResetLink makes a one-time link for an account to set a new
// password, and shows it once.
func (s *Server) userResetLink(c *gin.Context) {
	u, ok := s.accountFromPath(c)
	if !ok {
		return
	}
	if u.Disabled() {
		s.flash(c, u.Name+"'s account is disabled, so a link would not work. Enable the account first, then make a link.")
		c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10))
		return
	}
	s.showResetLink(c, u, false)
}

// showResetLink makes a link for u, valid for resetLinkLife, and renders it.
// The token exists only in this response: the database keeps its hash.
func (s *Server) showResetLink(c *gin.Context, u model.User, isNew bool) {
	token, hash := auth.NewToken()
	expires := s.deps.Now().Add(resetLinkLife)
	if err := s.deps.Store.CreatePasswordReset(c.Request.Context(), actor(c), u.ID, hash, expires); err != nil {
		s.serverError(c, err)
		return
	}
	title := "Link for " + u.Name + " to set a new password"
	if isNew {
		title = "Account added: link for " + u.Name + " to set a password"
	}
	s.render(c, http.StatusOK, "admin-reset-link", resetLinkPage{
		Layout:  s.layout(c, title),
		Account: u,
		Link:    s.deps.BaseURL.JoinPath("reset", token).String(),
		Expires: s.localStamp(expires),
		New:     isNew,
	})
}
