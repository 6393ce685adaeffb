package main

import (
	"context"
	"time"

	"hubbook/internal/demo"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

func runSeed(ctx context.Context, e *env, args []string) error {
	fs := newFlags("seed", "Fill an empty database with demo data: two venues, their spaces, six partners and about 60 sessions over the next eight weeks. A database that already has venues is left alone.", e.stdout)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	db, err := openDatabase(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	st := store.New(db)
	seeded, err := demo.Seed(ctx, st, time.Now(), e.cfg.Location)
	if err != nil {
		return err
	}
	if seeded {
		e.log.Info("demo data added")
		return nil
	}
	e.log.Info("database already has data: seed left it alone")
	// Demo dates are relative to the day they were seeded; say how to renew them.
	if _, upcoming, err := st.UpcomingSessions(ctx, time.Now(), model.SessionFilter{Limit: 1}); err == nil && upcoming == 0 && e.cfg.DatabaseURL == "" {
		e.log.Warn("no upcoming sessions in the local database: make clean-data, then make run, gives fresh demo data dated from today")
	}
	return nil
}
