// Command hubbook runs the programme and booking system of a library
// service's community hubs. Subcommands: serve, worker, migrate, seed, user,
// simd, stop-db.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	_ "time/tzdata" // the binary carries Europe/London wherever it runs

	"github.com/gin-gonic/gin"
	"github.com/jmoiron/sqlx"

	"hubbook/internal/config"
	"hubbook/internal/pg"
)

// command is one subcommand: its name, a one-line summary for the list, the
// longer text its --help prints, whether it needs the database, and what
// it does.
type command struct {
	name    string
	summary string
	help    string
	needsDB bool
	run     func(ctx context.Context, env *env) error
}

// env is what every subcommand starts from; db is open when the command
// needs the database. args are the arguments after the subcommand's flags,
// for the subcommands listed in nested; stdin and stderr are for asking a
// person at a terminal (a password).
type env struct {
	cfg    config.Config
	log    *slog.Logger
	stdout io.Writer
	stderr io.Writer
	stdin  io.Reader
	db     *sqlx.DB
	args   []string
}

// nested names the subcommands with subcommands of their own (user add,
// user set-password): they get the rest of the arguments in env.args.
var nested = map[string]bool{"user": true, "simd": true}

var commands = []command{
	{"serve", "serve the website and API (HUBBOOK_ADDR, default 127.0.0.1:8080)",
		"Serve the website and the API on HUBBOOK_ADDR until interrupted (SIGINT or SIGTERM).", true, runServe},
	{"worker", "send email (serve does too; for extra worker processes)",
		"Send the emails the service queues (confirmations, reminders, notices) until interrupted. serve runs the same workers; run more of these to send from separate processes.", true, runWorker},
	{"migrate", "apply pending database migrations",
		"Apply every pending database migration. Safe to run from several instances at once.", true, runMigrate},
	{"seed", "fill an empty database with demo data (does nothing otherwise)",
		"Fill an empty database with demo data: two venues, their spaces, six partners and about 60 sessions over the next eight weeks. A database that already has venues is left alone.", true, runSeed},
	{"user", "add an account, or set an account's password (user add, user set-password)",
		userHelp, false, runUser},
	{"simd", "load the SIMD postcode lookup, or say which is loaded (simd import FILE, simd status)",
		simdHelp, false, runSIMD},
	{"stop-db", "stop the local PostgreSQL cluster under HUBBOOK_DATA_DIR, if running",
		"Stop the local PostgreSQL cluster that make run started under HUBBOOK_DATA_DIR (.data).", false, runStopDB},
}

func main() {
	gin.SetMode(gin.ReleaseMode)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hubbook:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return errors.New("name a subcommand")
		}
		return nil
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		fs := newFlags(c.name, c.help, stdout)
		var rest []string
		if nested[c.name] {
			if err := fs.Parse(args[1:]); err != nil {
				return ignoreHelp(err)
			}
			rest = fs.Args()
		} else if help, err := parseFlags(fs, args[1:]); help || err != nil {
			return err
		}
		cfg, err := config.FromEnv()
		if err != nil {
			return fmt.Errorf("configuration:\n%w", err)
		}
		e := &env{cfg: cfg, log: newLogger(cfg, stderr), stdout: stdout, stderr: stderr, stdin: os.Stdin, args: rest}
		if c.needsDB {
			if e.db, err = openDatabase(ctx, e); err != nil {
				return err
			}
			defer e.db.Close()
		}
		return c.run(ctx, e)
	}
	usage(stderr)
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: hubbook <subcommand> [flags]\n\nSubcommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun hubbook <subcommand> --help for its flags. Configuration is read from the environment: see README.md.")
}

// newFlags returns a flag set for a subcommand whose --help prints summary.
func newFlags(name, summary string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: hubbook %s [flags]\n\n%s\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, treating --help as success.
func parseFlags(fs *flag.FlagSet, args []string) (help bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, err
	}
	if fs.NArg() > 0 {
		return false, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return false, nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	if cfg.Production() {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// openDatabase connects to DATABASE_URL or, when it is unset, to the local
// cluster under the data directory, starting it first if need be.
func openDatabase(ctx context.Context, e *env) (*sqlx.DB, error) {
	dsn := e.cfg.DatabaseURL
	if dsn == "" {
		c, err := pg.StartCluster(ctx, filepath.Join(e.cfg.DataDir, "postgres"), pg.ClusterOptions{Log: e.log})
		if err != nil {
			return nil, fmt.Errorf("local PostgreSQL: %w", err)
		}
		dsn = c.URL(c.Database())
	}
	db, err := pg.Open(ctx, dsn, pg.Pool{MaxOpen: e.cfg.DBMaxOpen, MaxIdle: e.cfg.DBMaxIdle})
	if err != nil {
		return nil, err
	}
	return db, nil
}

func runMigrate(ctx context.Context, e *env) error {
	from, to, err := pg.Migrate(ctx, e.db.DB, nil)
	if err != nil {
		return err
	}
	if from == to {
		e.log.Info("database schema is current", "version", to)
	} else {
		e.log.Info("database migrated", "from", from, "to", to)
	}
	return nil
}

func runStopDB(ctx context.Context, e *env) error {
	dir, err := filepath.Abs(filepath.Join(e.cfg.DataDir, "postgres"))
	if err != nil {
		return err
	}
	return pg.StopClusterIn(ctx, dir)
}
