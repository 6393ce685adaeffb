package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// Two admins save the same account from forms opened at the same moment:
// one save wins and the other is refused, whatever the interleaving.
func TestUpdateUser_OfTwoSavesFromTheSameFormOneWins(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	u := testutil.CreateUser(t, st, model.User{Name: "Sam"})
	const admins = 8
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, admins)
	)
	for i := range admins {
		wg.Go(func() {
			<-start
			_, errs[i] = st.UpdateUser(ctx, model.Actor{Name: "Admin"}, u.ID, store.UserChange{
				Name: fmt.Sprintf("Sam %d", i), Role: u.Role, UnchangedSince: u.UpdatedAt})
		})
	}
	close(start)
	wg.Wait()
	saved := 0
	for i, err := range errs {
		switch {
		case err == nil:
			saved++
		case !errors.Is(err, model.ErrConflict):
			t.Errorf("save %d: %v", i, err)
		}
	}
	if saved != 1 {
		t.Errorf("%d saves succeeded, want 1", saved)
	}
	if _, total, _ := st.AuditLog(ctx, model.AuditFilter{Action: "user.update"}); total != 1 {
		t.Errorf("%d user.update entries, want 1: a refused save must leave no trace", total)
	}
	// Without UnchangedSince, as the command line saves, there is no check.
	if _, err := st.UpdateUser(ctx, model.Actor{}, u.ID, store.UserChange{Name: "Sam", Role: u.Role}); err != nil {
		t.Errorf("unchecked save: %v", err)
	}
}

func TestValidEmail_MatchesTheUsersTable(t *testing.T) {
	st := newStore(t)
	for email, want := range map[string]bool{
		"ada@example.org":              true,
		" Bo@Example.ORG ":             true,
		"ada@localhost":                false,
		"ada example@x.org":            false,
		"@example.org":                 false,
		"ada@@example.org":             false,
		"":                             false,
		"a@" + longLabel(250) + ".org": false,
	} {
		if got := store.ValidEmail(email); got != want {
			t.Errorf("ValidEmail(%q) = %v, want %v", email, got, want)
		}
		_, err := st.CreateUser(context.Background(), model.Actor{}, store.NewUser{Email: email, Name: "X", Role: model.RoleStaff,
			PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"})
		if (err == nil) != want {
			t.Errorf("CreateUser(%q): %v, but ValidEmail says %v", email, err, want)
		}
	}
}

func longLabel(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a'
	}
	return string(b)
}
