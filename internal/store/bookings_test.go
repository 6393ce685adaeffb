package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// clock is a test's movable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// bookingStore is a store over a fresh database with rules and a clock
// the test controls, and the database for checking the counters.
func bookingStore(t *testing.T, rules model.BookingRules) (*store.Store, *sqlx.DB, *clock) {
	t.Helper()
	db := pgtest.New(t)
	db.SetMaxOpenConns(20)
	c := &clock{t: time.Now()}
	return store.New(db).WithBooking(rules, c.now), db, c
}

// online is a citizen's request for party places on m, with a fresh form
// token and a unique email.
func online(m model.Session, party int) store.BookingRequest {
	_, hash := auth.NewToken()
	return store.BookingRequest{
		SessionPublicID: m.PublicID, Source: model.SourceOnline, TokenHash: hash,
		Name: "Ann Example", Email: fmt.Sprintf("p%x@example.org", hash[:6]), PartySize: party,
	}
}

// counts is what the session row says and what its bookings add up to.
type counts struct {
	Booked, Waitlist, ConfirmedSum, WaitlistedSum int
}

func sessionCounts(t *testing.T, db *sqlx.DB, m model.Session) counts {
	t.Helper()
	var c counts
	err := db.QueryRowx(`
		SELECT places_booked, waitlist_length,
			(SELECT coalesce(sum(party_size), 0) FROM bookings WHERE session_id = $1 AND status = 'confirmed'),
			(SELECT coalesce(sum(party_size), 0) FROM bookings WHERE session_id = $1 AND status = 'waitlisted')
		FROM programme_sessions WHERE id = $1`, m.ID).Scan(&c.Booked, &c.Waitlist, &c.ConfirmedSum, &c.WaitlistedSum)
	if err != nil {
		t.Fatal(err)
	}
	if c.Booked != c.ConfirmedSum || c.Waitlist != c.WaitlistedSum {
		t.Fatalf("counters drifted from the bookings: %+v", c)
	}
	return c
}

func TestBookPlaces_NeverExceedsCapacityUnderConcurrency(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 12})
	const attempts = 200
	var (
		wg                         sync.WaitGroup
		mu                         sync.Mutex
		confirmed, waited, refused int
		confirmedPeople            int
	)
	for i := range attempts {
		wg.Go(func() {
			req := online(m, 1+i%4)
			req.Waitlist = i%2 == 0
			res, err := st.BookPlaces(context.Background(), req)
			mu.Lock()
			defer mu.Unlock()
			var full *model.NotEnoughPlacesError
			switch {
			case err == nil && res.Status == model.BookingConfirmed:
				confirmed++
				confirmedPeople += req.PartySize
			case err == nil && res.Status == model.BookingWaitlisted && req.Waitlist:
				waited++
			case errors.As(err, &full) && !req.Waitlist && full.Left < req.PartySize:
				refused++
			default:
				t.Errorf("party of %d (waitlist %v): %+v, %v", req.PartySize, req.Waitlist, res, err)
			}
		})
	}
	wg.Wait()
	c := sessionCounts(t, db, m)
	if c.Booked > 12 || c.Booked != confirmedPeople {
		t.Errorf("%d places booked (callers were told %d) on a session of 12", c.Booked, confirmedPeople)
	}
	// Nobody waits for places that are free: every waiting party is
	// bigger than what is left.
	var smallestWaiting int
	if err := db.Get(&smallestWaiting, `SELECT coalesce(min(party_size), 99) FROM bookings WHERE session_id = $1 AND status = 'waitlisted'`, m.ID); err != nil {
		t.Fatal(err)
	}
	if free := 12 - c.Booked; smallestWaiting <= free {
		t.Errorf("a party of %d waits while %d places are free", smallestWaiting, free)
	}
	if confirmed+waited+refused != attempts {
		t.Errorf("%d confirmed + %d waitlisted + %d refused, want %d answers", confirmed, waited, refused, attempts)
	}
	if confirmed == 0 || waited == 0 || refused == 0 {
		t.Errorf("want some of each answer: %d confirmed, %d waitlisted, %d refused", confirmed, waited, refused)
	}
	t.Logf("%d parties confirmed (%d places), %d waitlisted (%d people), %d refused", confirmed, c.Booked, waited, c.Waitlist, refused)
}

func TestCancelBooking_PromotesInOrderUnderConcurrency(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 10})
	var holders [][]byte
	for range 10 {
		req := online(m, 1)
		if _, err := st.BookPlaces(ctx, req); err != nil {
			t.Fatal(err)
		}
		holders = append(holders, req.TokenHash)
	}
	var waiting []string
	for range 20 {
		req := online(m, 1)
		req.Waitlist = true
		res, err := st.BookPlaces(ctx, req)
		if err != nil || res.Status != model.BookingWaitlisted {
			t.Fatalf("join waitlist: %+v, %v", res, err)
		}
		waiting = append(waiting, res.Reference)
	}
	// Cancel 7 places while 10 more people try to book: the freed places
	// go to the first in line, never to newcomers, and never over capacity.
	var wg sync.WaitGroup
	for _, h := range holders[:7] {
		wg.Go(func() {
			if _, err := st.CancelBooking(ctx, model.Actor{}, store.BookingKey{TokenHash: h}); err != nil {
				t.Error(err)
			}
		})
	}
	for range 10 {
		wg.Go(func() {
			res, err := st.BookPlaces(ctx, online(m, 1))
			var full *model.NotEnoughPlacesError
			if !errors.As(err, &full) {
				t.Errorf("a newcomer got %+v, %v while people were waiting", res, err)
			}
		})
	}
	wg.Wait()
	c := sessionCounts(t, db, m)
	if c.Booked != 10 || c.Waitlist != 13 {
		t.Errorf("after 7 cancellations: %d booked and %d waiting, want 10 and 13", c.Booked, c.Waitlist)
	}
	for i, ref := range waiting {
		b, err := st.Booking(ctx, store.BookingKey{Reference: ref})
		if err != nil {
			t.Fatal(err)
		}
		want := model.BookingWaitlisted
		if i < 7 {
			want = model.BookingConfirmed
		}
		if b.Status != want || (want == model.BookingConfirmed) != (b.PromotedAt != nil) {
			t.Errorf("waitlist place %d: %s (promoted %v), want %s", i+1, b.Status, b.PromotedAt, want)
		}
	}
	var promotions int
	if err := db.Get(&promotions, `SELECT count(*) FROM booking_events WHERE kind = 'promoted'`); err != nil {
		t.Fatal(err)
	}
	if promotions != 7 {
		t.Errorf("%d promotions recorded, want 7", promotions)
	}
}

func TestPromotion_TakesTheFirstPartiesThatFit(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 4})
	first := online(m, 4)
	if _, err := st.BookPlaces(ctx, first); err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, party := range []int{3, 2, 1, 2} {
		req := online(m, party)
		req.Waitlist = true
		res, err := st.BookPlaces(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, res.Reference)
	}
	// Reduce the party of 4 to 1: 3 places free. The party of 3 is first
	// in line and fits; nobody else does.
	if _, err := st.ChangeParty(ctx, model.Actor{}, store.BookingKey{TokenHash: first.TokenHash}, store.PartyChange{PartySize: 1}); err != nil {
		t.Fatal(err)
	}
	assertStatuses(t, st, refs, model.BookingConfirmed, model.BookingWaitlisted, model.BookingWaitlisted, model.BookingWaitlisted)
	// Cancel the 1: one place free; the party of 2 waits, the 1 behind it goes in.
	if _, err := st.CancelBooking(ctx, model.Actor{}, store.BookingKey{TokenHash: first.TokenHash}); err != nil {
		t.Fatal(err)
	}
	assertStatuses(t, st, refs, model.BookingConfirmed, model.BookingWaitlisted, model.BookingConfirmed, model.BookingWaitlisted)
	if c := sessionCounts(t, db, m); c.Booked != 4 || c.Waitlist != 4 {
		t.Errorf("counts %+v, want 4 booked and 4 waiting", c)
	}
}

func assertStatuses(t *testing.T, st *store.Store, refs []string, want ...model.BookingStatus) {
	t.Helper()
	for i, ref := range refs {
		b, err := st.Booking(context.Background(), store.BookingKey{Reference: ref})
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != want[i] {
			t.Errorf("party %d of %d (%s): %s, want %s", i+1, b.PartySize, ref, b.Status, want[i])
		}
	}
}

func TestBookPlaces_WalkInReserveOpensOnTime(t *testing.T) {
	rules := model.BookingRules{ReserveOpens: 2 * time.Hour}
	st, db, clk := bookingStore(t, rules)
	ctx := context.Background()
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 6, Reserve: 2, Start: start})

	clk.set(start.Add(-2*time.Hour - time.Second))
	if _, err := st.BookPlaces(ctx, online(m, 4)); err != nil {
		t.Fatal(err)
	}
	var full *model.NotEnoughPlacesError
	if _, err := st.BookPlaces(ctx, online(m, 1)); !errors.As(err, &full) || full.Left != 0 {
		t.Fatalf("online booking of a held place before it opens: %v, want none left", err)
	}
	waiter := online(m, 1)
	waiter.Waitlist = true
	if res, err := st.BookPlaces(ctx, waiter); err != nil || res.Status != model.BookingWaitlisted {
		t.Fatalf("join the waitlist: %+v, %v", res, err)
	}
	desk := online(m, 1)
	desk.Source, desk.By = model.SourceNavigator, deskActor(t, st)
	if res, err := st.BookPlaces(ctx, desk); err != nil || res.Status != model.BookingConfirmed {
		t.Fatalf("a navigator using the reserve: %+v, %v", res, err)
	}

	// At the moment the reserve opens, the next booking gives the last
	// place to the person waiting, not to the newcomer.
	clk.set(start.Add(-2 * time.Hour))
	if _, err := st.BookPlaces(ctx, online(m, 1)); !errors.As(err, &full) {
		t.Fatalf("a newcomer took the opened place ahead of the waitlist: %v", err)
	}
	if b, err := st.Booking(ctx, store.BookingKey{TokenHash: waiter.TokenHash}); err != nil || b.Status != model.BookingConfirmed {
		t.Fatalf("the person waiting: %s, %v; want confirmed", b.Status, err)
	}
	if c := sessionCounts(t, db, m); c.Booked != 6 || c.Waitlist != 0 {
		t.Errorf("counts %+v, want 6 booked", c)
	}
}

func deskActor(t *testing.T, st *store.Store) model.Actor {
	t.Helper()
	u := testutil.CreateUser(t, st, model.User{Role: model.RoleNavigator})
	return model.Actor{ID: u.ID, Name: u.Name}
}

func TestBookPlaces_OneLiveBookingPerPerson(t *testing.T) {
	st, _, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 30})
	first := online(m, 1)
	first.Email, first.Phone = "ann@example.org", "+447700900123"
	if _, err := st.BookPlaces(ctx, first); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, email, phone string }{
		{"same email", "ann@example.org", ""},
		{"same phone", "", "+447700900123"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := online(m, 1)
			req.Email, req.Phone = tc.email, tc.phone
			if _, err := st.BookPlaces(ctx, req); !errors.Is(err, model.ErrAlreadyBooked) {
				t.Errorf("second booking: %v, want ErrAlreadyBooked", err)
			}
			req.TokenHash = online(m, 1).TokenHash
			req.Waitlist = true
			if _, err := st.BookPlaces(ctx, req); !errors.Is(err, model.ErrAlreadyBooked) {
				t.Errorf("second booking asking to wait: %v, want ErrAlreadyBooked", err)
			}
		})
	}
	t.Run("at once", func(t *testing.T) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		booked := 0
		for range 20 {
			wg.Go(func() {
				req := online(m, 1)
				req.Email = "bob@example.org"
				_, err := st.BookPlaces(ctx, req)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					booked++
				case !errors.Is(err, model.ErrAlreadyBooked):
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if booked != 1 {
			t.Errorf("%d bookings for one person racing, want 1", booked)
		}
	})
	t.Run("again after cancelling", func(t *testing.T) {
		if _, err := st.CancelBooking(ctx, model.Actor{}, store.BookingKey{TokenHash: first.TokenHash}); err != nil {
			t.Fatal(err)
		}
		again := online(m, 1)
		again.Email = "ann@example.org"
		if _, err := st.BookPlaces(ctx, again); err != nil {
			t.Errorf("booking again after cancelling: %v", err)
		}
	})
}

func TestBookPlaces_ResubmittedFormBooksOnce(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 12})
	req := online(m, 2)
	var wg sync.WaitGroup
	var mu sync.Mutex
	refs := map[string]int{}
	repeats := 0
	for range 10 {
		wg.Go(func() {
			res, err := st.BookPlaces(ctx, req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Error(err)
				return
			}
			refs[res.Reference]++
			if res.Repeat {
				repeats++
			}
		})
	}
	wg.Wait()
	if len(refs) != 1 || repeats != 9 {
		t.Errorf("10 sendings of one form: references %v, %d repeats; want one reference and 9 repeats", refs, repeats)
	}
	if c := sessionCounts(t, db, m); c.Booked != 2 {
		t.Errorf("%d places booked, want 2", c.Booked)
	}
}

func TestBookPlaces_SaysWhyItCannotBook(t *testing.T) {
	rules := model.BookingRules{Cutoff: time.Hour}
	st, _, clk := bookingStore(t, rules)
	ctx := context.Background()
	start := time.Now().Add(24 * time.Hour).Truncate(time.Minute)
	open := testutil.CreateSession(t, st, testutil.Session{Start: start})
	cancelled := testutil.CreateSession(t, st, testutil.Session{Status: model.StatusCancelled})
	dropIn := testutil.CreateSession(t, st, testutil.Session{DropIn: true})
	proposed := testutil.CreateSession(t, st, testutil.Session{Status: model.StatusProposed})
	desk := deskActor(t, st)

	for _, tc := range []struct {
		name   string
		m      model.Session
		at     time.Time
		source model.BookingSource
		want   error
	}{
		{"cancelled", cancelled, time.Now(), model.SourceOnline, model.ErrSessionCancelled},
		{"drop-in", dropIn, time.Now(), model.SourceOnline, model.ErrDropIn},
		{"proposal", proposed, time.Now(), model.SourceOnline, model.ErrNotFound},
		{"online within the cut-off", open, start.Add(-time.Hour), model.SourceOnline, model.ErrBookingClosed},
		{"started", open, start, model.SourceNavigator, model.ErrBookingClosed},
		{"online before the cut-off", open, start.Add(-time.Hour - time.Second), model.SourceOnline, nil},
		{"navigator within the cut-off", open, start.Add(-time.Minute), model.SourceNavigator, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk.set(tc.at)
			req := online(tc.m, 1)
			req.Source = tc.source
			if tc.source == model.SourceNavigator {
				req.By = desk
			}
			if _, err := st.BookPlaces(ctx, req); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestChangeParty_MoreNeedsPlacesAndLessFreesThem(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 5})
	a, b := online(m, 2), online(m, 2)
	for _, r := range []store.BookingRequest{a, b} {
		if _, err := st.BookPlaces(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	var full *model.NotEnoughPlacesError
	_, err := st.ChangeParty(ctx, deskActor(t, st), store.BookingKey{TokenHash: a.TokenHash}, store.PartyChange{PartySize: 4})
	if !errors.As(err, &full) || full.Left != 1 {
		t.Fatalf("party of 2 to 4 with 1 place left: %v", err)
	}
	if _, err := st.ChangeParty(ctx, deskActor(t, st), store.BookingKey{TokenHash: a.TokenHash}, store.PartyChange{PartySize: 3}); err != nil {
		t.Fatalf("party of 2 to 3 with 1 place left: %v", err)
	}
	if c := sessionCounts(t, db, m); c.Booked != 5 {
		t.Errorf("%d booked, want 5", c.Booked)
	}
	if _, err := st.CancelBooking(ctx, model.Actor{}, store.BookingKey{TokenHash: b.TokenHash}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CancelBooking(ctx, model.Actor{}, store.BookingKey{TokenHash: b.TokenHash}); !errors.Is(err, model.ErrBookingCancelled) {
		t.Errorf("cancelling twice: %v", err)
	}
	if c := sessionCounts(t, db, m); c.Booked != 3 {
		t.Errorf("%d booked after cancelling 2, want 3", c.Booked)
	}
}

func TestRecordWalkIns_TodayAndWithinCapacity(t *testing.T) {
	st, db, clk := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	loc := testutil.London(t)
	today := time.Date(2027, 3, 2, 0, 0, 0, 0, loc)
	clk.set(today.Add(9 * time.Hour))
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 5, Reserve: 2, Start: today.Add(14 * time.Hour)})
	dropIn := testutil.CreateSession(t, st, testutil.Session{DropIn: true, Start: today.Add(10 * time.Hour)})
	tomorrow := testutil.CreateSession(t, st, testutil.Session{Start: today.Add(34 * time.Hour)})
	desk := deskActor(t, st)
	w := func(m model.Session, n int) store.WalkIns {
		return store.WalkIns{SessionPublicID: m.PublicID, Count: n, DayStart: today, DayEnd: today.AddDate(0, 0, 1)}
	}
	if _, err := st.RecordWalkIns(ctx, desk, w(m, 4)); err != nil {
		t.Fatal(err)
	}
	var full *model.NotEnoughPlacesError
	if _, err := st.RecordWalkIns(ctx, desk, w(m, 2)); !errors.As(err, &full) || full.Left != 1 {
		t.Errorf("2 walk-ins with 1 place left: %v", err)
	}
	if _, err := st.RecordWalkIns(ctx, desk, w(dropIn, 40)); err != nil {
		t.Errorf("40 walk-ins at a drop-in with no limit: %v", err)
	}
	if _, err := st.RecordWalkIns(ctx, desk, w(tomorrow, 1)); !errors.Is(err, model.ErrNotToday) {
		t.Errorf("walk-ins for tomorrow: %v", err)
	}
	if c := sessionCounts(t, db, m); c.Booked != 4 {
		t.Errorf("%d places taken, want 4", c.Booked)
	}
}

func TestSetCapacity_MorePlacesPromote(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 2})
	for i, party := range []int{2, 1, 2} {
		req := online(m, party)
		req.Waitlist = i > 0
		if _, err := st.BookPlaces(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	staff := model.Actor{ID: testutil.CreateUser(t, st, model.User{Role: model.RoleStaff}).ID, Name: "Sam"}
	var below *store.BelowBookedError
	if _, err := st.SetCapacity(ctx, staff, m.PublicID, store.Version(m.UpdatedAt), 1, 0); !errors.As(err, &below) {
		t.Errorf("capacity below the places booked: %v", err)
	}
	if n, err := st.SetCapacity(ctx, staff, m.PublicID, store.Version(m.UpdatedAt), 5, 0); err != nil || n != 3 {
		t.Fatalf("raising capacity to 5: %d promoted, %v; want the 3 waiting", n, err)
	}
	if c := sessionCounts(t, db, m); c.Booked != 5 || c.Waitlist != 0 {
		t.Errorf("after raising capacity to 5: %+v, want everyone in", c)
	}
	if _, err := st.SetCapacity(ctx, staff, m.PublicID, store.Version(m.UpdatedAt), 6, 0); !errors.Is(err, model.ErrConflict) {
		t.Errorf("a stale form: %v, want ErrConflict", err)
	}
}

func TestBooking_ManageLinkExpires(t *testing.T) {
	st, _, clk := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{})
	req := online(m, 1)
	if _, err := st.BookPlaces(ctx, req); err != nil {
		t.Fatal(err)
	}
	k := store.BookingKey{TokenHash: req.TokenHash}
	clk.set(m.EndsAt.Add(29 * 24 * time.Hour))
	if _, err := st.Booking(ctx, k); err != nil {
		t.Errorf("29 days after the session: %v", err)
	}
	clk.set(m.EndsAt.Add(31 * 24 * time.Hour))
	if _, err := st.Booking(ctx, k); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("31 days after the session: %v, want not found", err)
	}
}

func TestBookPlaces_FormSentAgainForTheLastPlacesFindsItsBooking(t *testing.T) {
	rules := model.BookingRules{Cutoff: time.Hour}
	st, db, clk := bookingStore(t, rules)
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 2, Start: time.Now().Add(3 * time.Hour).Truncate(time.Minute)})
	req := online(m, 2)
	var wg sync.WaitGroup
	results := make([]store.BookingResult, 2)
	errs := make([]error, 2)
	for i := range 2 { // a double click for the last places
		wg.Go(func() { results[i], errs[i] = st.BookPlaces(ctx, req) })
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil || results[i].Status != model.BookingConfirmed || results[i].Reference != results[0].Reference {
			t.Errorf("sending %d: %+v, %v; want the one booking", i+1, results[i], errs[i])
		}
	}
	clk.set(m.StartsAt.Add(-time.Minute)) // after the cut-off
	if res, err := st.BookPlaces(ctx, req); err != nil || !res.Repeat {
		t.Errorf("sent again after booking closed: %+v, %v; want the booking", res, err)
	}
	if c := sessionCounts(t, db, m); c.Booked != 2 {
		t.Errorf("%d booked, want 2", c.Booked)
	}
}

func TestBookPlaces_FormReusedForSomeoneElseIsRefused(t *testing.T) {
	st, _, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 10})
	first := online(m, 1)
	if _, err := st.BookPlaces(ctx, first); err != nil {
		t.Fatal(err)
	}
	other := first
	other.Name, other.Email = "Someone Else", "else@example.org"
	if res, err := st.BookPlaces(ctx, other); !errors.Is(err, model.ErrFormUsed) {
		t.Errorf("the same form for someone else: %+v, %v; want ErrFormUsed", res, err)
	}
}

func TestChangeParty_GrowingDoesNotJumpTheWaitlist(t *testing.T) {
	rules := model.BookingRules{ReserveOpens: time.Hour}
	st, db, clk := bookingStore(t, rules)
	ctx := context.Background()
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 10, Reserve: 2, Start: start})
	clk.set(start.Add(-2 * time.Hour))
	grower := online(m, 4)
	if _, err := st.BookPlaces(ctx, grower); err != nil {
		t.Fatal(err)
	}
	if _, err := st.BookPlaces(ctx, online(m, 4)); err != nil {
		t.Fatal(err)
	}
	waiter := online(m, 2)
	waiter.Waitlist = true
	if res, err := st.BookPlaces(ctx, waiter); err != nil || res.Status != model.BookingWaitlisted {
		t.Fatalf("wait: %+v, %v", res, err)
	}
	// The reserve opens: its 2 places belong to the person waiting, not to
	// a party growing at the desk.
	clk.set(start.Add(-time.Hour))
	var full *model.NotEnoughPlacesError
	_, err := st.ChangeParty(ctx, deskActor(t, st), store.BookingKey{TokenHash: grower.TokenHash}, store.PartyChange{PartySize: 6})
	if !errors.As(err, &full) || full.Left != 0 {
		t.Errorf("growing by 2 when the 2 free places are owed to the waitlist: %v", err)
	}
	if b, _ := st.Booking(ctx, store.BookingKey{TokenHash: waiter.TokenHash}); b.Status != model.BookingConfirmed {
		t.Errorf("the person waiting is %s, want confirmed", b.Status)
	}
	if c := sessionCounts(t, db, m); c.Booked != 10 || c.Waitlist != 0 {
		t.Errorf("counts %+v, want 10 booked", c)
	}
}

func TestRecordWalkIns_PromotesFirstWhenTheReserveHasOpened(t *testing.T) {
	rules := model.BookingRules{ReserveOpens: time.Hour}
	st, _, clk := bookingStore(t, rules)
	ctx := context.Background()
	loc := testutil.London(t)
	start := time.Date(2027, 6, 9, 14, 0, 0, 0, loc)
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 4, Reserve: 2, Start: start})
	clk.set(start.Add(-3 * time.Hour))
	if _, err := st.BookPlaces(ctx, online(m, 2)); err != nil {
		t.Fatal(err)
	}
	waiter := online(m, 2)
	waiter.Waitlist = true
	if _, err := st.BookPlaces(ctx, waiter); err != nil {
		t.Fatal(err)
	}
	clk.set(start.Add(-30 * time.Minute))
	day := time.Date(2027, 6, 9, 0, 0, 0, 0, loc)
	var full *model.NotEnoughPlacesError
	_, err := st.RecordWalkIns(ctx, deskActor(t, st), store.WalkIns{SessionPublicID: m.PublicID, Count: 2, DayStart: day, DayEnd: day.AddDate(0, 0, 1)})
	if !errors.As(err, &full) {
		t.Errorf("walk-ins took the places owed to the waitlist: %v", err)
	}
	if b, _ := st.Booking(ctx, store.BookingKey{TokenHash: waiter.TokenHash}); b.Status != model.BookingConfirmed {
		t.Errorf("the person waiting is %s, want confirmed", b.Status)
	}
}

func TestReinstateSession_PromotesFromTheWaitlist(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 2})
	holder := online(m, 2)
	if _, err := st.BookPlaces(ctx, holder); err != nil {
		t.Fatal(err)
	}
	waiter := online(m, 1)
	waiter.Waitlist = true
	if _, err := st.BookPlaces(ctx, waiter); err != nil {
		t.Fatal(err)
	}
	staff := model.Actor{ID: testutil.CreateUser(t, st, model.User{Role: model.RoleStaff}).ID, Name: "Sam"}
	if _, err := st.CancelSession(ctx, staff, m.PublicID, "Flood"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CancelBooking(ctx, staff, store.BookingKey{TokenHash: holder.TokenHash}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReinstateSession(ctx, staff, m.PublicID); err != nil {
		t.Fatal(err)
	}
	if c := sessionCounts(t, db, m); c.Booked != 1 || c.Waitlist != 0 {
		t.Errorf("after reinstating: %+v, want the person waiting booked", c)
	}
}

func TestUpdateSession_RefusesToLeaveBookingsWithoutPlaces(t *testing.T) {
	st, _, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 5})
	if _, err := st.BookPlaces(ctx, online(m, 3)); err != nil {
		t.Fatal(err)
	}
	staff := model.Actor{ID: testutil.CreateUser(t, st, model.User{Role: model.RoleStaff}).ID, Name: "Sam"}
	fields := store.NewSession{Title: m.Title, ThemeID: m.Theme.ID, AudienceID: m.Audience.ID, VenueID: m.Venue.ID,
		StartsAt: m.StartsAt, EndsAt: m.EndsAt, BookingRequired: true, Capacity: new(2)}
	var below *store.BelowBookedError
	if _, err := st.UpdateSession(ctx, staff, m.PublicID, store.SessionEdit{Fields: fields, Version: store.Version(m.UpdatedAt)}, nil); !errors.As(err, &below) {
		t.Errorf("2 places for 3 booked: %v, want BelowBookedError", err)
	}
	fields.BookingRequired, fields.Capacity = false, nil
	if _, err := st.UpdateSession(ctx, staff, m.PublicID, store.SessionEdit{Fields: fields, Version: store.Version(m.UpdatedAt)}, nil); !errors.As(err, &below) {
		t.Errorf("made a drop-in with 3 booked: %v, want BelowBookedError", err)
	}
}

// When a walk-in reserve opens, the periodic job gives its places to the
// people waiting, with their "a place came up" emails queued, without
// waiting for someone to act on the session; sessions not yet open, or
// with nobody waiting, are left alone.
func TestPromoteWhereReserveOpened_GivesTheOpenedPlacesToTheWaitlist(t *testing.T) {
	rules := model.BookingRules{ReserveOpens: 2 * time.Hour}
	st, db, clk := bookingStore(t, rules)
	ctx := context.Background()
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 4, Reserve: 2, Start: start})
	later := testutil.CreateSession(t, st, testutil.Session{Capacity: 4, Reserve: 2, Start: start.Add(3 * time.Hour)})

	clk.set(start.Add(-3 * time.Hour))
	var waiters []store.BookingRequest
	for _, s := range []model.Session{m, later} {
		if _, err := st.BookPlaces(ctx, online(s, 2)); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			w := online(s, 1)
			w.Waitlist = true
			if res, err := st.BookPlaces(ctx, w); err != nil || res.Status != model.BookingWaitlisted {
				t.Fatalf("join the waitlist: %+v, %v", res, err)
			}
			waiters = append(waiters, w)
		}
	}
	if n, err := st.PromoteWhereReserveOpened(ctx); err != nil || n != 0 {
		t.Fatalf("before any reserve opens: %d promoted, %v", n, err)
	}

	clk.set(start.Add(-2 * time.Hour))
	if n, err := st.PromoteWhereReserveOpened(ctx); err != nil || n != 2 {
		t.Fatalf("as the first reserve opens: %d promoted, %v; want 2", n, err)
	}
	want := []model.BookingStatus{model.BookingConfirmed, model.BookingConfirmed, model.BookingWaitlisted,
		model.BookingWaitlisted, model.BookingWaitlisted, model.BookingWaitlisted}
	for i, w := range waiters {
		if b, err := st.Booking(ctx, store.BookingKey{TokenHash: w.TokenHash}); err != nil || b.Status != want[i] {
			t.Errorf("waiter %d: %s, %v; want %s", i, b.Status, err, want[i])
		}
	}
	if c := sessionCounts(t, db, m); c.Booked != 4 || c.Waitlist != 1 || c.ConfirmedSum != 4 {
		t.Errorf("counts %+v", c)
	}
	var promotedMail int
	if err := db.Get(&promotedMail, `SELECT count(*) FROM river_job WHERE kind = 'mail' AND args->>'message' = 'promoted'`); err != nil || promotedMail != 2 {
		t.Errorf("%d 'a place came up' emails queued (%v), want 2", promotedMail, err)
	}
	// Run again: nothing more fits.
	if n, err := st.PromoteWhereReserveOpened(ctx); err != nil || n != 0 {
		t.Errorf("a second run promoted %d, %v", n, err)
	}
}
