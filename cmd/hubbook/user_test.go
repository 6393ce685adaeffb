package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/config"
	"hubbook/internal/demo"
	"hubbook/internal/model"
	"hubbook/internal/pg"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// userDB points the command at a fresh migrated database and returns a
// store over it.
func userDB(t *testing.T) *store.Store {
	t.Helper()
	dsn := pgtest.URL(t)
	t.Setenv("DATABASE_URL", dsn)
	db, err := pg.Open(context.Background(), dsn, pg.Pool{MaxOpen: 2, MaxIdle: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return store.New(db)
}

// hubbook runs the command with args and returns what it printed.
func hubbook(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, &out, io.Discard)
	return out.String(), err
}

func TestUserAdd_MakesAnAccountThatSignsIn(t *testing.T) {
	st := userDB(t)
	t.Setenv("HUBBOOK_PASSWORD", "analytical engine notes")
	out, err := hubbook(t, "user", "add", "--email", " Ada@Example.org", "--name", "Ada Lovelace", "--role", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if out != "Added admin Ada Lovelace <ada@example.org>\n" {
		t.Errorf("printed %q", out)
	}
	u, err := st.UserByEmail(t.Context(), "ada@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != model.RoleAdmin || !auth.VerifyPassword("analytical engine notes", u.PasswordHash) {
		t.Errorf("account %+v does not sign in as an admin with the password given", u)
	}
	entries, _, err := st.AuditLog(t.Context(), model.AuditFilter{Action: "user.create"})
	if err != nil || len(entries) != 1 || entries[0].ActorName != "command line" {
		t.Errorf("audit log: %+v, %v; want one user.create by the command line", entries, err)
	}

	// The same address again is a clear error.
	_, err = hubbook(t, "user", "add", "--email", "ada@example.org", "--name", "Ada Again", "--role", "staff")
	if err == nil || !strings.Contains(err.Error(), "ada@example.org already has an account") {
		t.Errorf("second add: %v", err)
	}
}

func TestUserAdd_PartnerAccountNeedsAnExistingPartner(t *testing.T) {
	st := userDB(t)
	p := testutil.CreatePartner(t, st, model.Partner{Slug: "calm-minds", Name: "Calm Minds"})
	t.Setenv("HUBBOOK_PASSWORD", "a long enough password")
	add := func(extra ...string) (string, error) {
		return hubbook(t, append([]string{"user", "add", "--email", "jo@example.org", "--name", "Jo", "--role", "partner"}, extra...)...)
	}
	if _, err := add(); err == nil || !strings.Contains(err.Error(), "--partner") {
		t.Errorf("no --partner: %v", err)
	}
	if _, err := add("--partner", "nobody"); err == nil || !strings.Contains(err.Error(), `no partner "nobody"`) || !strings.Contains(err.Error(), "calm-minds") {
		t.Errorf("unknown partner: %v", err)
	}
	out, err := add("--partner", "calm-minds")
	if err != nil || out != "Added partner Jo <jo@example.org> for Calm Minds\n" {
		t.Fatalf("add: %q, %v", out, err)
	}
	if u, _ := st.UserByEmail(t.Context(), "jo@example.org"); u.PartnerID == nil || *u.PartnerID != p.ID {
		t.Errorf("partner account belongs to %v, want %d", u.PartnerID, p.ID)
	}
}

func TestUserAdd_RefusesBadInputBeforeTouchingTheDatabase(t *testing.T) {
	// No database at all: every one of these must fail on its input.
	t.Setenv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none?sslmode=disable")
	t.Setenv("HUBBOOK_PASSWORD", "a long enough password")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--email", "not-an-address", "--name", "Ada", "--role", "admin"}, "--email"},
		{[]string{"--email", "ada@example.org", "--name", " ", "--role", "admin"}, "--name"},
		{[]string{"--email", "ada@example.org", "--name", "Ada", "--role", "wizard"}, "--role"},
		{[]string{"--email", "ada@example.org", "--name", "Ada", "--role", "staff", "--partner", "calm-minds"}, "only a partner account"},
		{[]string{"--email", "ada@example.org", "--name", "Ada", "--role", "admin", "hunter2"}, `unexpected argument "hunter2"`},
	} {
		_, err := hubbook(t, append([]string{"user", "add"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
	t.Setenv("HUBBOOK_PASSWORD", "password")
	_, err := hubbook(t, "user", "add", "--email", "ada@example.org", "--name", "Ada", "--role", "admin")
	if err == nil || !strings.Contains(err.Error(), "at least 12 characters") {
		t.Errorf("short password: %v", err)
	}
	for _, args := range [][]string{{"user"}, {"user", "frobnicate"}} {
		if _, err := hubbook(t, args...); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	for _, args := range [][]string{{"user", "--help"}, {"user", "add", "--help"}, {"user", "set-password", "--help"}} {
		if out, err := hubbook(t, args...); err != nil || !strings.Contains(out, "Usage: hubbook user") {
			t.Errorf("%v: %q, %v", args, out, err)
		}
	}
}

func TestUserSetPassword_LetsALockedOutAdminBackIn(t *testing.T) {
	st := userDB(t)
	u := testutil.CreateUser(t, st, model.User{Role: model.RoleAdmin, Email: "ada@example.org", Name: "Ada Lovelace"})
	t.Setenv("HUBBOOK_PASSWORD", "a brand new passphrase")
	out, err := hubbook(t, "user", "set-password", "--email", "ADA@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "Set a new password for Ada Lovelace <ada@example.org>") {
		t.Errorf("printed %q", out)
	}
	got, _ := st.User(t.Context(), u.ID)
	if !auth.VerifyPassword("a brand new passphrase", got.PasswordHash) || auth.VerifyPassword(testutil.Password, got.PasswordHash) {
		t.Error("the password did not change")
	}
	if got.AuthVersion == u.AuthVersion {
		t.Error("sign-ins from before still count")
	}
	if _, err := hubbook(t, "user", "set-password", "--email", "nobody@example.org"); err == nil || !strings.Contains(err.Error(), "no account has the email address nobody@example.org") {
		t.Errorf("unknown email: %v", err)
	}
}

func TestReadPassword_FromTheEnvironmentElseOneLineOfStandardInput(t *testing.T) {
	t.Setenv("HUBBOOK_PASSWORD", "from the environment")
	if p, err := readPassword(strings.NewReader("from stdin\n"), io.Discard, "a@example.org"); err != nil || p != "from the environment" {
		t.Errorf("with HUBBOOK_PASSWORD: %q, %v", p, err)
	}
	os.Unsetenv("HUBBOOK_PASSWORD") // t.Setenv restores it afterwards
	for in, want := range map[string]string{
		"spaces are fine \n second line\n": "spaces are fine ",
		"windows line ending\r\n":          "windows line ending",
		"no line ending":                   "no line ending",
	} {
		var prompt bytes.Buffer
		p, err := readPassword(strings.NewReader(in), &prompt, "a@example.org")
		if err != nil || p != want {
			t.Errorf("stdin %q: %q, %v; want %q", in, p, err, want)
		}
		if prompt.Len() != 0 {
			t.Errorf("prompted %q when stdin is not a terminal", prompt.String())
		}
	}
	if _, err := readPassword(strings.NewReader(""), io.Discard, "a@example.org"); err == nil || !strings.Contains(err.Error(), "HUBBOOK_PASSWORD") {
		t.Errorf("empty stdin: %v", err)
	}
}

func TestServe_RefusesProductionWhileADemoPasswordStillWorks(t *testing.T) {
	st := userDB(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, st, time.Now(), testutil.London(t), nil); err != nil {
		t.Fatal(err)
	}
	// Outside production the demo passwords are the point.
	dev := productionConfig(t)
	dev.Env = "development"
	if err := checkDemoPasswords(ctx, dev, st); err != nil {
		t.Errorf("development: %v", err)
	}
	t.Setenv("HUBBOOK_ENV", "production")
	t.Setenv("HUBBOOK_SECRET", strings.Repeat("s", 32))
	t.Setenv("SMTP_URL", "smtp://127.0.0.1:2525?tls=none")
	t.Setenv("HUBBOOK_ADDR", "127.0.0.1:0")
	err := run(ctx, []string{"serve"}, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("serve started in production with the demo passwords")
	}
	for _, a := range demo.Accounts {
		if !strings.Contains(err.Error(), a.Email) {
			t.Errorf("the error does not name %s: %v", a.Email, err)
		}
	}
	if !strings.Contains(err.Error(), "hubbook user set-password --email") {
		t.Errorf("the error does not say how to fix it: %v", err)
	}

	// Close each door: a new password for one, disable the others.
	t.Setenv("HUBBOOK_PASSWORD", "not the demo password any more")
	if _, err := hubbook(t, "user", "set-password", "--email", demo.Accounts[0].Email); err != nil {
		t.Fatal(err)
	}
	for _, a := range demo.Accounts[1:] {
		if _, err := hubbook(t, "user", "disable", "--email", a.Email); err != nil {
			t.Fatal(err)
		}
	}
	if err := checkDemoPasswords(ctx, productionConfig(t), st); err != nil {
		t.Errorf("after new passwords and disabling: %v", err)
	}
}

func TestCheckDemoPasswords_NamesOnlyTheAccountsStillOpen(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, st, time.Now(), testutil.London(t), nil); err != nil {
		t.Fatal(err)
	}
	admin, staff := demo.Accounts[0], demo.Accounts[1]
	u, err := st.UserByEmail(ctx, staff.Email)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword("a password nobody published")
	if err := st.SetPassword(ctx, model.Actor{}, u.ID, hash); err != nil {
		t.Fatal(err)
	}
	err = checkDemoPasswords(ctx, productionConfig(t), st)
	if err == nil || !strings.Contains(err.Error(), admin.Email) || strings.Contains(err.Error(), staff.Email) {
		t.Errorf("err = %v; want it to name %s and not %s", err, admin.Email, staff.Email)
	}
}

func productionConfig(t *testing.T) config.Config {
	t.Helper()
	env := map[string]string{"HUBBOOK_ENV": "production", "DATABASE_URL": "postgres://hubbook@127.0.0.1/hubbook",
		"HUBBOOK_SECRET": strings.Repeat("s", 32), "SMTP_URL": "smtps://mail.example.org"}
	cfg, err := config.Parse(func(key string) string { return env[key] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
