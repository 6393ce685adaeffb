package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// accountPath is the admin page of account u.
func accountPath(u model.User) string { return "/admin/users/" + strconv.FormatInt(u.ID, 10) }

var accountUpdatedAt = regexp.MustCompile(`name="updated_at" value="(\d+)"`)

// accountEditForm opens u's edit page as b and returns its form as it stands,
// updated_at included, for a test to change and post.
func accountEditForm(t *testing.T, b *browser, u model.User) url.Values {
	t.Helper()
	r := b.get(accountPath(u))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("edit page of %s: status %d", u.Email, r.StatusCode)
	}
	m := accountUpdatedAt.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("edit page of %s has no updated_at", u.Email)
	}
	form := url.Values{"name": {u.Name}, "role": {string(u.Role)}, "updated_at": {m[1]}}
	if u.PartnerID != nil {
		form.Set("partner", strconv.FormatInt(*u.PartnerID, 10))
	}
	if u.Disabled() {
		form.Set("disabled", "yes")
	}
	return form
}

// signInStatus tries to sign in as email with password and returns the status.
func (s *site) signInStatus(email, password string) int {
	return s.browser().post("/login", url.Values{"email": {email}, "password": {password}}).StatusCode
}

func TestAdmin_AddsAStaffAccountThatCanSignIn(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	r := admin.post("/admin/users", url.Values{"name": {"Callum Fraser"}, "email": {" Callum@Example.org "},
		"role": {"staff"}, "password": {"a fine long passphrase"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin" {
		t.Fatalf("add: status %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	list := admin.get("/admin")
	list.mustContain(t, "Added Callum Fraser (Staff)", "callum@example.org", "Never")

	b := s.browser()
	r = b.post("/login", url.Values{"email": {"callum@example.org"}, "password": {"a fine long passphrase"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/staff" {
		t.Errorf("new account signs in: status %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestAdmin_AddFormSaysWhatIsWrongAndKeepsTheInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	p := testutil.CreatePartner(t, s.st, model.Partner{Name: "Calm Minds"})
	existing := testutil.CreateUser(t, s.st, model.User{})
	for _, tc := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"partner role without a partner",
			url.Values{"name": {"Jo Reid"}, "email": {"jo@example.org"}, "role": {"partner"}},
			[]string{"Choose the partner organisation this person works for", `value="Jo Reid"`, `value="jo@example.org"`}},
		{"nothing filled in",
			url.Values{},
			[]string{"Enter the person&#39;s name", "Enter the person&#39;s email address", "Choose what the account can do"}},
		{"bad email and a common password",
			url.Values{"name": {"Jo"}, "email": {"jo at example"}, "role": {"staff"}, "password": {"1qaz2wsx3edc"}},
			[]string{"Enter an email address like name@example.com", "one of the most common ones"}},
		{"email already used",
			url.Values{"name": {"Jo"}, "email": {strings.ToUpper(existing.Email)}, "role": {"staff"}, "password": {"a fine long passphrase"}},
			[]string{"There is already an account with that email address"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := admin.post("/admin/users", tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			r.mustContain(t, append(tc.want, "There is a problem", "ds_question--error")...)
			r.mustNotContain(t, "a fine long passphrase", "1qaz2wsx3edc")
		})
	}
	// With the partner chosen, the partner account is made.
	r := admin.post("/admin/users", url.Values{"name": {"Jo Reid"}, "email": {"jo@example.org"}, "role": {"partner"},
		"partner": {strconv.FormatInt(p.ID, 10)}, "password": {"a fine long passphrase"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("partner account: status %d", r.StatusCode)
	}
	if u, err := s.st.UserByEmail(t.Context(), "jo@example.org"); err != nil || u.PartnerID == nil || *u.PartnerID != p.ID {
		t.Errorf("partner account %+v, %v: want partner %d", u, err, p.ID)
	}
	admin.get("/admin/audit?q=jo@example.org").mustContain(t, "partner:</span> Calm Minds", "role:</span> Partner")
}

func TestAdmin_DisablingEndsTheirSessionsAndSignIn(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	staff, u := s.as(model.RoleStaff)
	if r := staff.get("/staff"); r.StatusCode != http.StatusOK {
		t.Fatalf("staff home before: %d", r.StatusCode)
	}
	form := accountEditForm(t, admin, u)
	form.Set("disabled", "yes")
	r := admin.post(accountPath(u), form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: status %d", r.StatusCode)
	}
	admin.get("/admin").mustContain(t, "They are signed out and cannot sign in", "Disabled")

	if r := staff.get("/staff"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Errorf("disabled account's open session: status %d to %q, want 303 to sign in", r.StatusCode, r.Header.Get("Location"))
	}
	if status := s.signInStatus(u.Email, testutil.Password); status != http.StatusUnprocessableEntity {
		t.Errorf("disabled account signs in: status %d", status)
	}

	// Enabled again, the account signs in again.
	u, _ = s.st.User(t.Context(), u.ID)
	form = accountEditForm(t, admin, u)
	form.Del("disabled")
	if r := admin.post(accountPath(u), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: status %d", r.StatusCode)
	}
	if status := s.signInStatus(u.Email, testutil.Password); status != http.StatusSeeOther {
		t.Errorf("enabled account: sign-in status %d", status)
	}
}

func TestAdmin_RoleChangeTakesEffectOnTheNextRequest(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	nav, u := s.as(model.RoleNavigator)
	if r := nav.get("/staff"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("navigator on /staff: %d, want 403", r.StatusCode)
	}
	form := accountEditForm(t, admin, u)
	form.Set("role", "staff")
	if r := admin.post(accountPath(u), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change role: status %d", r.StatusCode)
	}
	if r := nav.get("/staff"); r.StatusCode != http.StatusOK {
		t.Errorf("after the change, /staff answers %d, want 200 in the same session", r.StatusCode)
	}
	admin.get("/admin/audit?action=user.change_role").mustContain(t, "Changed role", "role:</span> Community navigator → Staff", u.Email)
}

func TestAdmin_CannotDisableOrDemoteThemself(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, me := s.as(model.RoleAdmin)
	admin.get(accountPath(me)).mustContain(t, "This is your own account")
	form := accountEditForm(t, admin, me)
	form.Set("role", "staff")
	form.Set("disabled", "yes")
	r := admin.post(accountPath(me), form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.StatusCode)
	}
	r.mustContain(t, "You cannot change your own role: ask another admin", "You cannot disable your own account: ask another admin")
	if got, _ := s.st.User(t.Context(), me.ID); got.Role != model.RoleAdmin || got.Disabled() {
		t.Errorf("admin is now %s, disabled %v", got.Role, got.Disabled())
	}
	// Their own name they may change.
	form = accountEditForm(t, admin, me)
	form.Set("name", "Ada L.")
	if r := admin.post(accountPath(me), form); r.StatusCode != http.StatusSeeOther {
		t.Errorf("renaming themself: status %d", r.StatusCode)
	}
}

func TestAdmin_AStaleFormIsRefusedWith409AndTheInputKept(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	u := testutil.CreateUser(t, s.st, model.User{Name: "Sam Smith"})
	form := accountEditForm(t, admin, u)
	// Someone else renames the account while the form is open.
	if _, err := s.st.UpdateUser(t.Context(), model.Actor{Name: "Other admin"}, u.ID, store.UserChange{Name: "Samantha Smith", Role: u.Role}); err != nil {
		t.Fatal(err)
	}
	form.Set("name", "Sam Smythe")
	r := admin.post(accountPath(u), form)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("status %d, want 409", r.StatusCode)
	}
	r.mustContain(t, "Someone else changed this account since you opened the form", `value="Sam Smythe"`, "Samantha Smith, Staff")
	if got, _ := s.st.User(t.Context(), u.ID); got.Name != "Samantha Smith" {
		t.Errorf("name is %q after the refused save", got.Name)
	}
	// Having seen the other change, saving again replaces it.
	m := accountUpdatedAt.FindStringSubmatch(r.body)
	if m == nil || m[1] == form.Get("updated_at") {
		t.Fatal("the 409 page does not carry the account's new updated_at")
	}
	form.Set("updated_at", m[1])
	if r := admin.post(accountPath(u), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("second save: status %d", r.StatusCode)
	}
	if got, _ := s.st.User(t.Context(), u.ID); got.Name != "Sam Smythe" {
		t.Errorf("name is %q after the second save", got.Name)
	}
}

func TestAdmin_PagesAreForAdminsOnly(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	staff, u := s.as(model.RoleStaff)
	for _, path := range []string{"/admin", "/admin/users/new", "/admin/audit", accountPath(u)} {
		if r := staff.get(path); r.StatusCode != http.StatusForbidden {
			t.Errorf("staff GET %s: %d, want 403", path, r.StatusCode)
		}
	}
	for _, path := range []string{"/admin/users", accountPath(u), accountPath(u) + "/reset-link"} {
		if r := staff.post(path, url.Values{"name": {"X"}, "role": {"admin"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("staff POST %s: %d, want 403", path, r.StatusCode)
		}
	}
	if got, _ := s.st.User(t.Context(), u.ID); got.Role != model.RoleStaff {
		t.Errorf("staff made themself %s", got.Role)
	}
	admin, _ := s.as(model.RoleAdmin)
	for _, path := range []string{"/admin/users/999999", "/admin/users/abc", "/admin/users/-1"} {
		if r := admin.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.StatusCode)
		}
	}
}

func TestAdmin_ListShowsEveryAccountEscaped(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	p := testutil.CreatePartner(t, s.st, model.Partner{Name: "Calm Minds"})
	testutil.CreateUser(t, s.st, model.User{Name: `<script>alert(1)</script>`, Role: model.RolePartner, PartnerID: &p.ID})
	r := admin.get("/admin")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, "&lt;script&gt;alert(1)&lt;/script&gt;", "Partner", "Calm Minds", "Add an account", `href="/admin/audit"`, "2 accounts")
	r.mustNotContain(t, "<script>alert(1)")
}

func TestAudit_ShowsWhoChangedWhatWithBeforeAndAfter(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, me := s.as(model.RoleAdmin)
	u := testutil.CreateUser(t, s.st, model.User{Name: "Sam <Smith>", Email: "sam@example.org"})
	form := accountEditForm(t, admin, u)
	form.Set("name", "Sam <Smythe>")
	form.Set("disabled", "yes")
	if r := admin.post(accountPath(u), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: status %d", r.StatusCode)
	}
	r := admin.get("/admin/audit")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, "Disabled account", me.Name, "Sam &lt;Smythe&gt;", "sam@example.org",
		"disabled:</span> no → yes", "name:</span> Sam &lt;Smith&gt; → Sam &lt;Smythe&gt;",
		"Added account", "command line", "role:</span> Staff")
	r.mustNotContain(t, "<Smythe>", "role:</span> Staff → Staff", "email:</span> sam@example.org →", "argon2id")
}

func TestAudit_FiltersByPersonActionDateAndText(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, me := s.as(model.RoleAdmin)
	other := testutil.CreateUser(t, s.st, model.User{Role: model.RoleAdmin, Name: "Other Admin"})
	byOther := model.Actor{ID: other.ID, Name: other.Name}
	a := testutil.CreateUser(t, s.st, model.User{Name: "Alice Aitken", Email: "alice@example.org"})
	b := testutil.CreateUser(t, s.st, model.User{Name: "Bob Brown", Email: "bob@example.org"})
	if _, err := s.st.UpdateUser(t.Context(), byOther, a.ID, store.UserChange{Name: a.Name, Role: a.Role, Disabled: true}); err != nil {
		t.Fatal(err)
	}
	form := accountEditForm(t, admin, b)
	form.Set("role", "navigator")
	if r := admin.post(accountPath(b), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change role: %d", r.StatusCode)
	}
	today := s.tomorrowAt(0, 0).AddDate(0, 0, -1).Format("2006-01-02")
	tomorrow := s.tomorrowAt(0, 0).Format("2006-01-02")
	yesterday := s.tomorrowAt(0, 0).AddDate(0, 0, -2).Format("2006-01-02")
	rows := func(r response) int { return strings.Count(r.body, "<tr>") - strings.Count(r.body, "<thead><tr>") }
	for _, tc := range []struct {
		query string
		want  []string
		rows  int
	}{
		{"actor=" + strconv.FormatInt(other.ID, 10), []string{"Disabled account", "Alice Aitken"}, 1},
		{"actor=" + strconv.FormatInt(me.ID, 10), []string{"Changed role", "Bob Brown"}, 1},
		{"action=user.disable", []string{"Alice Aitken"}, 1},
		{"action=user.create", []string{"Added account"}, 4},
		{"entity=user&q=bob@example.org", []string{"Bob Brown"}, 2},
		{"q=alice", []string{"Alice Aitken"}, 2},
		{"from=" + today + "&to=" + today, []string{"Alice Aitken", "Bob Brown"}, 6},
		{"from=" + tomorrow, nil, 0},
		{"to=" + yesterday, nil, 0},
	} {
		t.Run(tc.query, func(t *testing.T) {
			r := admin.get("/admin/audit?" + tc.query)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("status %d", r.StatusCode)
			}
			r.mustContain(t, tc.want...)
			if n := rows(r); n != tc.rows {
				t.Errorf("%d rows, want %d", n, tc.rows)
			}
			r.mustContain(t, "Clear all filters")
		})
	}
	bad := admin.get("/admin/audit?actor=999999&action=user.explode&from=31-02-2027")
	if bad.StatusCode != http.StatusOK {
		t.Fatalf("bad filters: status %d", bad.StatusCode)
	}
	bad.mustContain(t, "There is no account &#34;999999&#34;", "No change of the kind &#34;user.explode&#34;", "&#34;31-02-2027&#34; is not a date")
	if n := rows(bad); n != 6 {
		t.Errorf("bad filters show %d rows, want all 6", n)
	}
}

func TestAudit_Shows50APageWithPagination(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)               // one entry: the admin's own account
	u := testutil.CreateUser(t, s.st, model.User{}) // and a second
	for i := range 53 {
		if _, err := s.st.UpdateUser(t.Context(), model.Actor{}, u.ID, store.UserChange{Name: fmt.Sprintf("Name %d", i), Role: u.Role}); err != nil {
			t.Fatal(err)
		}
	}
	first := admin.get("/admin/audit")
	first.mustContain(t, "Showing 1 to 50 of 55 changes", `href="/admin/audit?page=2" rel="next"`, "Name 52")
	second := admin.get("/admin/audit?page=2")
	second.mustContain(t, "Showing 51 to 55 of 55 changes", `rel="prev"`, "Added account")
	second.mustNotContain(t, `rel="next"`)
	filtered := admin.get("/admin/audit?action=user.update&page=2")
	filtered.mustContain(t, "Showing 51 to 53 of 53 changes", `href="/admin/audit?action=user.update" rel="prev"`)
	admin.get("/admin/audit?page=9").mustContain(t, "There is no such page")
}

// The audit log records the admin pages' changes, never a password or a
// link's token.
func TestAudit_KeepsNoSecrets(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	r := admin.post("/admin/users", url.Values{"name": {"Jo"}, "email": {"jo@example.org"}, "role": {"staff"}, "password": {"a fine long passphrase"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", r.StatusCode)
	}
	jo, _ := s.st.UserByEmail(t.Context(), "jo@example.org")
	link := admin.post(accountPath(jo)+"/reset-link", nil)
	token := resetToken(t, link)
	var n int
	err := s.db.Get(&n, `SELECT count(*) FROM audit_log WHERE before::text LIKE '%'||$1||'%' OR after::text LIKE '%'||$1||'%'
		OR after::text LIKE '%passphrase%' OR after::text LIKE '%argon2id%'`, token)
	if err != nil || n != 0 {
		t.Errorf("%d audit entries hold a secret (%v)", n, err)
	}
	var stored int
	if err := s.db.Get(&stored, `SELECT count(*) FROM password_resets WHERE token_hash = $1`, auth.HashToken(token)); err != nil || stored != 1 {
		t.Errorf("the link's hash is stored %d times (%v)", stored, err)
	}
	admin.get("/admin/audit").mustContain(t, "Made a link to set a password", "Added account")
}
