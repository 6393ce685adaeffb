package web_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/internal/web"
)

// movableClock is a test's movableClock, which it moves on by hand.
type movableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *movableClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func withMovableClock(c *movableClock) option { return func(d *web.Deps) { d.Now = c.Now } }

// capturedLog is a log destination safe for concurrent writes.
type capturedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *capturedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *capturedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func withCapturedLog(w *capturedLog) option {
	return func(d *web.Deps) { d.Log = slog.New(slog.NewTextHandler(w, nil)) }
}

var resetLinkValue = regexp.MustCompile(`value="https://hubbook\.example\.org/reset/([A-Za-z0-9_-]{43})"`)

// resetToken returns the token of the link a page shows, failing the test
// without one.
func resetToken(t *testing.T, r response) string {
	t.Helper()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("link page: status %d", r.StatusCode)
	}
	m := resetLinkValue.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("the page shows no link")
	}
	return m[1]
}

// postNewPassword posts a new password to the link's form.
func postNewPassword(b *browser, token, password, again string) response {
	return b.post("/reset/"+token, url.Values{"password": {password}, "confirm": {again}})
}

func TestReset_LinkIsShownOnceWorksOnceAndSetsThePassword(t *testing.T) {
	t.Parallel()
	var logs capturedLog
	s := newSite(t, withCapturedLog(&logs))
	admin, _ := s.as(model.RoleAdmin)
	u := testutil.CreateUser(t, s.st, model.User{Name: "Sam Smith"})
	old, _ := s.st.User(t.Context(), u.ID)

	page := admin.post(accountPath(u)+"/reset-link", nil)
	token := resetToken(t, page)
	page.mustContain(t, "Link for Sam Smith to set a new password", "readonly", "only time the link is shown", "ask for a link by email from the sign-in page")
	// Shown once: the account's page does not show it again.
	admin.get(accountPath(u)).mustNotContain(t, token)

	visitor := s.browser()
	form := visitor.get("/reset/" + token)
	if form.StatusCode != http.StatusOK {
		t.Fatalf("link: status %d", form.StatusCode)
	}
	form.mustContain(t, "<h1", "Set a new password", u.Email)
	if form.Header.Get("Referrer-Policy") != "no-referrer" || form.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("link page headers: Referrer-Policy %q, Cache-Control %q", form.Header.Get("Referrer-Policy"), form.Header.Get("Cache-Control"))
	}

	for _, tc := range []struct{ password, again, want string }{
		{"short", "short", "at least 12 characters"},
		{"a brand new passphrase", "a brand new passfrase", "Enter the same password twice"},
		{"a brand new passphrase", "", "Enter the new password again"},
		{u.Email, u.Email, "Do not use your email address"},
	} {
		r := postNewPassword(visitor, token, tc.password, tc.again)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%q/%q: status %d, want 422", tc.password, tc.again, r.StatusCode)
		}
		r.mustContain(t, tc.want)
	}

	r := postNewPassword(visitor, token, "a brand new passphrase", "a brand new passphrase")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Fatalf("set: status %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	visitor.get("/login").mustContain(t, "Your password is set. Sign in with it.")
	if status := s.signInStatus(u.Email, testutil.Password); status != http.StatusUnprocessableEntity {
		t.Errorf("the old password still signs in: %d", status)
	}
	if status := s.signInStatus(u.Email, "a brand new passphrase"); status != http.StatusSeeOther {
		t.Errorf("the new password does not sign in: %d", status)
	}

	// Works once.
	for _, r := range []response{visitor.get("/reset/" + token), postNewPassword(s.browser(), token, "another new passphrase", "another new passphrase")} {
		if r.StatusCode != http.StatusGone {
			t.Errorf("second use: status %d, want 410", r.StatusCode)
		}
		r.mustContain(t, "This link no longer works", "Ask an admin in your team for a new link")
	}
	if got, _ := s.st.User(t.Context(), u.ID); got.AuthVersion == old.AuthVersion {
		t.Error("setting the password did not end the account's other sign-ins")
	}
	admin.get("/admin/audit").mustContain(t, "Made a link to set a password", "Set a new password")
	forged := httptest.NewRequest(http.MethodPost, origin.String()+"/reset/"+token, nil)
	forged.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := s.browser().do(forged); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post of the link: status %d", r.StatusCode)
	}
	if strings.Contains(logs.String(), token) {
		t.Error("the link's token is in the log")
	}
}

func TestReset_SettingAPasswordSignsOutTheAccountEverywhere(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	signedIn, u := s.as(model.RoleStaff)
	token := resetToken(t, admin.post(accountPath(u)+"/reset-link", nil))
	if r := postNewPassword(s.browser(), token, "a brand new passphrase", "a brand new passphrase"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set: status %d", r.StatusCode)
	}
	if r := signedIn.get("/staff"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a session from before the new password: status %d, want 303 to sign in", r.StatusCode)
	}

	// Setting it while signed in as the same account keeps the message.
	token = resetToken(t, admin.post(accountPath(u)+"/reset-link", nil))
	same := s.browser()
	same.post("/login", url.Values{"email": {u.Email}, "password": {"a brand new passphrase"}})
	if r := postNewPassword(same, token, "a third passphrase here", "a third passphrase here"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set while signed in: status %d", r.StatusCode)
	}
	r := same.get("/login")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("sign-in page after: status %d", r.StatusCode)
	}
	r.mustContain(t, "Your password is set. Sign in with it.")
}

func TestReset_LinkExpiresAfter24Hours(t *testing.T) {
	t.Parallel()
	c := &movableClock{now: time.Now()}
	s := newSite(t, withMovableClock(c))
	admin, _ := s.as(model.RoleAdmin)
	u := testutil.CreateUser(t, s.st, model.User{})
	token := resetToken(t, admin.post(accountPath(u)+"/reset-link", nil))
	c.advance(23 * time.Hour)
	if r := s.get("/reset/" + token); r.StatusCode != http.StatusOK {
		t.Errorf("after 23 hours: status %d, want 200", r.StatusCode)
	}
	c.advance(time.Hour + time.Minute)
	if r := s.get("/reset/" + token); r.StatusCode != http.StatusGone {
		t.Errorf("after 24 hours: status %d, want 410", r.StatusCode)
	}
	if r := postNewPassword(s.browser(), token, "a brand new passphrase", "a brand new passphrase"); r.StatusCode != http.StatusGone {
		t.Errorf("set after 24 hours: status %d, want 410", r.StatusCode)
	}
	if status := s.signInStatus(u.Email, testutil.Password); status != http.StatusSeeOther {
		t.Errorf("an expired link changed the password: sign-in %d", status)
	}
}

func TestReset_UnknownMalformedAndDisabledLinksAreGone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	u := testutil.CreateUser(t, s.st, model.User{})
	token := resetToken(t, admin.post(accountPath(u)+"/reset-link", nil))
	if _, err := s.st.UpdateUser(t.Context(), model.Actor{}, u.ID, disabledChange(u)); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"disabled account": "/reset/" + token,
		"unknown":          "/reset/" + strings.Repeat("A", 43),
		"malformed":        "/reset/not-a-token",
		"script":           "/reset/%3Cscript%3E",
	} {
		r := s.get(path)
		if r.StatusCode != http.StatusGone {
			t.Errorf("%s: status %d, want 410", name, r.StatusCode)
		}
		r.mustContain(t, "This link no longer works")
		r.mustNotContain(t, "<script>")
	}
	// A disabled account gets no new link either.
	r := admin.post(accountPath(u)+"/reset-link", nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("link for a disabled account: status %d, want 303", r.StatusCode)
	}
	admin.get(accountPath(u)).mustContain(t, "Enable the account first")
}

func TestAdmin_AddWithoutAPasswordShowsALinkToSetOne(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin, _ := s.as(model.RoleAdmin)
	r := admin.post("/admin/users", url.Values{"name": {"Priya Shah"}, "email": {"priya@example.org"}, "role": {"navigator"}})
	token := resetToken(t, r)
	r.mustContain(t, "Account added", "Added Priya Shah (Community navigator)")
	b := s.browser()
	if r := postNewPassword(b, token, "priya's own passphrase", "priya's own passphrase"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set: status %d", r.StatusCode)
	}
	r = b.post("/login", url.Values{"email": {"priya@example.org"}, "password": {"priya's own passphrase"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/desk" {
		t.Errorf("sign in: status %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
}

func disabledChange(u model.User) store.UserChange {
	return store.UserChange{Name: u.Name, Role: u.Role, PartnerID: u.PartnerID, Disabled: true}
}
