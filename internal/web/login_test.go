package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/internal/web"
)

// origin is the site's address in tests; the cookie is Secure, so https.
var origin = &url.URL{Scheme: "https", Host: "hubbook.example.org"}

// browser is a person's browser on the test site: it keeps cookies and
// sends what a browser sends with a form (Sec-Fetch-Site).
type browser struct {
	s   *site
	jar *cookiejar.Jar
	// ip is the client address, for the sign-in limits.
	ip string
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, jar: jar, ip: "192.0.2.10"}
}

func (b *browser) do(req *http.Request) response {
	b.s.t.Helper()
	req.RemoteAddr = b.ip + ":50000"
	for _, c := range b.jar.Cookies(origin) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.s.h.ServeHTTP(rec, req)
	res := rec.Result()
	b.jar.SetCookies(origin, res.Cookies())
	body, _ := io.ReadAll(res.Body)
	return response{res, string(body)}
}

func (b *browser) get(path string) response {
	b.s.t.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, origin.String()+path, nil))
}

// post sends form as a same-origin browser form would.
func (b *browser) post(path string, form url.Values) response {
	b.s.t.Helper()
	req := httptest.NewRequest(http.MethodPost, origin.String()+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", origin.String())
	return b.do(req)
}

// signIn signs u in with testutil.Password and fails the test otherwise.
func (b *browser) signIn(u model.User) *browser {
	b.s.t.Helper()
	r := b.post("/login", url.Values{"email": {u.Email}, "password": {testutil.Password}})
	if r.StatusCode != http.StatusSeeOther {
		b.s.t.Fatalf("sign in as %s: status %d", u.Email, r.StatusCode)
	}
	return b
}

// as returns a browser signed in as a new account with role.
func (s *site) as(role model.Role) (*browser, model.User) {
	s.t.Helper()
	u := testutil.CreateUser(s.t, s.st, model.User{Role: role})
	return s.browser().signIn(u), u
}

func TestLogin_SignsInRenewsTheTokenAndLandsOnTheRoleHome(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, tc := range []struct {
		role model.Role
		home string
	}{{model.RoleAdmin, "/staff"}, {model.RoleStaff, "/staff"}, {model.RoleNavigator, "/desk"}, {model.RolePartner, "/partner"}} {
		t.Run(string(tc.role), func(t *testing.T) {
			u := testutil.CreateUser(t, s.st, model.User{Role: tc.role})
			b := s.browser()
			r := b.post("/login", url.Values{"email": {"  " + strings.ToUpper(u.Email) + " "}, "password": {testutil.Password}})
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != tc.home {
				t.Fatalf("status %d, location %q; want 303 to %s", r.StatusCode, r.Header.Get("Location"), tc.home)
			}
			cookie := findCookie(r.Cookies(), "hubbook_session")
			if cookie == nil || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteLaxMode {
				t.Fatalf("session cookie %+v: want a new HttpOnly, Secure, SameSite=Lax token", cookie)
			}
			if r := b.get(tc.home); r.StatusCode != http.StatusOK {
				t.Errorf("home %s: status %d", tc.home, r.StatusCode)
			}
			got, err := s.st.User(t.Context(), u.ID)
			if err != nil || got.LastLoginAt == nil {
				t.Errorf("last sign-in not recorded: %v", err)
			}
		})
	}
}

func TestLogin_RenewsTheSessionToken(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	first := testutil.CreateUser(t, s.st, model.User{Role: model.RoleNavigator})
	second := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	b := s.browser().signIn(first)
	before := findCookie(b.jar.Cookies(origin), "hubbook_session")
	// Someone who knew the token from before (planted it, or read it on a
	// shared computer) must not ride on the next sign-in.
	r := b.post("/login", url.Values{"email": {second.Email}, "password": {testutil.Password}})
	after := findCookie(r.Cookies(), "hubbook_session")
	if before == nil || after == nil || after.Value == before.Value {
		t.Fatalf("token before %v, after %v: want a new token at sign-in", before, after)
	}
	old := s.browser()
	old.jar.SetCookies(origin, []*http.Cookie{before})
	if r := old.get("/staff"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the token from before sign-in opens /staff: status %d", r.StatusCode)
	}
	if r := b.get("/staff"); r.StatusCode != http.StatusOK {
		t.Errorf("the new token: status %d", r.StatusCode)
	}
}

func TestLogin_CountsParallelGuesses(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	const guesses = 20
	statuses := make(chan int, guesses)
	var wg sync.WaitGroup
	for i := range guesses {
		b := s.browser()
		b.ip = "198.51.100." + strconv.Itoa(i+1)
		wg.Go(func() {
			statuses <- b.post("/login", url.Values{"email": {u.Email}, "password": {"guess number " + strconv.Itoa(i)}}).StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	counts := map[int]int{}
	for st := range statuses {
		counts[st]++
	}
	if counts[http.StatusUnprocessableEntity] != 5 || counts[http.StatusTooManyRequests] != guesses-5 {
		t.Errorf("statuses %v: want 5 tries checked and %d refused with 429", counts, guesses-5)
	}
}

func findCookie(cookies []*http.Cookie, name string) *http.Cookie {
	for _, c := range cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestLogin_ReturnsToThePageAskedFor(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	b := s.browser()
	r := b.get("/staff/venues?x=1")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fstaff%2Fvenues%3Fx%3D1" {
		t.Fatalf("anonymous: status %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	r = b.post("/login", url.Values{"email": {u.Email}, "password": {testutil.Password}, "next": {"/staff/venues?x=1"}})
	if loc := r.Header.Get("Location"); loc != "/staff/venues?x=1" {
		t.Errorf("after sign-in: location %q", loc)
	}
	// Somewhere else entirely is never a destination.
	for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example"} {
		r = s.browser().post("/login", url.Values{"email": {u.Email}, "password": {testutil.Password}, "next": {next}})
		if loc := r.Header.Get("Location"); loc != "/staff" {
			t.Errorf("next %q: location %q, want /staff", next, loc)
		}
	}
}

func TestLogin_WrongPasswordAndUnknownEmailGetTheSameAnswer(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	wrong := s.browser().post("/login", url.Values{"email": {u.Email}, "password": {"not the password at all"}})
	unknown := s.browser().post("/login", url.Values{"email": {"nobody@example.org"}, "password": {"not the password at all"}})
	for name, r := range map[string]response{"wrong password": wrong, "unknown email": unknown} {
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", name, r.StatusCode)
		}
		r.mustContain(t, "Enter the email address and password of an account that is in use")
		if findCookie(r.Cookies(), "hubbook_session") != nil {
			t.Errorf("%s: a session cookie was set", name)
		}
	}
	if !strings.Contains(unknown.body, `value="nobody@example.org"`) {
		t.Error("the email typed is not kept in the form")
	}
	r := s.browser().post("/login", url.Values{"email": {""}, "password": {""}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty form: status %d", r.StatusCode)
	}
	r.mustContain(t, "Enter your email address", "Enter your password", `href="#email"`)
}

func TestLogin_LocksAnAccountOutAfterFiveWrongPasswords(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	for i := range 5 {
		b := s.browser()
		b.ip = "192.0.2." + string(rune('1'+i)) // different addresses: the account limit, not the address limit
		if r := b.post("/login", url.Values{"email": {u.Email}, "password": {"wrong password " + string(rune('a'+i))}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("try %d: status %d", i+1, r.StatusCode)
		}
	}
	// Even the right password now waits.
	r := s.browser().post("/login", url.Values{"email": {u.Email}, "password": {testutil.Password}})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth try: status %d, Retry-After %q; want 429 with Retry-After", r.StatusCode, r.Header.Get("Retry-After"))
	}
	r.mustContain(t, "Too many tries to sign in", "Wait 2 minutes")
	// Another account is not affected.
	other := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	s.browser().signIn(other)
}

func TestLogin_LimitsOneAddress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser()
	var r response
	for i := range 21 {
		r = b.post("/login", url.Values{"email": {"person" + string(rune('a'+i)) + "@example.org"}, "password": {"guessing guessing"}})
	}
	if wait, _ := strconv.Atoi(r.Header.Get("Retry-After")); r.StatusCode != http.StatusTooManyRequests || wait < 1 || wait > 10 {
		t.Fatalf("21st try from one address: status %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
}

func TestLogout_EndsTheSession(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	if r := b.get("/staff"); r.StatusCode != http.StatusOK {
		t.Fatalf("signed in: status %d", r.StatusCode)
	}
	stolen := b.jar.Cookies(origin)
	r := b.post("/logout", nil)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?signed_out=1" {
		t.Fatalf("logout: status %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := b.get("/staff"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout: status %d, want a redirect to sign in", r.StatusCode)
	}
	// The old token is dead on the server, not only forgotten by the browser.
	thief := s.browser()
	thief.jar.SetCookies(origin, stolen)
	if r := thief.get("/staff"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("old token after logout: status %d", r.StatusCode)
	}
}

func TestLogin_DisablingAnAccountEndsItsSessions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, u := s.as(model.RoleStaff)
	if _, err := s.st.UpdateUser(t.Context(), model.Actor{}, u.ID, storeUserChange(u, true)); err != nil {
		t.Fatal(err)
	}
	if r := b.get("/staff"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled account: status %d, want a redirect to sign in", r.StatusCode)
	}
	r := s.browser().post("/login", url.Values{"email": {u.Email}, "password": {testutil.Password}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("disabled account signing in: status %d", r.StatusCode)
	}
}

func TestCrossOriginPost_IsRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	for name, header := range map[string][2]string{
		"Sec-Fetch-Site cross-site": {"Sec-Fetch-Site", "cross-site"},
		"Origin of another site":    {"Origin", "https://evil.example"},
	} {
		req := httptest.NewRequest(http.MethodPost, origin.String()+"/logout", nil)
		req.Header.Set(header[0], header[1])
		if r := b.do(req); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, r.StatusCode)
		}
	}
	// The session survived the forged logout.
	if r := b.get("/staff"); r.StatusCode != http.StatusOK {
		t.Errorf("after refused posts: status %d", r.StatusCode)
	}
}

func TestSession_IdleTimeoutEndsIt(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	// Age the session in the database past its idle expiry.
	if _, err := s.db.Exec(`UPDATE sessions SET expiry = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if r := b.get("/staff"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("expired session: status %d", r.StatusCode)
	}
}

func storeUserChange(u model.User, disabled bool) store.UserChange {
	return store.UserChange{Name: u.Name, Role: u.Role, PartnerID: u.PartnerID, Disabled: disabled}
}

func TestLogin_RefusesAPublishedPasswordInProduction(t *testing.T) {
	t.Parallel()
	u := model.User{Role: model.RoleAdmin, Email: "admin@demo.hubbook.test"}
	s := newSite(t, func(d *web.Deps) {
		d.PublishedPasswords = map[string]string{"admin@demo.hubbook.test": testutil.Password}
	})
	testutil.CreateUser(t, s.st, u)
	r := s.browser().post("/login", url.Values{"email": {u.Email}, "password": {testutil.Password}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("published password: status %d, want 422", r.StatusCode)
	}
}
