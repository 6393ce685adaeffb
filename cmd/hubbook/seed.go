package main

import (
	"context"
	"time"

	"hubbook/internal/demo"
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
	seeded, err := demo.Seed(ctx, store.New(db), time.Now(), e.cfg.Location)
	if err != nil {
		return err
	}
	if seeded {
		e.log.Info("demo data added")
	} else {
		e.log.Info("database already has data: seed left it alone")
	}
	return nil
}
