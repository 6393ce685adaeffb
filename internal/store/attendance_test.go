package store_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// registerFixture is a session with bookings made before it started, and
// the clock moved to during it.
type registerFixture struct {
	st    *store.Store
	db    *sqlx.DB
	clk   *clock
	m     model.Session
	refs  []string
	until time.Time
	by    model.Actor
}

// newRegister books parties (one booking each) on a session that starts
// an hour after now, then moves the clock to ten minutes after its start.
func newRegister(t *testing.T, capacity int, parties ...int) registerFixture {
	t.Helper()
	return newRegisterAt(t, time.Date(2027, 5, 12, 10, 0, 0, 0, testutil.London(t)), capacity, parties...)
}

// newRegisterAt is newRegister for a session at start (10:00 or so).
func newRegisterAt(t *testing.T, start time.Time, capacity int, parties ...int) registerFixture {
	t.Helper()
	st, db, clk := bookingStore(t, model.BookingRules{})
	clk.set(start.Add(-time.Hour))
	y, mo, d := start.Date()
	f := registerFixture{st: st, db: db, clk: clk, by: deskActor(t, st),
		m:     testutil.CreateSession(t, st, testutil.Session{Title: "Job club", Capacity: capacity, Start: start}),
		until: time.Date(y, mo, d+1, 0, 0, 0, 0, start.Location())}
	for _, n := range parties {
		res, err := st.BookPlaces(context.Background(), online(f.m, n))
		if err != nil {
			t.Fatal(err)
		}
		f.refs = append(f.refs, res.Reference)
	}
	clk.set(start.Add(10 * time.Minute))
	return f
}

func (f registerFixture) mark(ref string, came *int) error {
	_, err := f.st.MarkAttendance(context.Background(), f.by, store.Mark{SessionPublicID: f.m.PublicID, Reference: ref, Came: came, Until: f.until})
	return err
}

func (f registerFixture) register(t *testing.T) model.Register {
	t.Helper()
	r, err := f.st.Register(context.Background(), f.m.PublicID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func attendedOf(t *testing.T, r model.Register, ref string) *int {
	t.Helper()
	for _, b := range r.Bookings {
		if b.Reference == ref {
			return b.Attended
		}
	}
	t.Fatalf("%s is not on the register", ref)
	return nil
}

func TestMarkAttendance_CameNoShowAndClearedAsTyped(t *testing.T) {
	f := newRegister(t, 10, 3, 1)
	typed := strings.ToLower(strings.TrimPrefix(f.refs[0], "HB-"))
	if err := f.mark(typed, new(2)); err != nil {
		t.Fatalf("mark by a reference typed in lower case without HB-: %v", err)
	}
	if err := f.mark(f.refs[1], new(0)); err != nil {
		t.Fatal(err)
	}
	r := f.register(t)
	if got := r.Totals(); got != (model.RegisterTotals{Booked: 4, Came: 2, NoShows: 1}) {
		t.Errorf("totals %+v, want 4 booked, 2 came, 1 no-show", got)
	}
	var party *store.PartyError
	if err := f.mark(f.refs[0], new(4)); !errors.As(err, &party) || party.PartySize != 3 {
		t.Errorf("4 came of a party of 3: %v, want a PartyError", err)
	}
	if err := f.mark(f.refs[0], nil); err != nil {
		t.Fatal(err)
	}
	if a := attendedOf(t, f.register(t), f.refs[0]); a != nil {
		t.Errorf("after clearing, attended %d, want unmarked", *a)
	}
	var markedBy *int64
	if err := f.db.Get(&markedBy, `SELECT marked_by FROM bookings WHERE reference = $1`, f.refs[1]); err != nil || markedBy == nil || *markedBy != f.by.ID {
		t.Errorf("marked_by %v (%v), want the navigator", markedBy, err)
	}
}

func TestMarkAttendance_RefusesWhatIsNotOnThisRegisterToday(t *testing.T) {
	f := newRegister(t, 3, 2)
	ctx := context.Background()
	f.clk.set(f.m.StartsAt.Add(-2 * time.Hour))
	other := testutil.CreateSession(t, f.st, testutil.Session{Start: f.m.StartsAt.Add(time.Hour)})
	elsewhere, err := f.st.BookPlaces(ctx, online(other, 1))
	if err != nil {
		t.Fatal(err)
	}
	waiting := online(f.m, 2)
	waiting.Waitlist = true
	w, err := f.st.BookPlaces(ctx, waiting)
	if err != nil || w.Status != model.BookingWaitlisted {
		t.Fatalf("waitlist: %v %v", w, err)
	}
	cancelled, err := f.st.BookPlaces(ctx, online(f.m, 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CancelBooking(ctx, model.Actor{}, store.BookingKey{Reference: cancelled.Reference}); err != nil {
		t.Fatal(err)
	}
	f.clk.set(f.m.StartsAt)
	cases := []struct {
		name, ref string
		want      error
	}{
		{"another session's booking", elsewhere.Reference, model.ErrOtherSession},
		{"an unknown reference", "HB-ZZZZZZZZ", model.ErrNotFound},
		{"a waitlisted booking", w.Reference, model.ErrNotConfirmed},
		{"a cancelled booking", cancelled.Reference, model.ErrBookingCancelled},
	}
	for _, tc := range cases {
		if err := f.mark(tc.ref, new(1)); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	early := f.until.AddDate(0, 0, -1)
	if _, err := f.st.MarkAttendance(ctx, f.by, store.Mark{SessionPublicID: f.m.PublicID, Reference: f.refs[0], Came: new(1), Until: early}); !errors.Is(err, model.ErrRegisterNotYet) {
		t.Errorf("marking the day before: %v, want ErrRegisterNotYet", err)
	}
	var marked int
	if err := f.db.Get(&marked, `SELECT count(*) FROM bookings WHERE marked_at IS NOT NULL`); err != nil || marked != 0 {
		t.Errorf("%d bookings marked after refusals (%v), want none", marked, err)
	}
}

func TestCheckIn_MarksTheWholePartyOnce(t *testing.T) {
	f := newRegister(t, 10, 3)
	ctx := context.Background()
	check := func() (model.Booking, bool, error) {
		return f.st.CheckIn(ctx, f.by, store.Mark{SessionPublicID: f.m.PublicID, Reference: " hb-" + strings.ToLower(f.refs[0][3:]) + " ", Until: f.until})
	}
	b, already, err := check()
	if err != nil || already || b.Attended == nil || *b.Attended != 3 {
		t.Fatalf("check in: %v already=%v err=%v, want 3 came", b.Attended, already, err)
	}
	if _, already, err := check(); err != nil || !already {
		t.Errorf("checked in again: already=%v err=%v, want already", already, err)
	}
}

func TestCloseRegister_UnmarkedBecomeNoShowsAndMarksStop(t *testing.T) {
	f := newRegister(t, 10, 2, 1, 4)
	ctx := context.Background()
	staff := model.Actor{ID: testutil.CreateUser(t, f.st, model.User{Role: model.RoleStaff}).ID, Name: "Sam"}

	f.clk.set(f.m.StartsAt.Add(-time.Minute))
	if _, err := f.st.CloseRegister(ctx, f.by, f.m.PublicID, nil); !errors.Is(err, model.ErrNotStarted) {
		t.Errorf("closing before the start: %v, want ErrNotStarted", err)
	}
	if _, err := f.st.RecordWalkIns(ctx, f.by, store.WalkIns{SessionPublicID: f.m.PublicID, Count: 2, Register: true, DayEnd: f.until}); err != nil {
		t.Fatal(err)
	}
	f.clk.set(f.m.EndsAt)
	if err := f.mark(f.refs[0], new(2)); err != nil {
		t.Fatal(err)
	}
	n, err := f.st.CloseRegister(ctx, f.by, f.m.PublicID, nil)
	if err != nil || n != 2 {
		t.Fatalf("close: %d no-shows, %v; want 2", n, err)
	}
	r := f.register(t)
	if !r.Closed() || r.ClosedByName != f.by.Name {
		t.Errorf("closed at %v by %q, want closed by %q", r.ClosedAt, r.ClosedByName, f.by.Name)
	}
	if got := r.Totals(); got != (model.RegisterTotals{Booked: 7, Came: 2, NoShows: 2, WalkIns: 2}) {
		t.Errorf("totals after closing %+v", got)
	}
	if n, err := f.st.CloseRegister(ctx, f.by, f.m.PublicID, nil); err != nil || n != 0 {
		t.Errorf("closing again: %d, %v; want nothing changed", n, err)
	}
	if err := f.mark(f.refs[1], new(1)); !errors.Is(err, model.ErrRegisterClosed) {
		t.Errorf("mark after closing: %v, want ErrRegisterClosed", err)
	}
	if _, err := f.st.RecordWalkIns(ctx, f.by, store.WalkIns{SessionPublicID: f.m.PublicID, Count: 1, Register: true, DayEnd: f.until}); !errors.Is(err, model.ErrRegisterClosed) {
		t.Errorf("walk-ins after closing: %v, want ErrRegisterClosed", err)
	}

	if err := f.st.ReopenRegister(ctx, staff, f.m.PublicID); err != nil {
		t.Fatal(err)
	}
	if err := f.st.ReopenRegister(ctx, staff, f.m.PublicID); err != nil {
		t.Fatal(err)
	}
	if err := f.mark(f.refs[1], new(1)); err != nil {
		t.Errorf("correcting after reopening: %v", err)
	}
	if _, err := f.st.CloseRegister(ctx, staff, f.m.PublicID, nil); err != nil {
		t.Fatal(err)
	}
	if got := f.register(t).Totals(); got != (model.RegisterTotals{Booked: 7, Came: 3, NoShows: 1, WalkIns: 2}) {
		t.Errorf("totals after correcting %+v", got)
	}
	var actions []string
	if err := f.db.Select(&actions, `SELECT action FROM audit_log WHERE entity = 'session' AND entity_key = $1 ORDER BY id`, f.m.PublicID); err != nil {
		t.Fatal(err)
	}
	if want := "session.close_register session.reopen_register session.close_register"; strings.Join(actions, " ") != want {
		t.Errorf("audit %v, want %s", actions, want)
	}
}

func TestRegister_APartnerSeesOnlyItsOwnSessions(t *testing.T) {
	st, _, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	mine := testutil.CreatePartner(t, st, model.Partner{})
	theirs := testutil.CreatePartner(t, st, model.Partner{})
	own := testutil.CreateSession(t, st, testutil.Session{Partner: &mine, Start: time.Now().Add(-time.Minute)})
	other := testutil.CreateSession(t, st, testutil.Session{Partner: &theirs, Start: time.Now().Add(-time.Minute)})
	scope := &store.PartnerScope{PartnerID: mine.ID}
	if _, err := st.Register(ctx, own.PublicID, scope); err != nil {
		t.Errorf("own session's register: %v", err)
	}
	if _, err := st.Register(ctx, other.PublicID, scope); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("another partner's register: %v, want ErrNotFound", err)
	}
	if _, err := st.CloseRegister(ctx, model.Actor{}, other.PublicID, scope); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("closing another partner's register: %v, want ErrNotFound", err)
	}
	if _, err := st.Register(ctx, other.PublicID, nil); err != nil {
		t.Errorf("staff open any register: %v", err)
	}
}

func TestRecordWalkIns_OnTheRegisterAfterTheDayUntilClosed(t *testing.T) {
	f := newRegister(t, 4, 2)
	ctx := context.Background()
	f.clk.set(f.m.StartsAt.AddDate(0, 0, 3))
	later := f.until.AddDate(0, 0, 3)
	desk := store.WalkIns{SessionPublicID: f.m.PublicID, Count: 1, DayStart: later.AddDate(0, 0, -1), DayEnd: later}
	if _, err := f.st.RecordWalkIns(ctx, f.by, desk); !errors.Is(err, model.ErrNotToday) {
		t.Errorf("desk walk-ins three days later: %v, want ErrNotToday", err)
	}
	reg := store.WalkIns{SessionPublicID: f.m.PublicID, Count: 2, Register: true, DayEnd: later}
	if _, err := f.st.RecordWalkIns(ctx, f.by, reg); err != nil {
		t.Errorf("register walk-ins typed in three days later: %v", err)
	}
	var short *model.NotEnoughPlacesError
	if _, err := f.st.RecordWalkIns(ctx, f.by, store.WalkIns{SessionPublicID: f.m.PublicID, Count: 1, Register: true, DayEnd: later}); !errors.As(err, &short) {
		t.Errorf("a walk-in past capacity: %v, want NotEnoughPlacesError", err)
	}
	early := store.WalkIns{SessionPublicID: f.m.PublicID, Count: 1, Register: true, DayEnd: f.m.StartsAt.Add(-time.Hour)}
	if _, err := f.st.RecordWalkIns(ctx, f.by, early); !errors.Is(err, model.ErrNotToday) {
		t.Errorf("register walk-ins before the day: %v, want ErrNotToday", err)
	}
}

func TestRecordPaperRegister_SavesEverythingOrNothing(t *testing.T) {
	f := newRegister(t, 8, 2, 3, 1)
	ctx := context.Background()
	paper := func(came map[string]int, walkIns int) error {
		return f.st.RecordPaperRegister(ctx, f.by, store.PaperRegister{SessionPublicID: f.m.PublicID, Came: came, WalkIns: walkIns, Until: f.until})
	}
	var bad *store.PaperMarkError
	if err := paper(map[string]int{f.refs[0]: 2, f.refs[1]: 5}, 1); !errors.As(err, &bad) || bad.Reference != f.refs[1] {
		t.Fatalf("5 came of a party of 3: %v, want a PaperMarkError for %s", err, f.refs[1])
	}
	var short *model.NotEnoughPlacesError
	if err := paper(map[string]int{f.refs[0]: 2}, 3); !errors.As(err, &short) {
		t.Fatalf("3 walk-ins with 2 places left: %v, want NotEnoughPlacesError", err)
	}
	if got := f.register(t).Totals(); got != (model.RegisterTotals{Booked: 6, Unmarked: 3}) {
		t.Fatalf("after refusals %+v, want nothing marked", got)
	}
	if err := paper(map[string]int{f.refs[0]: 2, strings.ToLower(f.refs[1]): 0}, 2); err != nil {
		t.Fatal(err)
	}
	if got := f.register(t).Totals(); got != (model.RegisterTotals{Booked: 6, Came: 2, NoShows: 1, Unmarked: 1, WalkIns: 2}) {
		t.Errorf("after the paper register %+v", got)
	}
}

// TestRegister_MarkedAndClosedByManyAtOnceEndsConsistent marks one
// register from many goroutines, as several people at the door would,
// while others close it: every booking ends marked once with a valid
// value, no mark lands after the close, and the figures add up.
func TestRegister_MarkedAndClosedByManyAtOnceEndsConsistent(t *testing.T) {
	parties := make([]int, 30)
	for i := range parties {
		parties[i] = 1 + i%4
	}
	f := newRegisterAt(t, time.Now().Add(-time.Minute), 100, parties...)
	ctx := context.Background()
	// The real clock from here: the order of marks and the close is the
	// database's.
	st := f.st.WithBooking(model.BookingRules{}, time.Now)
	until := time.Now().AddDate(1, 0, 0)
	party := map[string]int{}
	for i, ref := range f.refs {
		party[ref] = parties[i]
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		closers int
		refused int
		marked  int
	)
	start := make(chan struct{})
	for g := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range 30 {
				if g%8 == 7 && i == 10 {
					n, err := st.CloseRegister(ctx, f.by, f.m.PublicID, nil)
					mu.Lock()
					if err != nil {
						t.Errorf("close: %v", err)
					} else if n > 0 {
						closers++
					}
					mu.Unlock()
					continue
				}
				ref := f.refs[rand.IntN(len(f.refs))]
				came := rand.IntN(party[ref] + 1)
				_, err := st.MarkAttendance(ctx, f.by, store.Mark{SessionPublicID: f.m.PublicID, Reference: ref, Came: &came, Until: until})
				mu.Lock()
				switch {
				case err == nil:
					marked++
				case errors.Is(err, model.ErrRegisterClosed):
					refused++
				default:
					t.Errorf("mark %s: %v", ref, err)
				}
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	if _, err := st.CloseRegister(ctx, f.by, f.m.PublicID, nil); err != nil {
		t.Fatal(err)
	}
	if closers > 1 {
		t.Errorf("%d closes marked no-shows, want at most one", closers)
	}
	if marked == 0 || refused == 0 {
		t.Logf("marked %d, refused %d: the close fell at one end", marked, refused)
	}
	var bad int
	if err := f.db.Get(&bad, `
		SELECT count(*) FROM bookings b JOIN programme_sessions ps ON ps.id = b.session_id
		WHERE b.session_id = $1 AND (b.attended IS NULL OR b.attended > b.party_size OR b.marked_at IS NULL
			OR b.marked_at > ps.register_closed_at)`, f.m.ID); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d bookings unmarked, marked beyond their party, or marked after the close", bad)
	}
	var closes int
	if err := f.db.Get(&closes, `SELECT count(*) FROM audit_log WHERE action = 'session.close_register'`); err != nil || closes != 1 {
		t.Errorf("%d closes in the audit log (%v), want 1", closes, err)
	}
	r := f.register(t)
	var sum struct{ Came, NoShows int }
	if err := f.db.Get(&sum, `SELECT coalesce(sum(attended), 0) AS came, count(*) FILTER (WHERE attended = 0) AS noshows
		FROM bookings WHERE session_id = $1 AND source <> 'walk_in'`, f.m.ID); err != nil {
		t.Fatal(err)
	}
	if tot := r.Totals(); tot.Unmarked != 0 || tot.Came != sum.Came || tot.NoShows != sum.NoShows || tot.Booked != sessionCounts(t, f.db, f.m).Booked {
		t.Errorf("register totals %+v, database %+v", tot, sum)
	}
}
