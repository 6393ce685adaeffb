package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"

	"hubbook/internal/auth"
	"hubbook/internal/config"
	"hubbook/internal/demo"
	"hubbook/internal/model"
	"hubbook/internal/pg"
	"hubbook/internal/store"
)

// passwordEnv is the environment variable a password is read from; without
// it, the password is the first line of standard input. It is never an
// argument, where other users of the machine could read it in ps.
const passwordEnv = "HUBBOOK_PASSWORD"

const userHelp = `Manage accounts from the command line: the way the first admin is made,
and the way back in for an admin who is locked out.

  hubbook user add --email E --name N --role R [--partner SLUG]
  hubbook user set-password --email E
  hubbook user disable --email E

Roles: admin, staff, navigator, partner (a partner account needs --partner,
the slug of its partner organisation).

The password is read from HUBBOOK_PASSWORD or, when that is unset, from the
first line of standard input; it is never an argument. At a terminal you are
asked for it, and what you type is not shown. Changes are recorded in the
audit log as made by "command line".`

// runUser runs user add, user set-password or user disable.
func runUser(ctx context.Context, e *env) error {
	if len(e.args) == 0 {
		fmt.Fprintln(e.stderr, userHelp)
		return errors.New("user: say what to do: add, set-password or disable")
	}
	switch sub, args := e.args[0], e.args[1:]; sub {
	case "add":
		return userAdd(ctx, e, args)
	case "set-password":
		return userSetPassword(ctx, e, args)
	case "disable":
		return userDisable(ctx, e, args)
	default:
		return fmt.Errorf("user: unknown subcommand %q: want add, set-password or disable", sub)
	}
}

func userAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("user add", "Add an account. The password comes from HUBBOOK_PASSWORD or standard input.", e.stdout)
	email := fs.String("email", "", "the person's email address, which they sign in with")
	name := fs.String("name", "", "the person's name, as colleagues know them")
	role := fs.String("role", "", "what the account can do: admin, staff, navigator or partner")
	partner := fs.String("partner", "", "for a partner account: the slug of its partner organisation")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	r := model.Role(strings.ToLower(strings.TrimSpace(*role)))
	var problems []string
	if !store.ValidEmail(*email) {
		problems = append(problems, "--email: give an email address like name@example.org")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(*name)); n == 0 || n > store.MaxUserNameLength {
		problems = append(problems, "--name: give the person's name, at most 120 characters")
	}
	switch {
	case !r.Valid():
		problems = append(problems, "--role: give one of admin, staff, navigator or partner")
	case r == model.RolePartner && *partner == "":
		problems = append(problems, "--partner: a partner account needs the slug of its partner organisation")
	case r != model.RolePartner && *partner != "":
		problems = append(problems, "--partner: only a partner account belongs to a partner organisation")
	}
	if len(problems) > 0 {
		return errors.New("user add:\n  " + strings.Join(problems, "\n  "))
	}
	hash, err := newPasswordHash(e, *email)
	if err != nil {
		return err
	}
	return withStore(ctx, e, func(st *store.Store) error {
		n := store.NewUser{Email: *email, Name: *name, Role: r, PasswordHash: hash}
		if r == model.RolePartner {
			p, err := partnerBySlug(ctx, st, *partner)
			if err != nil {
				return err
			}
			n.PartnerID = &p.ID
		}
		u, err := st.CreateUser(ctx, model.Actor{}, n)
		if errors.Is(err, model.ErrEmailTaken) {
			return fmt.Errorf("user add: %s already has an account; to give it a new password, run hubbook user set-password --email %s",
				store.NormaliseEmail(*email), store.NormaliseEmail(*email))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Added %s %s <%s>%s\n", u.Role, u.Name, u.Email, partnerNote(u))
		return nil
	})
}

func partnerNote(u model.User) string {
	if u.PartnerName == "" {
		return ""
	}
	return " for " + u.PartnerName
}

func userSetPassword(ctx context.Context, e *env, args []string) error {
	fs := newFlags("user set-password", "Give an account a new password, ending its sign-ins. The password comes from HUBBOOK_PASSWORD or standard input.", e.stdout)
	email := fs.String("email", "", "the account's email address")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if *email == "" {
		return errors.New("user set-password: --email: give the account's email address")
	}
	return withStore(ctx, e, func(st *store.Store) error {
		u, err := accountByEmail(ctx, st, *email)
		if err != nil {
			return err
		}
		hash, err := newPasswordHash(e, u.Email)
		if err != nil {
			return err
		}
		if err := st.SetPassword(ctx, model.Actor{}, u.ID, hash); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Set a new password for %s <%s>; anyone signed in as them has been signed out\n", u.Name, u.Email)
		if u.Disabled() {
			fmt.Fprintln(e.stdout, "The account is disabled: an admin can enable it on its page under Admin.")
		}
		return nil
	})
}

func userDisable(ctx context.Context, e *env, args []string) error {
	fs := newFlags("user disable", "Disable an account, ending its sign-ins. An admin can enable it again.", e.stdout)
	email := fs.String("email", "", "the account's email address")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if *email == "" {
		return errors.New("user disable: --email: give the account's email address")
	}
	return withStore(ctx, e, func(st *store.Store) error {
		u, err := accountByEmail(ctx, st, *email)
		if err != nil {
			return err
		}
		if _, err := st.UpdateUser(ctx, model.Actor{}, u.ID, store.UserChange{
			Name: u.Name, Role: u.Role, PartnerID: u.PartnerID, Disabled: true}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Disabled %s <%s>\n", u.Name, u.Email)
		return nil
	})
}

// withStore opens the database, checks its schema is current, and runs fn.
// The user subcommands open it themselves, after their flags and the
// password are read, so that --help needs no database.
func withStore(ctx context.Context, e *env, fn func(*store.Store) error) error {
	db, err := openDatabase(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := pg.CheckSchema(ctx, db.DB); err != nil {
		return err
	}
	return fn(store.New(db))
}

func accountByEmail(ctx context.Context, st *store.Store, email string) (model.User, error) {
	u, err := st.UserByEmail(ctx, email)
	if errors.Is(err, model.ErrNotFound) {
		return u, fmt.Errorf("no account has the email address %s", store.NormaliseEmail(email))
	}
	return u, err
}

func partnerBySlug(ctx context.Context, st *store.Store, slug string) (model.Partner, error) {
	partners, err := st.Partners(ctx)
	if err != nil {
		return model.Partner{}, err
	}
	slugs := make([]string, 0, len(partners))
	for _, p := range partners {
		if p.Slug == strings.TrimSpace(slug) {
			return p, nil
		}
		slugs = append(slugs, p.Slug)
	}
	if len(slugs) == 0 {
		return model.Partner{}, fmt.Errorf("--partner: there is no partner %q, and no partners yet: staff add them under Staff, Partners", slug)
	}
	return model.Partner{}, fmt.Errorf("--partner: there is no partner %q; the partners are: %s", slug, strings.Join(slugs, ", "))
}

// newPasswordHash reads a new password for the account email (see
// readPassword), checks it against the password rules and hashes it.
func newPasswordHash(e *env, email string) (string, error) {
	password, err := readPassword(e.stdin, e.stderr, email)
	if err != nil {
		return "", err
	}
	if problem := auth.CheckPassword(password, store.NormaliseEmail(email)); problem != "" {
		return "", fmt.Errorf("password: %s", problem)
	}
	return auth.HashPassword(password)
}

// readPassword returns HUBBOOK_PASSWORD when it is set, else the first line
// of stdin, without its line ending. When stdin is a terminal it first asks
// on prompt; the standard library cannot turn off the terminal's echo, so
// the password shows as it is typed, which the prompt says.
func readPassword(stdin io.Reader, prompt io.Writer, email string) (string, error) {
	if p, ok := os.LookupEnv(passwordEnv); ok {
		return p, nil
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		// At a terminal the password is typed unseen, like passwd.
		fmt.Fprintf(prompt, "New password for %s: ", store.NormaliseEmail(email))
		p, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		return string(p), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	if line == "" {
		return "", fmt.Errorf("no password: set %s, or give the password as one line on standard input", passwordEnv)
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), nil
}

// ignoreHelp treats --help (which has printed the usage) as success.
func ignoreHelp(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// checkDemoPasswords refuses to serve in production while an enabled demo
// account still signs in with the password published in the README: that
// would be an open door. It names each such account and how to close it.
func checkDemoPasswords(ctx context.Context, cfg config.Config, st *store.Store) error {
	if !cfg.Production() {
		return nil
	}
	open, err := demoAccountsInUse(ctx, st)
	if err != nil || len(open) == 0 {
		return err
	}
	var b strings.Builder
	which := fmt.Sprintf("%d demo accounts still sign in", len(open))
	if len(open) == 1 {
		which = "a demo account still signs in"
	}
	fmt.Fprintf(&b, "HUBBOOK_ENV=production, but %s with the password anyone can read in the README:\n", which)
	for _, u := range open {
		fmt.Fprintf(&b, "  %s (%s)\n", u.Email, u.Role.Label())
	}
	b.WriteString("Give each a new password with  hubbook user set-password --email EMAIL  or disable it with  hubbook user disable --email EMAIL,  then start again.")
	return errors.New(b.String())
}

// publishedPasswords are the demo accounts' passwords by email, which the
// site refuses in production: checkDemoPasswords stops the start, and this
// stops a demo account enabled again later.
func publishedPasswords(cfg config.Config) map[string]string {
	if !cfg.Production() {
		return nil
	}
	m := make(map[string]string, len(demo.Accounts))
	for _, a := range demo.Accounts {
		m[store.NormaliseEmail(a.Email)] = a.Password
	}
	return m
}

// demoAccountsInUse returns the enabled demo accounts whose password is
// still the demo one.
func demoAccountsInUse(ctx context.Context, st *store.Store) ([]model.User, error) {
	var open []model.User
	for _, a := range demo.Accounts {
		u, err := st.UserByEmail(ctx, a.Email)
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("check demo account %s: %w", a.Email, err)
		}
		if !u.Disabled() && auth.VerifyPassword(a.Password, u.PasswordHash) {
			open = append(open, u)
		}
	}
	return open, nil
}
