//go:build ignore

// Email is the reminder benchmark of issue 5: N reminders (10,000 by
// default) fall due at the same instant, the mail workers send them to an
// SMTP sink on loopback, and it reports messages a second, the workers'
// peak memory and the lag from the due time to the sink's receipt at p50,
// p99 and max, checking that every recipient got exactly one message.
//
// The mail workers run in a child process of their own (this program,
// started again with -worker), wired as `hubbook worker` wires them
// (cmd/hubbook/mail.go): so its memory figures are the workers' alone,
// not the sink's or the seeding's. The build tag keeps it out of the
// module's packages; see bench/email/README.md.
//
//	go run bench/email/main.go                         # workers 5, then 20; 10,000 reminders
//	go run bench/email/main.go -workers 5 -n 2000      # a quicker look
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"maps"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/jmoiron/sqlx"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"golang.org/x/sync/errgroup"

	"hubbook/internal/auth"
	"hubbook/internal/config"
	"hubbook/internal/model"
	"hubbook/internal/notify"
	"hubbook/internal/pg"
	"hubbook/internal/store"
	"hubbook/templates"
)

// secretEnv passes the manage links' secret from the bench to its worker.
const secretEnv = "BENCH_EMAIL_SECRET"

// options are the bench's flags.
type options struct {
	workers    []int
	n          int
	perSession int
	poll       time.Duration
	cooldown   time.Duration
	lead       time.Duration
	stall      time.Duration
	throwaway  bool
	analyze    bool
	statements bool
	keep       bool
	waitQuiet  time.Duration
}

func main() {
	var o options
	workerList := flag.String("workers", "5,20", "mail worker counts (MAIL_WORKERS) to measure, comma-separated: one run each")
	flag.IntVar(&o.n, "n", 10000, "reminders due at once")
	flag.IntVar(&o.perSession, "per-session", 1000, "bookings per session (capacity; the schema allows 10,000)")
	flag.DurationVar(&o.poll, "poll", time.Second, "how often idle workers look for due jobs (notify.Config.Poll; production: 1s)")
	flag.DurationVar(&o.cooldown, "cooldown", 0, "experiment: River's FetchCooldown, with the River client built here as notify.Mailer.Client builds it (0: notify's own client, min(poll, 100ms))")
	flag.DurationVar(&o.lead, "lead", 8*time.Second, "how long after the workers are ready the reminders fall due (more than River's 5s scheduler tick)")
	flag.DurationVar(&o.stall, "stall", time.Minute, "give up a run when no message arrives for this long")
	flag.BoolVar(&o.analyze, "analyze", true, "ANALYZE river_job once the reminders are due (false: the statistics say none is, see README)")
	flag.BoolVar(&o.throwaway, "throwaway", false, "run the local cluster without fsync (faster, less like production)")
	flag.BoolVar(&o.statements, "statements", false, "local cluster only: load pg_stat_statements and print the statements that took the most time during each run")
	flag.DurationVar(&o.waitQuiet, "wait-quiet", 0, "on a shared machine: wait up to this long before each run for two quiet seconds (under 10% busy)")
	flag.BoolVar(&o.keep, "keep", false, "keep the working directory (cluster, worker logs) and the databases")
	worker := flag.Bool("worker", false, "internal: run the mail workers (the child process)")
	dbURL := flag.String("db", "", "internal: the worker's DATABASE_URL")
	smtpAddr := flag.String("smtp", "", "internal: the sink's host:port")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("bench/email: ")

	if *worker {
		n, err := strconv.Atoi(*workerList)
		if err != nil {
			log.Fatalf("-worker wants one worker count: %v", err)
		}
		if err := runWorker(*dbURL, *smtpAddr, n, o.poll, o.cooldown); err != nil {
			log.Fatal(err)
		}
		return
	}
	for _, f := range strings.Split(*workerList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			log.Fatalf("-workers %q: want whole numbers of 1 or more, comma-separated", *workerList)
		}
		o.workers = append(o.workers, n)
	}
	if o.n < 1 || o.perSession < 1 || o.perSession > 10000 {
		log.Fatal("want -n >= 1 and -per-session from 1 to 10,000")
	}
	if o.statements && os.Getenv("DATABASE_URL") != "" {
		log.Fatal("-statements needs the local cluster: unset DATABASE_URL")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		log.Fatal(err)
	}
}

// run seeds one database, then measures each worker count on a copy of it.
func run(ctx context.Context, o options) (err error) {
	dir, err := os.MkdirTemp("", "hubbook-bench-email-")
	if err != nil {
		return err
	}
	// The local cluster may run as the postgres user: it must be able to enter.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	defer func() {
		if o.keep {
			log.Printf("kept %s: the worker logs, and the stopped cluster's data in postgres/", dir)
		} else {
			os.RemoveAll(dir)
		}
	}()
	srv, err := openServer(ctx, dir, o)
	if err != nil {
		return err
	}
	defer srv.close(o.keep)

	seedDB := srv.name("seed")
	secret := rand.Text() + rand.Text()
	seal, err := auth.NewSealer(secret, "manage link")
	if err != nil {
		return err
	}
	started := time.Now()
	if err := srv.create(ctx, seedDB, ""); err != nil {
		return err
	}
	// The seed need not survive a crash: commits without waiting for the disk.
	if err := seedDatabase(ctx, srv.url(seedDB, "synchronous_commit=off"), o, seal); err != nil {
		return err
	}
	log.Printf("seeded %d confirmed bookings with reminders in %.1fs", o.n, time.Since(started).Seconds())

	var results []result
	for i, w := range o.workers {
		name := srv.name(fmt.Sprintf("w%d_%d", w, i))
		if err := srv.create(ctx, name, seedDB); err != nil {
			return err
		}
		waitQuiet(o.waitQuiet)
		r, err := measure(ctx, o, srv, name, w, secret, filepath.Join(dir, fmt.Sprintf("worker-%d-%d.log", w, i)))
		if err != nil {
			return fmt.Errorf("workers=%d: %w", w, err)
		}
		results = append(results, r)
		srv.drop(name, o.keep)
	}
	printResults(o, srv, results)
	return nil
}

// server is the PostgreSQL server the bench makes its databases on: the
// one DATABASE_URL names, or a local cluster it starts in its directory.
type server struct {
	admin   *sqlx.DB
	base    *url.URL
	cluster *pg.Cluster
	prefix  string
	version string
	made    []string // databases created, to drop at the end
}

func openServer(ctx context.Context, dir string, o options) (*server, error) {
	s := &server{prefix: "bench_email"}
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		c, err := pg.StartCluster(ctx, filepath.Join(dir, "postgres"), pg.ClusterOptions{Throwaway: o.throwaway})
		if err != nil {
			return nil, err
		}
		s.cluster = c
		dsn = c.URL(c.Database())
		if o.statements {
			if err := s.loadStatements(ctx, dir, o); err != nil {
				s.close(false)
				return nil, err
			}
		}
	} else {
		// Another's server: names of our own, dropped at the end.
		s.prefix = fmt.Sprintf("bench_email_%d", os.Getpid())
	}
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		s.close(false)
		return nil, errors.New("DATABASE_URL: want a postgres:// URL")
	}
	s.base = u
	if s.admin, err = pg.Open(ctx, dsn, pg.Pool{MaxOpen: 2, MaxIdle: 2}); err != nil {
		s.close(false)
		return nil, err
	}
	if err := s.admin.GetContext(ctx, &s.version, `SHOW server_version`); err != nil {
		s.close(false)
		return nil, err
	}
	s.version, _, _ = strings.Cut(s.version, " ")
	return s, nil
}

// loadStatements restarts the local cluster with pg_stat_statements.
func (s *server) loadStatements(ctx context.Context, dir string, o options) error {
	db, err := pg.Open(ctx, s.cluster.URL(s.cluster.Database()), pg.Pool{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`)
	db.Close()
	if err != nil {
		return err
	}
	if err := s.cluster.Stop(ctx, false); err != nil {
		return err
	}
	if s.cluster, err = pg.StartCluster(ctx, filepath.Join(dir, "postgres"), pg.ClusterOptions{Throwaway: o.throwaway}); err != nil {
		return err
	}
	// Known only once the library is loaded.
	if db, err = pg.Open(ctx, s.cluster.URL(s.cluster.Database()), pg.Pool{MaxOpen: 1, MaxIdle: 1}); err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `ALTER SYSTEM SET pg_stat_statements.track_planning = on`); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `SELECT pg_reload_conf()`)
	return err
}

func (s *server) name(what string) string { return s.prefix + "_" + what }

// url is database's connection string, with settings (name=value) for
// its sessions.
func (s *server) url(database string, settings ...string) string {
	u := *s.base
	u.Path = "/" + database
	q := u.Query()
	for _, kv := range settings {
		k, v, _ := strings.Cut(kv, "=")
		q.Set(k, v) // lib/pq sends parameters it does not know as settings
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// create makes database, a copy of template when one is named.
func (s *server) create(ctx context.Context, database, template string) error {
	q := `CREATE DATABASE ` + database
	if template != "" {
		q += ` TEMPLATE ` + template
	}
	_, err := s.admin.ExecContext(ctx, q)
	if err == nil {
		s.made = append(s.made, database)
	}
	return err
}

// drop drops database, unless keep.
func (s *server) drop(database string, keep bool) {
	if keep || !slices.Contains(s.made, database) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+database+` WITH (FORCE)`); err != nil {
		log.Printf("drop %s: %v", database, err)
	}
	s.made = slices.DeleteFunc(s.made, func(d string) bool { return d == database })
}

// close drops the databases left (unless keep) and stops the local
// cluster, if any.
func (s *server) close(keep bool) {
	if s.admin != nil {
		for _, d := range slices.Clone(s.made) {
			s.drop(d, keep)
		}
		s.admin.Close()
	}
	if s.cluster != nil {
		s.cluster.Stop(context.Background(), !keep)
	}
}

// postgresPID is the local cluster's postmaster, or 0 for another's server.
func (s *server) postgresPID() int {
	if s.cluster == nil {
		return 0
	}
	b, err := os.ReadFile(filepath.Join(s.cluster.Dir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(first))
	return pid
}

// recipient is the email address of the i-th booking.
func recipient(i int) string { return fmt.Sprintf("person-%05d@bench.test", i) }

// seedDatabase migrates database and books o.n places through the store,
// one a person, with reminders and a sealed manage link, on sessions
// starting 25 hours from now; it then deletes the confirmations those
// bookings queued, leaving one scheduled reminder job per booking.
func seedDatabase(ctx context.Context, dsn string, o options, seal *auth.Sealer) error {
	db, err := pg.Open(ctx, dsn, pg.Pool{MaxOpen: 20, MaxIdle: 20})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, _, err := pg.Migrate(ctx, db.DB, nil); err != nil {
		return err
	}
	if o.statements {
		if _, err := db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err != nil {
			return err
		}
	}
	// Only the 24-hour reminder: one job a booking, all for the same start.
	st := store.New(db).WithBooking(model.BookingRules{Reminders: []time.Duration{24 * time.Hour}}, nil)
	venue, err := st.CreateVenue(ctx, model.Venue{Slug: "bench-library", Name: "Bench Library",
		Address: "1 Bench Street\nEdinburgh", Postcode: "EH1 1AA"})
	if err != nil {
		return err
	}
	themes, err := st.Themes(ctx)
	if err != nil || len(themes) == 0 {
		return fmt.Errorf("themes: %v (none seeded?)", err)
	}
	audiences, err := st.Audiences(ctx)
	if err != nil || len(audiences) == 0 {
		return fmt.Errorf("audiences: %v (none seeded?)", err)
	}
	starts := time.Now().Add(25 * time.Hour).Truncate(time.Minute)
	var sessions []string
	for i := 0; i < o.n; i += o.perSession {
		capacity := o.perSession
		_, id, err := st.CreateSession(ctx, store.NewSession{
			Title: fmt.Sprintf("Bench session %d", len(sessions)+1), ThemeID: themes[0].ID,
			AudienceID: audiences[0].ID, VenueID: venue.ID, StartsAt: starts, EndsAt: starts.Add(90 * time.Minute),
			BookingRequired: true, Capacity: &capacity,
		})
		if err != nil {
			return err
		}
		sessions = append(sessions, id)
	}

	next := make(chan int)
	g, gctx := errgroup.WithContext(ctx)
	for range 16 {
		g.Go(func() error {
			for i := range next {
				token, hash := auth.NewToken()
				res, err := st.BookPlaces(gctx, store.BookingRequest{
					SessionPublicID: sessions[i/o.perSession], Source: model.SourceOnline,
					TokenHash: hash, TokenSealed: seal.Seal(token),
					Name: fmt.Sprintf("Person %05d", i), Email: recipient(i), PartySize: 1, Reminders: true,
				})
				if err != nil {
					return fmt.Errorf("book %d: %w", i, err)
				}
				if res.Status != model.BookingConfirmed {
					return fmt.Errorf("book %d: %s, not confirmed", i, res.Status)
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		defer close(next)
		for i := range o.n {
			select {
			case next <- i:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return err
	}

	// The confirmations would go first, and are not what is measured.
	if _, err := db.ExecContext(ctx, `DELETE FROM river_job WHERE kind = 'mail' AND args->>'message' <> 'reminder'`); err != nil {
		return err
	}
	var reminders int
	if err := db.GetContext(ctx, &reminders, `
		SELECT count(*) FROM river_job
		WHERE kind = 'mail' AND args->>'message' = 'reminder' AND state = 'scheduled'`); err != nil {
		return err
	}
	if reminders != o.n {
		return fmt.Errorf("%d scheduled reminder jobs for %d bookings", reminders, o.n)
	}
	_, err = db.ExecContext(ctx, `VACUUM ANALYZE`)
	return err
}

// result is one run's figures.
type result struct {
	workers  int
	received int // messages, duplicates included
	distinct int // recipients with at least one
	dups     int // copies beyond the first
	missing  int
	strays   int // recipients not among those booked
	conns    int // SMTP connections the sink accepted
	withLink int // messages whose List-Unsubscribe carries the manage link
	// first and last are the first message's receipt and the one that
	// completed the set, from the due instant.
	first, last time.Duration
	lags        []time.Duration // sorted, one per recipient's first copy
	dueRSS      int64           // the worker's resident memory at the due instant, KiB
	worker      workerReport
	workerCPU   float64 // seconds, due to last
	pgCPU       float64 // seconds, due to last; -1 when unknown
	benchCPU    float64 // the sink and this program, seconds, due to last
	busy        float64 // share of the machine busy, due to last
	others      float64 // share of the machine busy with other work, due to last; -1 when unknown
	logSent     int
	logOther    int
	logRetried  int
	jobs        map[string]int
	// fetches is how many fetches of the worker found reminders (the jobs
	// of one fetch share an attempted_at); run is fetch to sent in the log,
	// p50 and p99, in seconds.
	fetches        int
	runP50, runP99 float64
	// moved is when River's scheduler had made the last reminder
	// available, from due (negative: before).
	moved     time.Duration
	movedSeen bool
	// statements are the ones that took the most time (-statements).
	statements []statement
	complete   bool
}

// measure runs the workers on database until every reminder has arrived
// at the sink (or the run stalls), and checks the outcome.
func measure(ctx context.Context, o options, srv *server, database string, workers int, secret, logFile string) (result, error) {
	r := result{workers: workers, jobs: map[string]int{}}
	db, err := pg.Open(ctx, srv.url(database), pg.Pool{MaxOpen: 2, MaxIdle: 2})
	if err != nil {
		return r, err
	}
	defer db.Close()
	sk, err := startSink(o.n)
	if err != nil {
		return r, err
	}
	defer sk.close()
	w, err := startWorker(srv.url(database), sk.addr, workers, o, secret, logFile)
	if err != nil {
		return r, err
	}
	defer w.kill()
	select {
	case line := <-w.lines:
		if line != "ready" {
			return r, fmt.Errorf("worker said %q (see %s)", line, logFile)
		}
	case <-time.After(time.Minute):
		return r, fmt.Errorf("worker not ready after a minute (see %s)", logFile)
	}

	due := time.Now().Add(o.lead).Truncate(time.Microsecond)
	res, err := db.ExecContext(ctx, `
		UPDATE river_job SET scheduled_at = $1
		WHERE kind = 'mail' AND args->>'message' = 'reminder' AND state = 'scheduled'`, due)
	if err != nil {
		return r, err
	}
	if n, _ := res.RowsAffected(); int(n) != o.n {
		return r, fmt.Errorf("%d reminder jobs rescheduled, want %d", n, o.n)
	}
	if o.analyze {
		// As autovacuum would have, in the hours the jobs waited: with the
		// statistics of the seed (every job an hour ahead), River's
		// scheduler expects one due job and joins 10,000 by 10,000.
		if _, err := db.ExecContext(ctx, `ANALYZE river_job`); err != nil {
			return r, err
		}
	}
	log.Printf("workers=%d: %d reminders due at %s (in %s)", workers, o.n, due.Format("15:04:05.000"), o.lead)
	movedAt := watchScheduled(ctx, db, due.Add(o.lead+o.stall))
	time.Sleep(time.Until(due))
	r.dueRSS = statusKiB(w.cmd.Process.Pid, "VmRSS")
	if o.statements {
		if _, err := db.ExecContext(ctx, `SELECT pg_stat_statements_reset()`); err != nil {
			return r, err
		}
	}
	before := snapshot(w.cmd.Process.Pid, srv.postgresPID())

	if err := waitForAll(ctx, sk, w, o, workers); err != nil {
		return r, fmt.Errorf("%w (see %s)", err, logFile)
	}
	after := snapshot(w.cmd.Process.Pid, srv.postgresPID())
	r.workerCPU, r.pgCPU, r.benchCPU, r.busy = before.to(after)
	r.others = -1
	if r.pgCPU >= 0 && after.total > before.total {
		machine := (after.total - before.total) / clockTicks // CPU seconds, all cores
		r.others = max(0, r.busy*machine-r.workerCPU-r.pgCPU-r.benchCPU) / machine
	}
	// Time for a second copy to show, if any would.
	time.Sleep(2 * time.Second)
	if r.worker, err = w.stop(); err != nil {
		return r, fmt.Errorf("%w (see %s)", err, logFile)
	}
	sk.results(&r, due)
	if o.statements {
		if r.statements, err = topStatements(ctx, db); err != nil {
			return r, err
		}
	}
	if t, ok := <-movedAt; ok {
		r.moved, r.movedSeen = t.Sub(due), true
	}
	r.complete = r.missing == 0
	return r, check(ctx, db, &r)
}

// waitForAll waits until every recipient has a message, or none has
// arrived for o.stall.
func waitForAll(ctx context.Context, sk *sink, w *workerProc, o options, workers int) error {
	progress, n := time.Now(), 0
	for n < o.n {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case line := <-w.lines:
			return fmt.Errorf("worker stopped early: %q", line)
		case <-time.After(10 * time.Millisecond):
		}
		if got := sk.distinctCount(); got != n {
			progress, n = time.Now(), got
		}
		if time.Since(progress) > o.stall {
			log.Printf("workers=%d: no message for %s, %d of %d arrived: giving up", workers, o.stall, n, o.n)
			return nil
		}
	}
	return nil
}

// statement is a line of pg_stat_statements.
type statement struct {
	Calls int64   `db:"calls"`
	Total float64 `db:"total"` // ms executing
	Plan  float64 `db:"plan"`  // ms planning
	Mean  float64 `db:"mean"`  // ms executing, each
	Rows  int64   `db:"rows"`
	Query string  `db:"query"`
}

// topStatements are the ten statements on this database that took the
// most time, planning and executing, since the last reset.
func topStatements(ctx context.Context, db *sqlx.DB) ([]statement, error) {
	var out []statement
	err := db.SelectContext(ctx, &out, `
		SELECT calls, total_exec_time AS total, total_plan_time AS plan, mean_exec_time AS mean, rows,
		       left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query
		FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		ORDER BY total_exec_time + total_plan_time DESC LIMIT 10`)
	return out, err
}

// watchScheduled sends when no reminder job is left in the scheduled
// state (River's scheduler moves due jobs to available every 5 seconds,
// looking 5 seconds ahead), looking every 20ms until deadline.
func watchScheduled(ctx context.Context, db *sqlx.DB, deadline time.Time) <-chan time.Time {
	out := make(chan time.Time, 1)
	go func() {
		defer close(out)
		for time.Now().Before(deadline) && ctx.Err() == nil {
			var left int
			err := db.GetContext(ctx, &left, `
				SELECT count(*) FROM river_job
				WHERE kind = 'mail' AND args->>'message' = 'reminder' AND state = 'scheduled'`)
			if err == nil && left == 0 {
				out <- time.Now()
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return out
}

// check reads the outgoing mail log and the job table after a run.
func check(ctx context.Context, db *sqlx.DB, r *result) error {
	var l struct {
		Sent    int `db:"sent"`
		Other   int `db:"other"`
		Retried int `db:"retried"`
	}
	if err := db.GetContext(ctx, &l, `
		SELECT count(*) FILTER (WHERE status = 'sent') AS sent,
		       count(*) FILTER (WHERE status <> 'sent') AS other,
		       count(*) FILTER (WHERE attempts > 1) AS retried
		FROM mail_log WHERE kind = 'reminder'`); err != nil {
		return err
	}
	r.logSent, r.logOther, r.logRetried = l.Sent, l.Other, l.Retried
	var states []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := db.SelectContext(ctx, &states, `SELECT state, count(*) AS n FROM river_job WHERE kind = 'mail' GROUP BY state`); err != nil {
		return err
	}
	for _, s := range states {
		r.jobs[s.State] = s.N
	}
	var f struct {
		Fetches int      `db:"fetches"`
		P50     *float64 `db:"p50"`
		P99     *float64 `db:"p99"`
	}
	if err := db.GetContext(ctx, &f, `
		SELECT count(DISTINCT j.attempted_at) AS fetches,
		       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.sent_at - j.attempted_at)) AS p50,
		       percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM m.sent_at - j.attempted_at)) AS p99
		FROM river_job j JOIN mail_log m ON m.key = j.args->>'key'
		WHERE j.kind = 'mail' AND m.status = 'sent'`); err != nil {
		return err
	}
	r.fetches = f.Fetches
	if f.P50 != nil && f.P99 != nil {
		r.runP50, r.runP99 = *f.P50, *f.P99
	}
	return nil
}

// sink is an SMTP server on loopback that accepts everything and notes
// when each message arrived and for whom.
type sink struct {
	n      int // recipient(0) .. recipient(n-1) are expected
	addr   string
	server *smtp.Server
	mu     sync.Mutex
	got    map[string][]time.Time
	links  int
	total  int
	count  atomic.Int64 // distinct recipients
	conns  atomic.Int64 // SMTP connections accepted
}

func startSink(n int) (*sink, error) {
	k := &sink{n: n, got: make(map[string][]time.Time, n)}
	s := smtp.NewServer(k)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	s.ReadTimeout, s.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	k.addr, k.server = ln.Addr().String(), s
	go s.Serve(ln)
	return k, nil
}

func (k *sink) close() { k.server.Close() }

func (k *sink) distinctCount() int { return int(k.count.Load()) }

// NewSession makes a sink an smtp.Backend.
func (k *sink) NewSession(*smtp.Conn) (smtp.Session, error) {
	k.conns.Add(1)
	return &sinkSession{k: k}, nil
}

type sinkSession struct {
	k   *sink
	to  []string
	buf bytes.Buffer
}

func (s *sinkSession) Reset()                               { s.to = s.to[:0] }
func (s *sinkSession) Logout() error                        { return nil }
func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *sinkSession) Data(r io.Reader) error {
	s.buf.Reset()
	if _, err := s.buf.ReadFrom(r); err != nil {
		return err
	}
	at := time.Now()
	link := hasManageLink(s.buf.Bytes())
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	for _, to := range s.to {
		if len(s.k.got[to]) == 0 {
			s.k.count.Add(1)
		}
		s.k.got[to] = append(s.k.got[to], at)
		s.k.total++
		if link {
			s.k.links++
		}
	}
	return nil
}

// hasManageLink reports whether a message's one-click opt-out header is
// there, which the worker adds only with the booking's manage link.
func hasManageLink(raw []byte) bool {
	header, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	header = append([]byte("\r\n"), header...)
	i := bytes.Index(header, []byte("\nList-Unsubscribe:")) // the value may be folded onto the next line
	return i >= 0 && bytes.Contains(header[i:min(i+300, len(header))], []byte("/bookings/"))
}

// results fills r's delivery figures: who got how many, and each
// recipient's lag from due to the first copy's arrival.
func (k *sink) results(r *result, due time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	r.received, r.withLink, r.distinct, r.conns = k.total, k.links, len(k.got), int(k.conns.Load())
	var arrived []time.Time
	for i := range k.n {
		times := k.got[recipient(i)]
		if len(times) == 0 {
			r.missing++
			continue
		}
		r.dups += len(times) - 1
		arrived = append(arrived, times[0])
	}
	r.strays = len(k.got) - len(arrived)
	slices.SortFunc(arrived, time.Time.Compare)
	for _, t := range arrived {
		r.lags = append(r.lags, t.Sub(due))
	}
	if len(r.lags) > 0 {
		r.first, r.last = r.lags[0], r.lags[len(r.lags)-1]
	}
}

// workerProc is the child process running the mail workers. It says
// "ready" once they run, and stops when its standard input closes,
// writing its workerReport as a JSON line.
type workerProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	log    *os.File
	waited bool
}

func startWorker(dsn, smtpAddr string, workers int, o options, secret, logFile string) (*workerProc, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-worker", "-workers", strconv.Itoa(workers), "-poll", o.poll.String(),
		"-cooldown", o.cooldown.String(), "-db", dsn, "-smtp", smtpAddr)
	cmd.Env = append(os.Environ(), secretEnv+"="+secret)
	cmd.Stderr = f
	w := &workerProc{cmd: cmd, log: f, lines: make(chan string, 4)}
	if w.stdin, err = cmd.StdinPipe(); err != nil {
		f.Close()
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, err
	}
	go func() {
		defer close(w.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			w.lines <- sc.Text()
		}
	}()
	return w, nil
}

// stop lets the worker finish what it is sending and returns its report.
func (w *workerProc) stop() (workerReport, error) {
	var rep workerReport
	w.stdin.Close()
	select {
	case line, ok := <-w.lines:
		if !ok {
			return rep, errors.New("the worker exited without a report")
		}
		if err := json.Unmarshal([]byte(line), &rep); err != nil {
			return rep, fmt.Errorf("the worker's report %q: %w", line, err)
		}
	case <-time.After(time.Minute):
		return rep, errors.New("the worker did not stop within a minute")
	}
	w.waited = true
	if err := w.cmd.Wait(); err != nil {
		return rep, fmt.Errorf("the worker: %w", err)
	}
	return rep, nil
}

// kill ends a worker that was not stopped (a failed run).
func (w *workerProc) kill() {
	if !w.waited {
		w.cmd.Process.Kill()
		w.cmd.Wait()
	}
	w.log.Close()
}

// workerReport is what the worker process says of itself at the end.
type workerReport struct {
	PeakHeapInuse  uint64 `json:"peak_heap_inuse"` // bytes: heap objects and spans' unused room (HeapInuse)
	PeakRuntime    uint64 `json:"peak_runtime"`    // bytes the Go runtime held from the OS (Sys minus released)
	PeakGoroutines uint64 `json:"peak_goroutines"`
	PeakRSSKiB     int64  `json:"peak_rss_kib"` // VmHWM
	GCCycles       uint64 `json:"gc_cycles"`
}

// runWorker is the child: the mail workers wired as `hubbook worker` wires
// them (cmd/hubbook/mail.go), from the configuration's defaults, with
// SMTP_URL the sink, MAIL_WORKERS workers and poll interval poll. Other
// settings (DB_MAX_OPEN_CONNS, ...) come from the environment as usual.
func runWorker(dsn, smtpAddr string, workers int, poll, cooldown time.Duration) error {
	signal.Ignore(os.Interrupt) // the bench stops it, through standard input
	mem := sampleMemory(50 * time.Millisecond)
	ctx := context.Background()
	set := map[string]string{
		"DATABASE_URL": dsn, "SMTP_URL": "smtp://" + smtpAddr + "?tls=none",
		"MAIL_WORKERS": strconv.Itoa(workers), "HUBBOOK_SECRET": os.Getenv(secretEnv),
	}
	if os.Getenv("HUBBOOK_BASE_URL") == "" {
		set["HUBBOOK_BASE_URL"] = "https://hubbook.example.org" // links as long as a real site's
	}
	cfg, err := config.Parse(func(k string) string {
		if v, ok := set[k]; ok {
			return v
		}
		return os.Getenv(k)
	})
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	db, err := pg.Open(ctx, cfg.DatabaseURL, pg.Pool{MaxOpen: cfg.DBMaxOpen, MaxIdle: cfg.DBMaxIdle})
	if err != nil {
		return err
	}
	defer db.Close()
	smtpConf, err := config.ParseSMTP(cfg.SMTPURL)
	if err != nil {
		return err
	}
	send, err := notify.NewSMTP(smtpConf)
	if err != nil {
		return err
	}
	seal, err := auth.NewSealer(cfg.Secret, "manage link")
	if err != nil {
		return err
	}
	m, err := notify.New(notify.Config{
		Store: store.New(db).WithBooking(cfg.Booking, nil), Sender: send, From: cfg.MailFrom, BaseURL: cfg.BaseURL,
		ServiceName: cfg.ServiceName, ServicePhone: cfg.ServicePhone, Location: cfg.Location,
		Sealer: seal, Templates: templates.FS, Log: logger, Workers: cfg.MailWorkers, Poll: poll,
	})
	if err != nil {
		return err
	}
	var c *river.Client[*sql.Tx]
	if cooldown > 0 {
		c, err = experimentalClient(db.DB, m, cfg.MailWorkers, poll, cooldown, logger)
	} else {
		c, err = m.Client(db.DB)
	}
	if err != nil {
		return err
	}
	if err := c.Start(ctx); err != nil {
		return err
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	stopCtx, cancel := context.WithTimeout(ctx, 20*time.Second) // as stopMail
	defer cancel()
	stopErr := notify.Stop(stopCtx, c)
	rep := mem()
	if err := json.NewEncoder(os.Stdout).Encode(rep); err != nil {
		return err
	}
	return stopErr
}

// experimentalClient is the River client notify.Mailer.Client makes, with
// FetchCooldown cooldown instead of min(poll, 100ms), and without the
// reserve check's periodic job: to see what that one setting is worth.
func experimentalClient(db *sql.DB, m *notify.Mailer, workers int, poll, cooldown time.Duration, logger *slog.Logger) (*river.Client[*sql.Tx], error) {
	ws := river.NewWorkers()
	if err := river.AddWorkerSafely(ws, &mailWorker{m: m}); err != nil {
		return nil, err
	}
	return river.NewClient(riverdatabasesql.New(db), &river.Config{
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}},
		Workers:                     ws,
		PollOnly:                    true,
		FetchPollInterval:           poll,
		FetchCooldown:               cooldown,
		JobTimeout:                  2 * time.Minute,
		CompletedJobRetentionPeriod: 7 * 24 * time.Hour,
		Logger:                      logger,
	})
}

// mailWorker runs an email job as notify's worker does.
type mailWorker struct {
	river.WorkerDefaults[model.MailArgs]
	m *notify.Mailer
}

func (w *mailWorker) Work(ctx context.Context, job *river.Job[model.MailArgs]) error {
	return w.m.Deliver(ctx, job.Args, job.Attempt, job.MaxAttempts)
}

// sampleMemory reads the runtime's memory figures every so often until the
// function it returns is called, which returns their peaks.
func sampleMemory(every time.Duration) func() workerReport {
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/sched/goroutines:goroutines"},
		{Name: "/gc/cycles/total:gc-cycles"},
	}
	var rep workerReport
	read := func() {
		metrics.Read(samples)
		v := func(i int) uint64 { return samples[i].Value.Uint64() }
		rep.PeakHeapInuse = max(rep.PeakHeapInuse, v(0)+v(1))
		rep.PeakRuntime = max(rep.PeakRuntime, v(2)-v(3))
		rep.PeakGoroutines = max(rep.PeakGoroutines, v(4))
		rep.GCCycles = v(5)
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			read()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() workerReport {
		close(done)
		<-stopped
		read()
		rep.PeakRSSKiB = statusKiB(os.Getpid(), "VmHWM")
		return rep
	}
}

// statusKiB reads a figure in kB from /proc/PID/status, or -1.
func statusKiB(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return -1
}

// clockTicks is USER_HZ, the unit of /proc's CPU times: 100 on Linux.
const clockTicks = 100

// cpuSnap is the CPU time used so far, in seconds, by the worker, by
// PostgreSQL (the postmaster, its children, and those it reaped; -1 when
// the server is not ours), by this program, and the machine's busy and
// total time.
type cpuSnap struct {
	worker, pg, self float64
	busy, total      float64
}

func snapshot(workerPID, pgPID int) cpuSnap {
	s := cpuSnap{worker: procCPU(workerPID, false), pg: -1, self: procCPU(os.Getpid(), false)}
	if pgPID > 0 {
		s.pg = procCPU(pgPID, true)
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err == nil && procPPID(pid) == pgPID {
				s.pg += procCPU(pid, false)
			}
		}
	}
	s.busy, s.total = machineTicks()
	return s
}

// machineTicks is the machine's busy time (not idle or waiting for the
// disk) and its total time so far, in clock ticks over all cores.
func machineTicks() (busy, total float64) {
	b, _ := os.ReadFile("/proc/stat")
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal ...
	for i := 1; i < len(f) && i <= 8; i++ {
		v, _ := strconv.ParseFloat(f[i], 64)
		total += v
		if i != 4 && i != 5 {
			busy += v
		}
	}
	return busy, total
}

// waitQuiet waits, up to limit, for two seconds in a row with the machine
// under 10% busy: on a machine others use too.
func waitQuiet(limit time.Duration) {
	if limit <= 0 {
		return
	}
	deadline, quiet := time.Now().Add(limit), 0
	for quiet < 2 && time.Now().Before(deadline) {
		b0, t0 := machineTicks()
		time.Sleep(time.Second)
		b1, t1 := machineTicks()
		if t1 > t0 && (b1-b0)/(t1-t0) < 0.1 {
			quiet++
		} else {
			quiet = 0
		}
	}
	if quiet < 2 {
		log.Printf("the machine is still busy after waiting %s for a lull: going on", limit)
	}
}

// to returns the CPU seconds used from a to b by the worker, PostgreSQL
// and this program, and the share of the machine busy.
func (a cpuSnap) to(b cpuSnap) (worker, pg, self, busy float64) {
	pg = -1
	if a.pg >= 0 && b.pg >= 0 {
		pg = b.pg - a.pg
	}
	if b.total > a.total {
		busy = (b.busy - a.busy) / (b.total - a.total)
	}
	return b.worker - a.worker, pg, b.self - a.self, busy
}

// procStat is /proc/PID/stat's fields from the state on (field 3).
func procStat(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(string(b[i+1:]))
}

func procPPID(pid int) int {
	f := procStat(pid)
	if len(f) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(f[1])
	return ppid
}

// procCPU is a process's user and system time in seconds, with its reaped
// children's when children is set.
func procCPU(pid int, children bool) float64 {
	f := procStat(pid)
	if len(f) < 15 {
		return 0
	}
	fields := []int{11, 12} // utime, stime
	if children {
		fields = append(fields, 13, 14) // cutime, cstime
	}
	var t float64
	for _, i := range fields {
		v, _ := strconv.ParseFloat(f[i], 64)
		t += v
	}
	return t / clockTicks
}

// percentile is the p-th percentile of sorted (nearest rank).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// printResults prints the table, then a few lines on each run.
func printResults(o options, srv *server, results []result) {
	where := "DATABASE_URL's server"
	if srv.cluster != nil {
		where = "a local cluster, durable (fsync on)"
		if o.throwaway {
			where = "a local cluster, throwaway (fsync off)"
		}
	}
	client := "notify's River client"
	if o.cooldown > 0 {
		client = fmt.Sprintf("EXPERIMENT: River client built by the bench with FetchCooldown %s", o.cooldown)
	}
	fmt.Printf("\nemail benchmark: %d reminders due at once, %d cores, PostgreSQL %s on %s, poll %s, %s, %s\n",
		o.n, runtime.NumCPU(), srv.version, where, o.poll, client, time.Now().UTC().Format("2006-01-02"))
	fmt.Printf("%7s %6s %7s %7s %8s %8s %8s %13s %7s %20s %5s %5s %7s %8s\n",
		"workers", "msg/s", "sending", "first", "lag p50", "p99", "max", "RSS due/peak", "heap", "CPU worker/PG/sink", "busy", "dups", "missing", "log sent")
	for _, r := range results {
		secs := func(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }
		rate, sending := "-", "-"
		if r.last > 0 {
			rate = fmt.Sprintf("%.0f", float64(len(r.lags))/r.last.Seconds())
		}
		if r.last > r.first && len(r.lags) > 1 {
			sending = fmt.Sprintf("%.0f", float64(len(r.lags)-1)/(r.last-r.first).Seconds())
		}
		pgCPU := "-"
		if r.pgCPU >= 0 {
			pgCPU = fmt.Sprintf("%.1f", r.pgCPU)
		}
		fmt.Printf("%7d %6s %7s %7s %8s %8s %8s %13s %7s %20s %4.0f%% %5d %7d %8d\n",
			r.workers, rate, sending, secs(r.first),
			secs(percentile(r.lags, 50)), secs(percentile(r.lags, 99)), secs(r.last),
			fmt.Sprintf("%d/%d MiB", r.dueRSS/1024, r.worker.PeakRSSKiB/1024),
			fmt.Sprintf("%.0f MiB", float64(r.worker.PeakHeapInuse)/(1<<20)),
			fmt.Sprintf("%.1f/%s/%.1f s", r.workerCPU, pgCPU, r.benchCPU),
			100*r.busy, r.dups, r.missing, r.logSent)
	}
	fmt.Println()
	for _, r := range results {
		var jobs []string
		for _, k := range slices.Sorted(maps.Keys(r.jobs)) {
			jobs = append(jobs, fmt.Sprintf("%s %d", k, r.jobs[k]))
		}
		fmt.Printf("workers=%d: %d messages to %d recipients (%d not booked) over %d SMTP connections, %d with the manage link; mail_log: %d sent, %d not, %d tried more than once; mail jobs: %s\n",
			r.workers, r.received, r.distinct, r.strays, r.conns, r.withLink, r.logSent, r.logOther, r.logRetried, strings.Join(jobs, ", "))
		perFetch, every := 0.0, 0.0
		if r.fetches > 0 {
			perFetch = float64(r.logSent) / float64(r.fetches)
			every = 1000 * (r.last - r.first).Seconds() / float64(r.fetches)
		}
		moved := "never"
		if r.movedSeen {
			moved = fmt.Sprintf("%+.2fs from due", r.moved.Seconds())
		}
		fmt.Printf("workers=%d: all available %s; %d fetches found reminders (%.1f jobs each, one every %.0f ms); fetch to sent p50 %.0f ms, p99 %.0f ms; worker: Go runtime peak %.0f MiB, %d goroutines at most, %d GCs\n",
			r.workers, moved, r.fetches, perFetch, every, 1000*r.runP50, 1000*r.runP99,
			float64(r.worker.PeakRuntime)/(1<<20), r.worker.PeakGoroutines, r.worker.GCCycles)
		for _, st := range r.statements {
			fmt.Printf("    %6d calls %6.0f ms executing (%5.2f each) %5.0f ms planning %6d rows  %s\n",
				st.Calls, st.Total, st.Mean, st.Plan, st.Rows, st.Query)
		}
		if r.others > 0.1 {
			fmt.Printf("workers=%d: WARNING other work took %.0f%% of the machine during the run: the figures are low\n", r.workers, 100*r.others)
		}
		if !r.complete {
			fmt.Printf("workers=%d: INCOMPLETE: %d of %d recipients got nothing\n", r.workers, r.missing, o.n)
		}
	}
	fmt.Println("(msg/s: recipients / (last arrival - due); sending: the same between the first and last arrival; lags: due -> the sink has the message, max = all in;")
	fmt.Println(" RSS: the worker process at the due instant / its peak (VmHWM); heap: its peak HeapInuse, sampled every 50ms; CPU: seconds from due to the last arrival; busy: the whole machine)")
}
