package main

import (
	"context"
	"time"

	"hubbook/internal/demo"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

func runSeed(ctx context.Context, e *env) error {
	// Sealed as serve's booking form seals them: the demo's emails carry
	// working manage links.
	k, err := newKeys(e.cfg)
	if err != nil {
		return err
	}
	st := store.New(e.db).WithPersonKey(k.people.Sum)
	seeded, err := demo.Seed(ctx, st, time.Now(), e.cfg.Location, k.seal)
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
