package web_test

import (
	"net/http"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/testutil"
)

// evaluationBenchSite is a site with two years of finished sessions: 1,000
// sessions and 30,000 bookings and walk-in records (see
// testutil.EvaluationHistory), with postcodes in a SIMD lookup of 50.
func evaluationBenchSite(b *testing.B) *site {
	s := newSite(b)
	if _, err := s.db.Exec(`
		INSERT INTO simd_postcodes (postcode, data_zone, simd_rank, vigintile, decile, quintile)
		SELECT 'EH' || (n / 10 + 1) || ' ' || (n % 10) || 'AB', 'S0100' || lpad(n::text, 4, '0'), 1 + n * 139,
		       1 + n * 139 * 20 / 6976, 1 + n * 139 * 10 / 6976, 1 + n * 139 * 5 / 6976
		FROM generate_series(0, 49) n`); err != nil {
		b.Fatal(err)
	}
	if err := s.st.RecordHistory(b.Context(), model.Actor{}, testutil.EvaluationHistory(b, s.st, time.Now(), 1000, 30)); err != nil {
		b.Fatal(err)
	}
	var sessions, bookings int
	if err := s.db.QueryRow(`SELECT (SELECT count(*) FROM programme_sessions), (SELECT count(*) FROM bookings)`).Scan(&sessions, &bookings); err != nil {
		b.Fatal(err)
	}
	if sessions != 1000 || bookings != 30000 {
		b.Fatalf("%d sessions and %d bookings, want 1,000 and 30,000", sessions, bookings)
	}
	// As autovacuum would have done on a live database.
	if _, err := s.db.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return s
}

// benchmarkEvaluation renders path through the whole router as staff,
// database included, and reports milliseconds per render.
func benchmarkEvaluation(b *testing.B, path string) {
	s := evaluationBenchSite(b)
	staff, _ := s.as(model.RoleStaff)
	if r := staff.get(path); r.StatusCode != http.StatusOK {
		b.Fatalf("%s: status %d", path, r.StatusCode)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if r := staff.get(path); r.StatusCode != http.StatusOK {
			b.Fatalf("%s: status %d", path, r.StatusCode)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/render")
}

// BenchmarkEvaluationDashboard is the dashboard as staff first see it: the
// last twelve months against the twelve before, out of two years of data.
func BenchmarkEvaluationDashboard(b *testing.B) { benchmarkEvaluation(b, "/staff/evaluation") }

// BenchmarkEvaluationDashboardFiltered is the dashboard for one topic.
func BenchmarkEvaluationDashboardFiltered(b *testing.B) {
	benchmarkEvaluation(b, "/staff/evaluation?theme=health")
}

// BenchmarkEvaluationCSV is one table's download (by month).
func BenchmarkEvaluationCSV(b *testing.B) { benchmarkEvaluation(b, "/staff/evaluation/months.csv") }
