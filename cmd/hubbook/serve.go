package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/pg"
	"hubbook/internal/store"
	"hubbook/internal/web"
	"hubbook/static"
	"hubbook/templates"
)

func runServe(ctx context.Context, e *env) error {
	db := e.db
	if err := pg.CheckSchema(ctx, db.DB); err != nil {
		return err
	}
	k, err := newKeys(e.cfg)
	if err != nil {
		return err
	}
	st := store.New(db).WithPersonKey(k.people.Sum)
	if err := checkDemoPasswords(ctx, e.cfg, st); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", e.cfg.Addr, err)
	}
	defer ln.Close() // Serve closes it too; this covers a failed start
	if e.cfg.BaseURL.Port() == "0" {
		// HUBBOOK_ADDR asked for any free port (tests do) and the base URL
		// came from it: links must carry the port actually chosen.
		u := *e.cfg.BaseURL
		u.Host = ln.Addr().String()
		e.cfg.BaseURL = &u
	}
	sessions, stopSessions := auth.NewSessions(db.DB, auth.SessionOptions{
		IdleTimeout:     e.cfg.SessionIdle,
		Lifetime:        e.cfg.SessionLifetime,
		Secure:          e.cfg.BaseURL.Scheme == "https",
		CleanupInterval: 10 * time.Minute,
	})
	defer stopSessions()
	// The workers outlive ctx: they stop after the HTTP server, below.
	mail, err := startMail(context.WithoutCancel(ctx), e, st, k)
	if err != nil {
		return err
	}
	defer stopMail(e, mail)
	site, err := web.New(web.Deps{
		Store:              st,
		Log:                e.log,
		Location:           e.cfg.Location,
		BaseURL:            e.cfg.BaseURL,
		ServiceName:        e.cfg.ServiceName,
		ServicePhone:       e.cfg.ServicePhone,
		TrustedProxies:     e.cfg.TrustedProxies,
		Ready:              func(ctx context.Context) error { return pg.CheckSchema(ctx, db.DB) },
		Templates:          templates.FS,
		Static:             static.FS,
		Sessions:           sessions,
		PublishedPasswords: publishedPasswords(e.cfg),
		Booking:            e.cfg.Booking,
		BookingRateLimit:   e.cfg.BookingRateLimit,
		Sealer:             k.seal,
		CheckIns:           k.checkIns,
	})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr:              e.cfg.Addr,
		Handler:           site.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	e.log.Info("serving hubbook", "url", "http://"+ln.Addr().String(), "base_url", e.cfg.BaseURL.String())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Stop taking requests and let those in flight finish; then the mail
	// workers finish what they are sending (deferred), then the database
	// closes.
	e.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}
