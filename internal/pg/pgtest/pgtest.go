// Package pgtest gives each test its own freshly migrated PostgreSQL
// database, cloned from a template so that it costs milliseconds. The server
// is TEST_DATABASE_URL when set, else a throwaway cluster that Main starts
// and removes.
package pgtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/peterldowns/pgtestdb"

	"hubbook/internal/pg"
	"hubbook/migrations"
)

// server is the PostgreSQL server of this test binary, set by Main.
var server *pgtestdb.Config

// Main runs a package's tests against PostgreSQL. Call it from TestMain.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx := context.Background()
	if dsn := os.Getenv("TEST_DATABASE_URL"); dsn != "" {
		conf, err := configFromURL(dsn)
		if err != nil {
			fmt.Fprintln(os.Stderr, "TEST_DATABASE_URL:", err)
			return 2
		}
		server = &conf
		return m.Run()
	}
	c, dir, err := StartThrowaway(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		return 2
	}
	defer os.RemoveAll(dir)
	defer c.Stop(ctx, true)
	conf, err := configFromURL(c.URL("postgres"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		return 2
	}
	server = &conf
	return m.Run()
}

// StartThrowaway starts a fresh, non-durable cluster in a new temporary
// directory; the caller stops it and removes dir.
func StartThrowaway(ctx context.Context) (c *pg.Cluster, dir string, err error) {
	dir, err = os.MkdirTemp("", "hubbook-test-pg-")
	if err != nil {
		return nil, "", err
	}
	// The server may run as the postgres user: it must be able to enter.
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	c, err = pg.StartCluster(ctx, filepath.Join(dir, "data"), pg.ClusterOptions{Throwaway: true})
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	return c, dir, nil
}

// New returns a new database, migrated to the latest schema, for one test;
// it is dropped when the test passes.
func New(t testing.TB) *sqlx.DB {
	t.Helper()
	if server == nil {
		t.Fatal("pgtest: call pgtest.Main from the package's TestMain")
	}
	db := pgtestdb.New(t, *server, migrator{})
	return sqlx.NewDb(db, "postgres")
}

// URL returns a connection string for a new migrated database, for tests
// that open their own connections (a server started as a subprocess).
func URL(t testing.TB) string {
	t.Helper()
	if server == nil {
		t.Fatal("pgtest: call pgtest.Main from the package's TestMain")
	}
	return pgtestdb.Custom(t, *server, migrator{}).URL()
}

// migrator adapts pg.Migrate to pgtestdb: the template database is keyed
// by a hash of every migration file, so editing one builds a new template.
type migrator struct{}

func (migrator) Hash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	fmt.Fprintf(h, "river\x00%d", pg.QueueVersion())
	return hex.EncodeToString(h.Sum(nil)), err
}

func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	_, _, err := pg.Migrate(ctx, db, nil)
	return err
}

func configFromURL(dsn string) (pgtestdb.Config, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return pgtestdb.Config{}, fmt.Errorf("want a postgres:// URL")
	}
	password, _ := u.User.Password()
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	database := u.Path
	if len(database) > 1 {
		database = database[1:]
	} else {
		database = "postgres"
	}
	options := u.RawQuery
	if options == "" {
		options = "sslmode=disable"
	}
	return pgtestdb.Config{
		DriverName: "postgres",
		Host:       u.Hostname(),
		Port:       port,
		User:       u.User.Username(),
		Password:   password,
		Database:   database,
		Options:    options,
	}, nil
}
