package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// evaluationBenchData fills st with two years of finished sessions: 1,000
// sessions with 30,000 bookings and walk-in records in all (see
// testutil.EvaluationHistory), postcodes in a SIMD lookup of 50, written by
// RecordHistory in one go.
func evaluationBenchData(b *testing.B, st *store.Store, db *sqlx.DB) {
	b.Helper()
	ctx := context.Background()
	if _, err := db.Exec(`
		INSERT INTO simd_postcodes (postcode, data_zone, simd_rank, vigintile, decile, quintile)
		SELECT 'EH' || (n / 10 + 1) || ' ' || (n % 10) || 'AB', 'S0100' || lpad(n::text, 4, '0'), 1 + n * 139,
		       1 + n * 139 * 20 / 6976, 1 + n * 139 * 10 / 6976, 1 + n * 139 * 5 / 6976
		FROM generate_series(0, 49) n`); err != nil {
		b.Fatal(err)
	}
	past := testutil.EvaluationHistory(b, st, time.Now(), 1000, 30)
	if err := st.RecordHistory(ctx, model.Actor{}, past); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM bookings`); err != nil || n != 30000 {
		b.Fatalf("%d bookings (%v), want 30,000", n, err)
	}
	// As autovacuum would have done on a live database.
	if _, err := db.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEvaluation reads every figure of the dashboard (the period, the
// baseline, deciles, scores and comments) for the last year and the one
// before it, out of two years of data: 1,000 sessions and 30,000 bookings.
func BenchmarkEvaluation(b *testing.B) {
	db := pgtest.New(b)
	keyed, _ := auth.NewKeyed(strings.Repeat("b", 32), "person key")
	st := store.New(db).WithPersonKey(keyed.Sum)
	evaluationBenchData(b, st, db)
	loc, _ := time.LoadLocation("Europe/London")
	now := time.Now()
	f := store.EvaluationFilter{From: now.AddDate(-1, 0, 0), To: now, BaselineFrom: now.AddDate(-2, 0, 0), BaselineTo: now.AddDate(-1, 0, 0),
		Now: now, Location: loc, Comments: 10}
	var e model.Evaluation
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if e, err = st.Evaluation(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/read")
	if e.Total.Sessions+e.Baseline.Sessions < 900 {
		b.Fatalf("read %d + %d sessions", e.Total.Sessions, e.Baseline.Sessions)
	}
}
