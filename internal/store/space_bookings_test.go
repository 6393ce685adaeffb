package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// spaceStore is a store whose space bookings are checked in London time.
func spaceStore(t *testing.T) (*store.Store, *sqlx.DB) {
	t.Helper()
	db := pgtest.New(t)
	return store.New(db).WithBooking(model.BookingRules{Location: testutil.London(t), SpaceMaxLength: 12 * time.Hour}, nil), db
}

// day is a whole hour in London some days ahead, on a Tuesday.
func day(t *testing.T, hour, minute int) time.Time {
	loc := testutil.London(t)
	d := time.Now().In(loc).AddDate(0, 0, 7)
	for d.Weekday() != time.Tuesday {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, loc)
}

var booker = model.Actor{Name: "Sam"}

func bookSpace(st *store.Store, sp model.Space, from, to time.Time, purpose string) (model.SpaceBooking, error) {
	return st.BookSpace(context.Background(), booker, store.SpaceBookingRequest{SpaceID: sp.ID, Purpose: purpose, StartsAt: from, EndsAt: to})
}

func TestBookSpace_ConcurrentOverlappingBookingsNeverOverlap(t *testing.T) {
	st, _ := spaceStore(t)
	ctx := context.Background()
	room := testutil.CreateSpace(t, st, testutil.CreateVenue(t, st, model.Venue{}), model.Space{})
	start := day(t, 9, 0)
	const n = 50
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		from := start.Add(time.Duration(i%10) * 15 * time.Minute)
		wg.Go(func() { _, errs[i] = bookSpace(st, room, from, from.Add(time.Hour), "Meeting") })
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		var clash *model.Clash
		switch {
		case err == nil:
			won++
		case errors.As(err, &clash):
			if !clash.With.Status.Live() || clash.With.Space.ID != room.ID {
				t.Errorf("attempt %d: clash with %+v", i, clash.With)
			}
		case errors.Is(err, model.ErrClash):
		default:
			t.Errorf("attempt %d: %v", i, err)
		}
	}
	live, err := st.SpaceBookingsAt(ctx, room.VenueID, start.Add(-time.Hour), start.Add(6*time.Hour), nil)
	if err != nil {
		t.Fatal(err)
	}
	if won == 0 || won != len(live) {
		t.Fatalf("%d bookings succeeded, %d live", won, len(live))
	}
	for i := 1; i < len(live); i++ {
		if live[i].StartsAt.Before(live[i-1].EndsAt) {
			t.Errorf("overlap: %v-%v and %v-%v", live[i-1].StartsAt, live[i-1].EndsAt, live[i].StartsAt, live[i].EndsAt)
		}
	}
}

func TestBookSpace_ARoomAndItsZonesBlockEachOther(t *testing.T) {
	st, _ := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	stage := testutil.CreateSpace(t, st, v, model.Space{Name: "Stage", Kind: model.SpaceZone, ParentID: &hall.ID})
	corner := testutil.CreateSpace(t, st, v, model.Space{Name: "Corner", Kind: model.SpaceZone, ParentID: &hall.ID})
	from, to := day(t, 10, 0), day(t, 11, 0)

	if _, err := bookSpace(st, stage, from, to, "Rehearsal"); err != nil {
		t.Fatal(err)
	}
	if _, err := bookSpace(st, corner, from, to, "Craft table"); err != nil {
		t.Errorf("a second zone of the same room at once: %v", err)
	}
	_, err := bookSpace(st, hall, from.Add(30*time.Minute), to.Add(time.Hour), "Whole hall")
	var clash *model.Clash
	if !errors.As(err, &clash) || clash.With.Purpose != "Rehearsal" {
		t.Fatalf("the whole room while a zone is booked: %v, want a clash with the rehearsal", err)
	}
	if msg := err.Error(); msg != "Hall is already booked at that time: Rehearsal, "+from.Format("Monday 2 January")+", 10:00 to 11:00" &&
		msg != "Stage is already booked at that time: Rehearsal, "+from.Format("Monday 2 January")+", 10:00 to 11:00" {
		t.Errorf("message %q", msg)
	}

	// And the other way: the whole room first, then a zone.
	later, laterEnd := day(t, 14, 0), day(t, 16, 0)
	if _, err := bookSpace(st, hall, later, laterEnd, "Whole hall"); err != nil {
		t.Fatal(err)
	}
	if _, err := bookSpace(st, corner, later.Add(time.Hour), laterEnd.Add(time.Hour), "Craft table"); !errors.As(err, &clash) || clash.With.Purpose != "Whole hall" {
		t.Errorf("a zone while the whole room is booked: %v", err)
	}
	// A zone added to the room later is taken while the room is.
	annex := testutil.CreateSpace(t, st, v, model.Space{Name: "Annex", Kind: model.SpaceZone, ParentID: &hall.ID})
	if _, err := bookSpace(st, annex, later, laterEnd, "Quiet corner"); !errors.Is(err, model.ErrClash) {
		t.Errorf("a zone added to a booked room: %v, want a clash", err)
	}
}

func TestBookSpace_BackToBackIsFineAndBuffersAreKept(t *testing.T) {
	st, db := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	plain := testutil.CreateSpace(t, st, v, model.Space{Name: "Room 1"})
	if _, err := bookSpace(st, plain, day(t, 10, 0), day(t, 11, 0), "First"); err != nil {
		t.Fatal(err)
	}
	if _, err := bookSpace(st, plain, day(t, 11, 0), day(t, 12, 0), "Second"); err != nil {
		t.Errorf("11:00-12:00 after 10:00-11:00: %v", err)
	}

	kitchen := testutil.CreateSpace(t, st, v, model.Space{Name: "Kitchen"})
	mustExec(t, db, `UPDATE spaces SET setup_minutes = 15, cleardown_minutes = 30 WHERE id = $1`, kitchen.ID)
	if _, err := bookSpace(st, kitchen, day(t, 10, 0), day(t, 11, 0), "Cooking"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		from, to time.Time
		ok       bool
	}{
		{day(t, 11, 0), day(t, 12, 0), false},  // in the clear-down
		{day(t, 11, 30), day(t, 12, 0), false}, // its set-up meets the clear-down
		{day(t, 11, 45), day(t, 12, 30), true}, // set-up from 11:30, after the clear-down
		{day(t, 9, 0), day(t, 9, 30), false},   // its clear-down runs into the set-up
		{day(t, 8, 30), day(t, 9, 15), true},   // clear-down to 09:45, then set-up
	} {
		_, err := bookSpace(st, kitchen, tc.from, tc.to, "Another")
		if tc.ok != (err == nil) {
			t.Errorf("%s-%s: %v", tc.from.Format("15:04"), tc.to.Format("15:04"), err)
		}
	}
}

func TestBookSpace_RefusesWhatCannotBeBookedWithTheReason(t *testing.T) {
	st, db := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	room := testutil.CreateSpace(t, st, v, model.Space{Name: "Room", Capacity: 12})
	// Open 09:00-17:00 on weekdays.
	for wd := 1; wd <= 5; wd++ {
		mustExec(t, db, `INSERT INTO opening_hours (venue_id, weekday, opens, closes) VALUES ($1, $2, '09:00', '17:00')`, v.ID, wd)
	}
	past := time.Now().Add(-48 * time.Hour)
	for _, tc := range []struct {
		name     string
		from, to time.Time
		people   int
		field    string
	}{
		{"end before start", day(t, 11, 0), day(t, 10, 0), 0, "ends_at"},
		{"no length", day(t, 10, 0), day(t, 10, 0), 0, "ends_at"},
		{"in the past", past, past.Add(time.Hour), 0, "starts_at"},
		{"longer than the most", day(t, 9, 0), day(t, 9, 0).Add(13 * time.Hour), 0, "ends_at"},
		{"more people than it holds", day(t, 10, 0), day(t, 11, 0), 13, "attendees"},
		{"before it opens", day(t, 8, 0), day(t, 10, 0), 0, "starts_at"},
		{"across midnight", day(t, 16, 0), day(t, 16, 0).Add(10 * time.Hour), 0, "ends_at"},
		{"on a Sunday", day(t, 10, 0).AddDate(0, 0, 5), day(t, 11, 0).AddDate(0, 0, 5), 0, "starts_at"},
	} {
		req := store.SpaceBookingRequest{SpaceID: room.ID, Purpose: "Meeting", StartsAt: tc.from, EndsAt: tc.to}
		if tc.people > 0 {
			req.Attendees = &tc.people
		}
		_, err := st.BookSpace(context.Background(), booker, req)
		var refused *store.SpaceRefused
		if !errors.As(err, &refused) || refused.Field != tc.field {
			t.Errorf("%s: %v, want a refusal of %s", tc.name, err, tc.field)
		}
	}
	people := 12
	if _, err := st.BookSpace(context.Background(), booker, store.SpaceBookingRequest{SpaceID: room.ID, Purpose: "Meeting",
		StartsAt: day(t, 9, 0), EndsAt: day(t, 17, 0), Attendees: &people}); err != nil {
		t.Errorf("09:00-17:00 for 12: %v", err)
	}
}

func TestClosure_BlocksBookingsOfEverySpaceWithin(t *testing.T) {
	st, _ := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	stage := testutil.CreateSpace(t, st, v, model.Space{Name: "Stage", Kind: model.SpaceZone, ParentID: &hall.ID})
	if _, err := st.BookSpace(context.Background(), booker, store.SpaceBookingRequest{SpaceID: hall.ID, Kind: model.SpaceClosed,
		Purpose: "Building works", StartsAt: day(t, 0, 0), EndsAt: day(t, 0, 0).AddDate(0, 0, 1)}); err != nil {
		t.Fatal(err)
	}
	_, err := bookSpace(st, stage, day(t, 10, 0), day(t, 11, 0), "Rehearsal")
	if !errors.Is(err, model.ErrClash) || err.Error() == "" {
		t.Fatalf("booking a closed zone: %v", err)
	}
	if want := "closed: Building works"; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err.Error(), want)
	}
}

func TestSession_HoldsItsSpaceAndAMoveOntoABookedSpaceIsRefused(t *testing.T) {
	st, _ := spaceStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	a := testutil.CreateSpace(t, st, v, model.Space{Name: "Room A"})
	b := testutil.CreateSpace(t, st, v, model.Space{Name: "Room B"})
	m := testutil.CreateSession(t, st, testutil.Session{Title: "Job club", Venue: v, Space: &a, Start: day(t, 10, 0)})
	// The session holds Room A: a booking there is refused, naming it.
	_, err := bookSpace(st, a, day(t, 10, 30), day(t, 11, 30), "Meeting")
	var clash *model.Clash
	if !errors.As(err, &clash) || clash.With.Kind != model.SpaceForSession || clash.With.SessionPublicID != m.PublicID {
		t.Fatalf("booking a session's room: %v", err)
	}
	if _, err := bookSpace(st, b, day(t, 10, 0), day(t, 11, 0), "Meeting"); err != nil {
		t.Fatal(err)
	}
	staff := model.Actor{ID: testutil.CreateUser(t, st, model.User{Role: model.RoleStaff}).ID, Name: "Sam"}
	fields := store.NewSession{Title: m.Title, ThemeID: m.Theme.ID, AudienceID: m.Audience.ID, VenueID: v.ID, SpaceID: &b.ID,
		StartsAt: m.StartsAt, EndsAt: m.EndsAt, BookingRequired: true, Capacity: m.Capacity}
	_, err = st.UpdateSession(ctx, staff, m.PublicID, store.SessionEdit{Fields: fields, Version: store.Version(m.UpdatedAt)}, nil)
	if !errors.As(err, &clash) || clash.With.Purpose != "Meeting" {
		t.Fatalf("moving the session onto a booked room: %v, want a clash naming the meeting", err)
	}
	after, err := st.Session(ctx, m.PublicID)
	if err != nil || after.Space == nil || after.Space.ID != a.ID || !after.UpdatedAt.Equal(m.UpdatedAt) {
		t.Errorf("the session changed: %+v, %v", after.Space, err)
	}
	// Cancelling the session frees Room A.
	if _, err := st.CancelSession(ctx, staff, m.PublicID, "Snow"); err != nil {
		t.Fatal(err)
	}
	if _, err := bookSpace(st, a, day(t, 10, 30), day(t, 11, 30), "Meeting"); err != nil {
		t.Errorf("booking the room of a cancelled session: %v", err)
	}
}

func TestSpaceBookings_PartnersSeeOnlyTheirOwnPurposesAndChangeOnlyTheirOwn(t *testing.T) {
	st, _ := spaceStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	room := testutil.CreateSpace(t, st, v, model.Space{})
	ours := testutil.CreatePartner(t, st, model.Partner{})
	theirs := testutil.CreatePartner(t, st, model.Partner{})
	mine, err := st.BookSpace(ctx, booker, store.SpaceBookingRequest{SpaceID: room.ID, PartnerID: &ours.ID, Purpose: "Debt clinic",
		StartsAt: day(t, 10, 0), EndsAt: day(t, 11, 0)})
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.BookSpace(ctx, booker, store.SpaceBookingRequest{SpaceID: room.ID, PartnerID: &theirs.ID, Purpose: "Confidential case review",
		StartsAt: day(t, 12, 0), EndsAt: day(t, 13, 0)})
	if err != nil {
		t.Fatal(err)
	}
	seen, err := st.SpaceBookingsAt(ctx, v.ID, day(t, 0, 0), day(t, 23, 0), &store.PartnerScope{PartnerID: ours.ID})
	if err != nil {
		t.Fatal(err)
	}
	var purposes []string
	for _, b := range seen {
		purposes = append(purposes, b.Purpose)
	}
	if want := []string{"Debt clinic", "Booked"}; !slices.Equal(purposes, want) {
		t.Errorf("a partner sees %q, want %q", purposes, want)
	}
	if err := st.CancelSpaceBooking(ctx, booker, other.PublicID, &store.PartnerScope{PartnerID: ours.ID}); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("cancelling another partner's booking: %v", err)
	}
	if err := st.CancelSpaceBooking(ctx, booker, mine.PublicID, &store.PartnerScope{PartnerID: ours.ID}); err != nil {
		t.Errorf("cancelling its own: %v", err)
	}
	staffView, err := st.SpaceBooking(ctx, other.PublicID, nil)
	if err != nil || staffView.Purpose != "Confidential case review" || staffView.Status != model.SpaceConfirmed {
		t.Errorf("staff see %+v, %v", staffView, err)
	}
}

func TestDecideSpaceBooking_WaitingRequestsHoldTheirSlotUntilDeclined(t *testing.T) {
	st, _ := spaceStore(t)
	ctx := context.Background()
	room := testutil.CreateSpace(t, st, testutil.CreateVenue(t, st, model.Venue{}), model.Space{})
	p := testutil.CreatePartner(t, st, model.Partner{})
	asked, err := st.BookSpace(ctx, booker, store.SpaceBookingRequest{SpaceID: room.ID, PartnerID: &p.ID, Status: model.SpaceRequested,
		Purpose: "Benefits surgery", StartsAt: day(t, 10, 0), EndsAt: day(t, 12, 0)})
	if err != nil {
		t.Fatal(err)
	}
	var clash *model.Clash
	if _, err := bookSpace(st, room, day(t, 11, 0), day(t, 13, 0), "Staff training"); !errors.As(err, &clash) || clash.With.Status != model.SpaceRequested {
		t.Fatalf("booking over a waiting request: %v", err)
	}
	var refused *store.SpaceRefused
	if err := st.DecideSpaceBooking(ctx, booker, asked.PublicID, false, " "); !errors.As(err, &refused) {
		t.Errorf("declining without a reason: %v", err)
	}
	if err := st.DecideSpaceBooking(ctx, booker, asked.PublicID, false, "The room is being painted."); err != nil {
		t.Fatal(err)
	}
	if err := st.DecideSpaceBooking(ctx, booker, asked.PublicID, true, ""); !errors.Is(err, model.ErrConflict) {
		t.Errorf("approving a declined request: %v", err)
	}
	if _, err := bookSpace(st, room, day(t, 11, 0), day(t, 13, 0), "Staff training"); err != nil {
		t.Errorf("the slot of a declined request: %v", err)
	}
}

func TestBookSpace_ConcurrentBookingsOfARoomAndItsZonesNeverClash(t *testing.T) {
	st, db := spaceStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	zones := []model.Space{hall}
	for _, name := range []string{"Stage", "Corner", "Annex"} {
		zones = append(zones, testutil.CreateSpace(t, st, v, model.Space{Name: name, Kind: model.SpaceZone, ParentID: &hall.ID}))
	}
	start := day(t, 9, 0)
	const n = 60
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		sp := zones[i%len(zones)]
		from := start.Add(time.Duration(i%7) * 20 * time.Minute)
		wg.Go(func() { _, errs[i] = bookSpace(st, sp, from, from.Add(time.Hour), "Use") })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil && !errors.Is(err, model.ErrClash) {
			t.Errorf("attempt %d: %v", i, err)
		}
	}
	// No two live bookings overlap where one's space is the other's, or
	// holds it.
	var clashes int
	if err := db.Get(&clashes, `
		SELECT count(*) FROM space_bookings a JOIN space_bookings b ON a.id < b.id
		JOIN spaces sa ON sa.id = a.space_id JOIN spaces sb ON sb.id = b.space_id
		WHERE a.status IN ('requested', 'confirmed') AND b.status IN ('requested', 'confirmed')
		  AND a.during && b.during
		  AND (a.space_id = b.space_id OR sa.parent_id = b.space_id OR sb.parent_id = a.space_id)`); err != nil {
		t.Fatal(err)
	}
	var live int
	if err := db.Get(&live, `SELECT count(*) FROM space_bookings WHERE status = 'confirmed'`); err != nil {
		t.Fatal(err)
	}
	if clashes != 0 || live == 0 {
		t.Errorf("%d clashing pairs among %d live bookings", clashes, live)
	}
}

func TestSpaces_MovedInOrOutOfARoomTakeTheirClaimsWithThem(t *testing.T) {
	st, _ := spaceStore(t)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	hall := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall", Slug: "hall-" + v.Slug})
	corner := testutil.CreateSpace(t, st, v, model.Space{Name: "Corner", Slug: "corner-" + v.Slug, Kind: model.SpaceZone, ParentID: &hall.ID})
	booth := testutil.CreateSpace(t, st, v, model.Space{Name: "Booth", Slug: "booth-" + v.Slug, Kind: model.SpaceZone})
	if _, err := bookSpace(st, hall, day(t, 10, 0), day(t, 12, 0), "Whole hall"); err != nil {
		t.Fatal(err)
	}
	move := func(sp model.Space, parent *int64) error {
		t.Helper()
		current, version, err := st.SpaceForEdit(ctx, sp.Slug)
		if err != nil {
			t.Fatal(err)
		}
		current.ParentID = parent
		_, err = st.UpdateSpace(ctx, booker, sp.Slug, version, current)
		return err
	}
	// Out of the hall: the corner is free while the hall is booked.
	if err := move(corner, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := bookSpace(st, corner, day(t, 10, 0), day(t, 11, 0), "Corner meeting"); err != nil {
		t.Errorf("a zone moved out of a booked room: %v", err)
	}
	// Into the hall with a booking in the way: refused, naming it.
	if err := move(corner, &hall.ID); !errors.Is(err, model.ErrClash) {
		t.Errorf("moving a booked zone into a room booked at the same time: %v, want a clash", err)
	}
	// Into the hall with nothing in the way: then taken while the hall is.
	if err := move(booth, &hall.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := bookSpace(st, booth, day(t, 11, 0), day(t, 11, 30), "Booth"); !errors.Is(err, model.ErrClash) {
		t.Errorf("a zone moved into a booked room: %v, want a clash", err)
	}
}
