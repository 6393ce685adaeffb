package demo_test

import (
	"context"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/demo"
	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

func TestAccounts_OnePerRoleEachWithItsOwnAcceptablePassword(t *testing.T) {
	roles := map[model.Role]bool{}
	passwords := map[string]bool{}
	for _, a := range demo.Accounts {
		if problem := auth.CheckPassword(a.Password, a.Email); problem != "" {
			t.Errorf("%s: password %q: %s", a.Email, a.Password, problem)
		}
		if roles[a.Role] || passwords[a.Password] {
			t.Errorf("%s: a second account for role %s or a password used twice", a.Email, a.Role)
		}
		roles[a.Role], passwords[a.Password] = true, true
		if (a.Role == model.RolePartner) != (a.Partner != "") {
			t.Errorf("%s: role %s with partner %q", a.Email, a.Role, a.Partner)
		}
	}
	for _, r := range model.Roles {
		if !roles[r] {
			t.Errorf("no demo account for role %s", r)
		}
	}
}

func TestSeed_EveryDemoAccountSignsInWithItsRole(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	seed(t, db, time.Date(2026, time.March, 10, 9, 30, 0, 0, testutil.London(t)))
	ctx := context.Background()
	for _, a := range demo.Accounts {
		u, err := st.UserByEmail(ctx, a.Email)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		if !auth.VerifyPassword(a.Password, u.PasswordHash) || u.Disabled() {
			t.Errorf("%s cannot sign in with its demo password", a.Email)
		}
		if u.Role != a.Role || u.Name != a.Name {
			t.Errorf("%s: %s with role %s, want %s with role %s", a.Email, u.Name, u.Role, a.Name, a.Role)
		}
		if a.Role == model.RolePartner && u.PartnerName != "Calm Minds" {
			t.Errorf("%s works for %q, want Calm Minds", a.Email, u.PartnerName)
		}
	}
	// Made in the seed's transaction, and audited as the command line.
	entries, total, err := st.AuditLog(ctx, model.AuditFilter{Action: "user.create"})
	if err != nil || total != len(demo.Accounts) {
		t.Fatalf("audit log: %d user.create entries (%v), want %d", total, err, len(demo.Accounts))
	}
	if entries[0].ActorName != "command line" {
		t.Errorf("demo accounts made by %q, want command line", entries[0].ActorName)
	}
}
