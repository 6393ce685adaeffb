package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/pg"
	"hubbook/internal/pg/pgtest"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	// Nothing a test runs writes into the source tree (a local secret,
	// mail): tests that look at those set their own directory.
	os.Setenv("HUBBOOK_DATA_DIR", filepath.Join(os.TempDir(), "hubbook-cmd-test"))
	pgtest.Main(m)
}

// syncBuffer is a bytes.Buffer safe to read while a server goroutine logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRun_EverySubcommandHasHelp(t *testing.T) {
	for _, c := range commands {
		var out bytes.Buffer
		if err := run(context.Background(), []string{c.name, "--help"}, &out, io.Discard); err != nil {
			t.Errorf("%s --help: %v", c.name, err)
		}
		if !strings.Contains(out.String(), "Usage: hubbook "+c.name) {
			t.Errorf("%s --help printed %q", c.name, out.String())
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, &out, io.Discard); err != nil || !strings.Contains(out.String(), "serve") {
		t.Errorf("--help: %v, %q", err, out.String())
	}
}

func TestRun_RefusesUnknownSubcommandsAndArguments(t *testing.T) {
	if err := run(context.Background(), []string{"frobnicate"}, io.Discard, io.Discard); err == nil {
		t.Error("unknown subcommand accepted")
	}
	if err := run(context.Background(), []string{"migrate", "extra"}, io.Discard, io.Discard); err == nil {
		t.Error("stray argument accepted")
	}
	if err := run(context.Background(), nil, io.Discard, io.Discard); err == nil {
		t.Error("no subcommand accepted")
	}
}

func TestRun_BadConfigurationStopsTheStartWithEveryProblem(t *testing.T) {
	t.Setenv("HUBBOOK_ADDR", "nonsense")
	t.Setenv("HUBBOOK_TIMEZONE", "Mars/Olympus")
	err := run(context.Background(), []string{"serve"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "HUBBOOK_ADDR") || !strings.Contains(err.Error(), "HUBBOOK_TIMEZONE") {
		t.Errorf("err = %v", err)
	}
}

func TestServe_DatabaseDownAtStartExitsWithAClearMessage(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://hubbook:secret@127.0.0.1:1/hubbook?sslmode=disable")
	err := run(context.Background(), []string{"serve"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "cannot reach PostgreSQL") || strings.Contains(err.Error(), "secret") {
		t.Errorf("err = %v", err)
	}
}

func TestServe_RefusesADatabaseNewerThanTheBinary(t *testing.T) {
	dsn := pgtest.URL(t)
	db, err := pg.Open(context.Background(), dsn, pg.Pool{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, true)`, pg.LatestVersion()+1); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DATABASE_URL", dsn)
	if err := run(context.Background(), []string{"serve"}, io.Discard, io.Discard); !errors.Is(err, pg.ErrSchemaNewer) {
		t.Errorf("err = %v, want ErrSchemaNewer", err)
	}
}

// migrate, seed and serve as make run does, then stop as on SIGTERM: serve
// returns nil and the port is closed.
func TestRun_MigrateSeedServeAndStopOnSignal(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.URL(t))
	t.Setenv("HUBBOOK_ADDR", "127.0.0.1:0")
	data := t.TempDir()
	t.Setenv("HUBBOOK_DATA_DIR", data)
	ctx := context.Background()
	var logs syncBuffer
	for _, cmd := range []string{"migrate", "seed", "seed"} {
		if err := run(ctx, []string{cmd}, io.Discard, &logs); err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
	}
	if !strings.Contains(logs.String(), "demo data added") || !strings.Contains(logs.String(), "seed left it alone") {
		t.Errorf("seed logs: %s", logs.String())
	}

	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- run(serveCtx, []string{"serve"}, io.Discard, &logs) }()
	addr := regexp.MustCompile(`url=http://(127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; {
		if m := addr.FindStringSubmatch(logs.String()); m != nil {
			base = "http://" + m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", logs.String())
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}
	// Links carry the port the server took, not HUBBOOK_ADDR's 0.
	if !strings.Contains(logs.String(), "base_url="+base+" ") && !strings.Contains(logs.String(), "base_url="+base+"\n") {
		t.Errorf("base URL is not %s: %s", base, logs.String())
	}
	for _, path := range []string{"/healthz", "/readyz", "/"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
		if path == "/" && !regexp.MustCompile(`Showing 1 to 25 of [5-7]\d sessions`).Match(body) {
			t.Error("the programme does not show the demo sessions")
		}
	}
	// serve runs the mail workers: with no SMTP_URL, the demo bookings'
	// confirmations are written as .eml files.
	waitForMail(t, filepath.Join(data, "mail"), 5)
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// waitForMail waits until dir holds at least n .eml files.
func waitForMail(t *testing.T, dir string, n int) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; {
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		if len(files) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages in %s, want %d or more", len(files), dir, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// hubbook worker sends what is queued, without serving, and stops on a
// signal.
func TestRun_WorkerSendsQueuedMailAndStopsOnSignal(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.URL(t))
	data := t.TempDir()
	t.Setenv("HUBBOOK_DATA_DIR", data)
	ctx := context.Background()
	for _, cmd := range []string{"migrate", "seed"} {
		if err := run(ctx, []string{cmd}, io.Discard, io.Discard); err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
	}
	workCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	var logs syncBuffer
	go func() { done <- run(workCtx, []string{"worker"}, io.Discard, &logs) }()
	waitForMail(t, filepath.Join(data, "mail"), 5)
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("worker returned %v after shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("worker did not shut down")
	}
	if !strings.Contains(logs.String(), "mail written") {
		t.Errorf("logs: %s", logs.String())
	}
	// The demo's bookings keep their links sealed, so their emails carry them.
	files, _ := filepath.Glob(filepath.Join(data, "mail", "*.eml"))
	linked := 0
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), "/bookings/") {
			linked++
		}
	}
	if linked == 0 {
		t.Error("no demo email carries a manage link")
	}
	// The local secret was kept for the next start.
	if b, err := os.ReadFile(filepath.Join(data, "secret")); err != nil || len(strings.TrimSpace(string(b))) < 32 {
		t.Errorf("local secret: %q, %v", b, err)
	}
}
