package demo

import (
	"context"
	"fmt"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// Account is a demo sign-in. Its password is public, written here and in
// the README, so that anyone can try hubbook in each role; `hubbook serve`
// refuses to start in production while any demo password still works.
type Account struct {
	Email    string
	Name     string
	Role     model.Role
	Password string
	// Partner is the slug of the demo partner a partner account works for.
	Partner string
}

// Accounts are the demo sign-ins, one per role, each with its own password.
var Accounts = []Account{
	{Email: "admin@demo.hubbook.test", Name: "Isla Campbell", Role: model.RoleAdmin, Password: "demo-admin-2026!"},
	{Email: "staff@demo.hubbook.test", Name: "Callum Fraser", Role: model.RoleStaff, Password: "demo-staff-2026!"},
	{Email: "navigator@demo.hubbook.test", Name: "Priya Shah", Role: model.RoleNavigator, Password: "demo-navigator-2026!"},
	{Email: "partner@demo.hubbook.test", Name: "Jamie Reid", Role: model.RolePartner, Password: "demo-partner-2026!", Partner: "calm-minds"},
}

// accounts creates the demo accounts, after the partners they belong to.
func (s *seeder) accounts(ctx context.Context) error {
	for _, a := range Accounts {
		hash, err := auth.HashPassword(a.Password)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		n := store.NewUser{Email: a.Email, Name: a.Name, Role: a.Role, PasswordHash: hash}
		if a.Partner != "" {
			id, ok := s.partners[a.Partner]
			if !ok {
				return fmt.Errorf("demo account %s: no partner %q", a.Email, a.Partner)
			}
			n.PartnerID = &id
		}
		u, err := s.tx.CreateUser(ctx, model.Actor{}, n)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		if a.Role == model.RoleNavigator {
			s.navigator = model.Actor{ID: u.ID, Name: u.Name}
		}
	}
	return nil
}
