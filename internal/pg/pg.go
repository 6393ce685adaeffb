// Package pg connects hubbook to PostgreSQL, migrates its schema from the
// embedded migrations, and runs a local PostgreSQL cluster when no database
// is configured: for `make run` and for the test suite.
package pg

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the PostgreSQL driver, registered as "postgres"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"

	"hubbook/migrations"
)

// ErrSchemaNewer means the database was migrated by a newer hubbook than
// this binary: serving could corrupt data the newer code relies on.
var ErrSchemaNewer = errors.New("database schema is newer than this hubbook")

// ErrSchemaBehind means migrations are pending.
var ErrSchemaBehind = errors.New("database schema is behind this hubbook: run `hubbook migrate`")

// Pool limits the connections one process keeps to the database.
type Pool struct {
	MaxOpen int
	MaxIdle int
}

// Open connects to the database at dsn, sets the pool limits and checks that
// the server answers within a few seconds.
func Open(ctx context.Context, dsn string, pool Pool) (*sqlx.DB, error) {
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Redact(dsn), err)
	}
	db.SetMaxOpenConns(pool.MaxOpen)
	db.SetMaxIdleConns(pool.MaxIdle)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(time.Hour)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s: %w", Redact(dsn), err)
	}
	return db, nil
}

// Redact returns dsn without its password, fit for a log line.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "(a connection string that is not a URL)"
	}
	return u.Redacted()
}

func provider(db *sql.DB, log *slog.Logger) (*goose.Provider, error) {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{
		goose.WithDisableGlobalRegistry(true),
		goose.WithSessionLocker(locker),
	}
	if log != nil {
		opts = append(opts, goose.WithSlog(log))
	}
	return goose.NewProvider(goose.DialectPostgres, db, migrations.FS, opts...)
}

// Migrate applies every pending migration, holding an advisory lock so that
// several instances starting at once migrate one after the other. It returns
// the schema version before and after.
func Migrate(ctx context.Context, db *sql.DB, log *slog.Logger) (from, to int64, err error) {
	if err := CheckSchema(ctx, db); err != nil && !errors.Is(err, ErrSchemaBehind) {
		return 0, 0, err
	}
	p, err := provider(db, log)
	if err != nil {
		return 0, 0, fmt.Errorf("migrate: %w", err)
	}
	if from, err = p.GetDBVersion(ctx); err != nil {
		return 0, 0, fmt.Errorf("migrate: read schema version: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return from, 0, fmt.Errorf("migrate: %w", err)
	}
	if to, err = p.GetDBVersion(ctx); err != nil {
		return from, 0, fmt.Errorf("migrate: read schema version: %w", err)
	}
	if err := migrateQueue(ctx, db, log); err != nil {
		return from, to, err
	}
	return from, to, nil
}

// queueLock is the advisory lock key that serialises the job queue's
// migrations between instances starting at once.
const queueLock = 0x68627271 // "hbrq"

func queueMigrator(db *sql.DB) (*rivermigrate.Migrator[*sql.Tx], error) {
	return rivermigrate.New(riverdatabasesql.New(db), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
}

// migrateQueue brings River's tables (the email jobs) up to date with its
// own migrator, holding an advisory lock so that instances starting at once
// take turns. (Each of River's migrations runs in its own transaction: one
// adds an enum value that the next uses.)
func migrateQueue(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	m, err := queueMigrator(db)
	if err != nil {
		return fmt.Errorf("migrate the job queue: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate the job queue: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, queueLock); err != nil {
		return fmt.Errorf("migrate the job queue: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, queueLock)
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("migrate the job queue: %w", err)
	}
	if log != nil && len(res.Versions) > 0 {
		log.Info("job queue migrated", "to", res.Versions[len(res.Versions)-1].Version)
	}
	return nil
}

// QueueVersion is the newest job queue (River) migration this binary
// carries: test databases are rebuilt when it changes.
func QueueVersion() int {
	m, err := queueMigrator(nil)
	if err != nil {
		return 0
	}
	all := m.AllVersions()
	return all[len(all)-1].Version
}

// LatestVersion is the newest migration this binary carries.
func LatestVersion() int64 {
	names, _ := fs.Glob(migrations.FS, "*.sql")
	var latest int64
	for _, name := range names {
		if v, err := goose.NumericComponent(name); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

// SchemaVersion reads the database's schema version without changing
// anything; 0 for a database that was never migrated.
func SchemaVersion(ctx context.Context, db *sql.DB) (int64, error) {
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT to_regclass('goose_db_version') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v int64
	err := db.QueryRowContext(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// CheckSchema returns nil when the database's schema is exactly the one this
// binary expects, ErrSchemaNewer or ErrSchemaBehind (wrapped with both
// versions) when it is not.
func CheckSchema(ctx context.Context, db *sql.DB) error {
	have, err := SchemaVersion(ctx, db)
	if err != nil {
		return err
	}
	want := LatestVersion()
	switch {
	case have > want:
		return fmt.Errorf("%w (database at version %d, this binary knows up to %d): upgrade hubbook", ErrSchemaNewer, have, want)
	case have < want:
		return fmt.Errorf("%w (database at version %d, this binary at %d)", ErrSchemaBehind, have, want)
	}
	m, err := queueMigrator(db)
	if err != nil {
		return err
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("check the job queue's schema: %w", err)
	}
	if !res.OK {
		return fmt.Errorf("%w (the job queue: %s)", ErrSchemaBehind, strings.Join(res.Messages, "; "))
	}
	return nil
}
