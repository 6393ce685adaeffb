package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"hubbook/internal/auth"
	"hubbook/internal/config"
	"hubbook/internal/notify"
	"hubbook/internal/pg"
	"hubbook/internal/store"
	"hubbook/templates"
)

// secret is HUBBOOK_SECRET or, in development without one, a secret kept
// in the data directory (made on first use), so that links in emails keep
// working across restarts.
func secret(cfg config.Config) (string, error) {
	if cfg.Secret != "" {
		return cfg.Secret, nil
	}
	s, err := localSecret(filepath.Join(cfg.DataDir, "secret"))
	if err != nil {
		return "", fmt.Errorf("HUBBOOK_SECRET is unset and the local one cannot be kept: %w", err)
	}
	return s, nil
}

// keys are what the secret keys: the sealed manage links and the
// Message-IDs.
type keys struct {
	seal *auth.Sealer
	ids  *auth.Keyed
	// people counts unique people (the store's person key); checkIns signs
	// the QR check-in links.
	people, checkIns *auth.Keyed
}

func newKeys(cfg config.Config) (keys, error) {
	s, err := secret(cfg)
	if err != nil {
		return keys{}, err
	}
	var k keys
	if k.seal, err = auth.NewSealer(s, "manage link"); err != nil {
		return keys{}, err
	}
	if k.ids, err = auth.NewKeyed(s, "message id"); err != nil {
		return keys{}, err
	}
	if k.people, err = auth.NewKeyed(s, "person key"); err != nil {
		return keys{}, err
	}
	k.checkIns, err = auth.NewKeyed(s, "check-in link")
	return k, err
}

func localSecret(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	// Two of crypto/rand's texts: 52 characters, 260 random bits.
	secret := rand.Text() + rand.Text()
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return "", err
	}
	return secret, nil
}

// sender is where mail goes: the SMTP server of SMTP_URL, or .eml files
// under the data directory.
func sender(e *env) (notify.Sender, error) {
	if e.cfg.SMTPURL == "" {
		dir := filepath.Join(e.cfg.DataDir, "mail")
		e.log.Info("no SMTP_URL: mail is written to files", "dir", dir)
		return notify.Dir{Path: dir, Log: e.log}, nil
	}
	c, err := config.ParseSMTP(e.cfg.SMTPURL)
	if err != nil {
		return nil, err
	}
	return notify.NewSMTP(c)
}

// startMail starts this process's mail workers.
func startMail(ctx context.Context, e *env, st *store.Store, k keys) (*river.Client[*sql.Tx], error) {
	send, err := sender(e)
	if err != nil {
		return nil, err
	}
	m, err := notify.New(notify.Config{
		Store: st.WithBooking(e.cfg.Booking, nil), Sender: send, From: e.cfg.MailFrom, BaseURL: e.cfg.BaseURL,
		ServiceName: e.cfg.ServiceName, ServicePhone: e.cfg.ServicePhone, Location: e.cfg.Location, Retention: e.cfg.Retention,
		Sealer: k.seal, IDs: k.ids, Templates: templates.FS, Log: e.log, Workers: e.cfg.MailWorkers,
		CheckIns: k.checkIns,
	})
	if err != nil {
		return nil, err
	}
	c, err := m.Client(e.db.DB)
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		return nil, fmt.Errorf("start the mail workers: %w", err)
	}
	return c, nil
}

// stopMail lets the messages being sent finish, for up to 20 seconds, then
// cancels what is still running (River runs those jobs again; the ledger
// keeps what was sent from going twice).
func stopMail(e *env, c *river.Client[*sql.Tx]) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := notify.Stop(ctx, c); err != nil {
		e.log.Warn("mail workers did not finish in time: cancelling them", "err", err)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.StopAndCancel(ctx); err != nil {
			e.log.Warn("mail workers", "err", err)
		}
	}
}

// runWorker sends mail until interrupted: for deployments that run the
// workers apart from the web servers (serve runs them too).
func runWorker(ctx context.Context, e *env) error {
	if err := pg.CheckSchema(ctx, e.db.DB); err != nil {
		return err
	}
	k, err := newKeys(e.cfg)
	if err != nil {
		return err
	}
	// Stopped with its own deadline below, not by ctx: a SIGTERM lets
	// messages in flight finish.
	c, err := startMail(context.WithoutCancel(ctx), e, store.New(e.db).WithPersonKey(k.people.Sum), k)
	if err != nil {
		return err
	}
	e.log.Info("mail worker running", "workers", e.cfg.MailWorkers)
	<-ctx.Done()
	e.log.Info("shutting down")
	stopMail(e, c)
	return nil
}
