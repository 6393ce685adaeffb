package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/demo"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// The demo's past gives the evaluation dashboard a year of figures and a
// baseline: sessions held and called off, bookings marked and not yet
// marked, walk-ins, people who came back, deciles, feedback with comments;
// and reach grows against the baseline.
func TestSeed_HistoryGivesTheDashboardAYearOfFigures(t *testing.T) {
	db := pgtest.New(t)
	loc := testutil.London(t)
	now := time.Date(2026, time.March, 10, 9, 30, 0, 0, loc)
	keyed, _ := auth.NewKeyed(strings.Repeat("d", 32), "person key")
	st := store.New(db).WithPersonKey(keyed.Sum)
	if seeded, err := demo.Seed(context.Background(), st, now, loc, nil); err != nil || !seeded {
		t.Fatalf("seed: %v %v", seeded, err)
	}
	// The dashboard's default: twelve calendar months to today, and the
	// twelve before.
	from := time.Date(2025, time.April, 1, 0, 0, 0, 0, loc)
	e, err := st.Evaluation(context.Background(), store.EvaluationFilter{From: from, To: time.Date(2026, time.March, 11, 0, 0, 0, 0, loc),
		BaselineFrom: from.AddDate(-1, 0, 0), BaselineTo: from, Now: now, Location: loc, Comments: 10})
	if err != nil {
		t.Fatal(err)
	}
	f := e.Total
	if f.Sessions < 300 || f.CalledOff == 0 || f.Bookings < 1000 || f.WalkIns == 0 || f.NoShows == 0 || f.Unmarked == 0 ||
		f.People < 50 || f.Repeat == 0 || f.Known == 0 || f.Quintile1 == 0 || f.Answers < 100 {
		t.Errorf("a year of demo figures: %+v", f)
	}
	if f.PlacesBooked > f.PlacesOffered || f.Attended <= f.WalkIns {
		t.Errorf("places booked %d of %d offered; %d came, %d walk-ins", f.PlacesBooked, f.PlacesOffered, f.Attended, f.WalkIns)
	}
	if len(e.Comments) != 10 || e.SIMD == nil {
		t.Errorf("%d comments, SIMD lookup %v", len(e.Comments), e.SIMD)
	}
	if len(e.Breakdowns["month"]) != 12 {
		t.Errorf("%d months with sessions, want 12", len(e.Breakdowns["month"]))
	}
	b := e.Baseline
	if b.Sessions == 0 || b.Known == 0 {
		t.Fatalf("baseline %+v", b)
	}
	if now, before := float64(f.Quintile1)/float64(f.Known), float64(b.Quintile1)/float64(b.Known); now <= before {
		t.Errorf("reach %.2f this year, %.2f in the baseline: want it to grow", now, before)
	}
	// Only the last two days' registers are still open.
	if n := count(t, db, `SELECT count(*) FROM programme_sessions WHERE ends_at < $1 AND status = 'scheduled'
		AND register_closed_at IS NULL AND ends_at < $2`, now, now.Add(-48*time.Hour)); n != 0 {
		t.Errorf("%d past registers left open", n)
	}
}
