package pg_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hubbook/internal/pg"
	"hubbook/internal/pg/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestMigrate_FromEmptyIsIdempotentAndCurrent(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t) // already migrated by the template
	if err := pg.CheckSchema(ctx, db.DB); err != nil {
		t.Fatalf("CheckSchema on a migrated database: %v", err)
	}
	from, to, err := pg.Migrate(ctx, db.DB, nil)
	if err != nil {
		t.Fatal(err)
	}
	if from != to || to != pg.LatestVersion() {
		t.Errorf("second migrate went from %d to %d, want both %d", from, to, pg.LatestVersion())
	}
}

func TestCheckSchema_RefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, true)`, pg.LatestVersion()+1); err != nil {
		t.Fatal(err)
	}
	if err := pg.CheckSchema(ctx, db.DB); !errors.Is(err, pg.ErrSchemaNewer) {
		t.Fatalf("CheckSchema = %v, want ErrSchemaNewer", err)
	}
	if _, _, err := pg.Migrate(ctx, db.DB, nil); !errors.Is(err, pg.ErrSchemaNewer) {
		t.Fatalf("Migrate = %v, want ErrSchemaNewer", err)
	}
}

func TestCheckSchema_ReportsPendingMigrations(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	if _, err := db.Exec(`DELETE FROM goose_db_version WHERE version_id = $1`, pg.LatestVersion()); err != nil {
		t.Fatal(err)
	}
	if err := pg.CheckSchema(ctx, db.DB); !errors.Is(err, pg.ErrSchemaBehind) {
		t.Fatalf("CheckSchema = %v, want ErrSchemaBehind", err)
	}
}

func TestOpen_UnreachableServerFailsQuicklyWithoutPassword(t *testing.T) {
	start := time.Now()
	_, err := pg.Open(context.Background(), "postgres://u:secret@127.0.0.1:1/x?sslmode=disable", pg.Pool{MaxOpen: 1, MaxIdle: 1})
	if err == nil {
		t.Fatal("Open succeeded against a closed port")
	}
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("Open took %v to give up; it should within its 5-second limit", d)
	}
	if got := err.Error(); strings.Contains(got, "secret") {
		t.Errorf("error shows the password: %s", got)
	}
}

func TestStartCluster_SecondStartReusesClusterAndData(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own PostgreSQL cluster")
	}
	ctx := context.Background()
	c, dir, err := pgtest.StartThrowaway(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	db, err := pg.Open(ctx, c.URL(c.Database()), pg.Pool{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		c.Stop(ctx, true)
		t.Fatal(err)
	}
	_, err = db.Exec(`CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)`)
	db.Close()
	if err != nil {
		c.Stop(ctx, true)
		t.Fatal(err)
	}

	// While running, a second start reuses it.
	again, err := pg.StartCluster(ctx, filepath.Join(dir, "data"), pg.ClusterOptions{})
	if err != nil || again.Started || again.Port != c.Port {
		c.Stop(ctx, true)
		t.Fatalf("second start: started=%v port=%d (first %d), err=%v", again != nil && again.Started, portOf(again), c.Port, err)
	}
	// Stopped, a third start brings it back with its data.
	if err := c.Stop(ctx, false); err != nil {
		t.Fatal(err)
	}
	third, err := pg.StartCluster(ctx, filepath.Join(dir, "data"), pg.ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer third.Stop(ctx, true)
	db, err = pg.Open(ctx, third.URL(third.Database()), pg.Pool{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.Get(&v, `SELECT v FROM kept`); err != nil || v != 42 {
		t.Fatalf("data after restart: v=%d err=%v", v, err)
	}
}

func portOf(c *pg.Cluster) int {
	if c == nil {
		return 0
	}
	return c.Port
}

func TestFindServerBinaries_SaysWhichPackageToInstall(t *testing.T) {
	empty := t.TempDir()
	notFound := func(string) (string, error) { return "", os.ErrNotExist }
	_, err := pg.FindServerBinariesIn(notFound, empty)
	if !errors.Is(err, pg.ErrNoServerBinaries) || !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Errorf("err = %v", err)
	}
	// The newest version under the library directory wins.
	for _, v := range []string{"13", "16", "9"} {
		bin := filepath.Join(empty, v, "bin")
		os.MkdirAll(bin, 0o755)
		os.WriteFile(filepath.Join(bin, "initdb"), nil, 0o755)
	}
	if got, err := pg.FindServerBinariesIn(notFound, empty); err != nil || got != filepath.Join(empty, "16", "bin") {
		t.Errorf("got %q, %v; want version 16", got, err)
	}
}

func TestStartCluster_AsRootExplainsAPrivateCheckout(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root hands the server to the postgres user")
	}
	private := t.TempDir() // mode 0700, owned by root
	_, err := pg.StartCluster(context.Background(), filepath.Join(private, "checkout", ".data", "postgres"), pg.ClusterOptions{})
	if err == nil || !strings.Contains(err.Error(), "cannot enter") || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("err = %v", err)
	}
}
