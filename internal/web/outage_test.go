package web_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/pg"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/internal/web"
	"hubbook/static"
	"hubbook/templates"
)

// When the database goes away the site says so plainly (503) and /readyz
// fails; when it comes back, so does the site, with no restart.
func TestDatabaseOutage_Answers503AndRecovers(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts and stops its own PostgreSQL cluster")
	}
	ctx := context.Background()
	cluster, dir, err := pgtest.StartThrowaway(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	db, err := pg.Open(ctx, cluster.URL(cluster.Database()), pg.Pool{MaxOpen: 4, MaxIdle: 4})
	if err != nil {
		cluster.Stop(ctx, true)
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, _, err := pg.Migrate(ctx, db.DB, nil); err != nil {
		cluster.Stop(ctx, true)
		t.Fatal(err)
	}
	st := store.New(db)
	v := testutil.CreateVenue(t, st, model.Venue{Slug: "hub"})
	sess := testutil.CreateSession(t, st, testutil.Session{Title: "Warm welcome cafe", Venue: v})
	srv, err := web.New(web.Deps{
		Store: st, Location: testutil.London(t), BaseURL: &url.URL{Scheme: "http", Host: "localhost"},
		ServiceName: "Test", ServicePhone: "0131 496 0000",
		Ready:     func(ctx context.Context) error { return pg.CheckSchema(ctx, db.DB) },
		Templates: templates.FS, Static: static.FS,
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, st: st, h: srv.Handler()}
	if r := s.get("/"); r.StatusCode != 200 || !strings.Contains(r.body, "Warm welcome cafe") {
		t.Fatalf("before the outage: status %d", r.StatusCode)
	}

	if err := cluster.Stop(ctx, false); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/sessions/" + sess.PublicID, "/venues/hub", "/print"} {
		r := s.get(path)
		if r.StatusCode != 503 || !strings.Contains(r.body, "not available right now") || r.Header.Get("Retry-After") == "" {
			t.Errorf("%s during the outage: status %d", path, r.StatusCode)
		}
	}
	for _, path := range []string{"/api/v1/sessions", "/api/v1/sessions/" + sess.PublicID} {
		if r := s.get(path); r.StatusCode != 503 || !strings.Contains(r.body, `"error"`) {
			t.Errorf("%s during the outage: status %d, body %s", path, r.StatusCode, r.body)
		}
	}
	if r := s.get("/readyz"); r.StatusCode != 503 {
		t.Errorf("/readyz during the outage: %d", r.StatusCode)
	}
	if r := s.get("/healthz"); r.StatusCode != 200 {
		t.Errorf("/healthz during the outage: %d (the process is still up)", r.StatusCode)
	}

	again, err := pg.StartCluster(ctx, filepath.Join(dir, "data"), pg.ClusterOptions{Throwaway: true})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Stop(ctx, true)
	if again.Port != cluster.Port {
		t.Fatalf("the cluster came back on another port (%d, was %d)", again.Port, cluster.Port)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := s.get("/")
		if r.StatusCode == 200 && strings.Contains(r.body, "Warm welcome cafe") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the outage: still status %d", r.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r := s.get("/readyz"); r.StatusCode != 200 {
		t.Errorf("/readyz after the outage: %d", r.StatusCode)
	}
}
