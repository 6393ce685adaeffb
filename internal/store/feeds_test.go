package store_test

import (
	"context"
	"errors"
	"slices"
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

// feedFilter is f with the bounds a feed read at now would have.
func feedFilter(f model.FeedFilter, now time.Time) model.FeedFilter {
	f.Since = now.AddDate(0, 0, -90)
	f.CalledOffSince = now.AddDate(0, 0, -30)
	return f
}

func feedTitles(t *testing.T, st *store.Store, f model.FeedFilter) []string {
	t.Helper()
	sessions, err := st.FeedSessions(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(sessions))
	for i, m := range sessions {
		out[i] = m.Title
	}
	return out
}

func TestFeedSessions_KeepHistoryAndCancellationsForAWhile(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	now := time.Now().Truncate(time.Second)
	v := testutil.CreateVenue(t, st, model.Venue{})
	at := func(days int) time.Time { return now.AddDate(0, 0, days) }
	testutil.CreateSession(t, st, testutil.Session{Title: "Long ago", Venue: v, Start: at(-91)})
	testutil.CreateSession(t, st, testutil.Session{Title: "Last month", Venue: v, Start: at(-31)})
	testutil.CreateSession(t, st, testutil.Session{Title: "Next week", Venue: v, Start: at(7)})
	testutil.CreateSession(t, st, testutil.Session{Title: "Next year", Venue: v, Start: at(360)})
	testutil.CreateSession(t, st, testutil.Session{Title: "Called off lately", Venue: v, Start: at(5), Status: model.StatusCancelled})
	old := testutil.CreateSession(t, st, testutil.Session{Title: "Called off long ago", Venue: v, Start: at(6), Status: model.StatusCancelled})
	testutil.CreateSession(t, st, testutil.Session{Title: "Proposed", Venue: v, Start: at(8), Status: model.StatusProposed})
	testutil.CreateSession(t, st, testutil.Session{Title: "Declined", Venue: v, Start: at(9), Status: model.StatusDeclined})
	mustExec(t, db, `UPDATE programme_sessions SET cancelled_at = now() - interval '31 days' WHERE id = $1`, old.ID)

	public := feedTitles(t, st, feedFilter(model.FeedFilter{VenueID: v.ID}, now))
	if want := []string{"Last month", "Called off lately", "Next week", "Next year"}; !slices.Equal(public, want) {
		t.Errorf("public feed %q, want %q", public, want)
	}
	private := feedTitles(t, st, feedFilter(model.FeedFilter{VenueID: v.ID, Private: true}, now))
	if want := []string{"Last month", "Called off lately", "Next week", "Proposed", "Declined", "Next year"}; !slices.Equal(private, want) {
		t.Errorf("private feed %q, want %q", private, want)
	}
}

func mustExec(t *testing.T, db *sqlx.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}

func TestFeedSessions_ASpaceIsBusyWhenItsRoomOrItsZonesAre(t *testing.T) {
	st := newStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	room := testutil.CreateSpace(t, st, v, model.Space{Name: "Hall"})
	stage := testutil.CreateSpace(t, st, v, model.Space{Name: "Stage", Kind: model.SpaceZone, ParentID: &room.ID})
	corner := testutil.CreateSpace(t, st, v, model.Space{Name: "Corner", Kind: model.SpaceZone, ParentID: &room.ID})
	other := testutil.CreateSpace(t, st, v, model.Space{Name: "Other room"})
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	for i, sp := range []model.Space{room, stage, corner, other} {
		testutil.CreateSession(t, st, testutil.Session{Title: "In " + sp.Name, Venue: v, Space: &sp, Start: start.Add(time.Duration(i) * time.Hour)})
	}
	testutil.CreateSession(t, st, testutil.Session{Title: "Nowhere in particular", Venue: v, Start: start})
	for _, tc := range []struct {
		space model.Space
		want  []string
	}{
		{room, []string{"In Hall", "In Stage", "In Corner"}},
		{stage, []string{"In Hall", "In Stage"}},
		{other, []string{"In Other room"}},
	} {
		got := feedTitles(t, st, feedFilter(model.FeedFilter{SpaceID: tc.space.ID}, time.Now()))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.space.Name, got, tc.want)
		}
	}
}

func TestFeedSessions_APartnerSeesOnlyItsOwn(t *testing.T) {
	st := newStore(t)
	v := testutil.CreateVenue(t, st, model.Venue{})
	ours := testutil.CreatePartner(t, st, model.Partner{})
	theirs := testutil.CreatePartner(t, st, model.Partner{})
	testutil.CreateSession(t, st, testutil.Session{Title: "Ours", Venue: v, Partner: &ours})
	testutil.CreateSession(t, st, testutil.Session{Title: "Our idea", Venue: v, Partner: &ours, Status: model.StatusProposed})
	testutil.CreateSession(t, st, testutil.Session{Title: "Theirs", Venue: v, Partner: &theirs})
	testutil.CreateSession(t, st, testutil.Session{Title: "The library's", Venue: v})
	got := feedTitles(t, st, feedFilter(model.FeedFilter{PartnerID: ours.ID, Private: true}, time.Now()))
	slices.Sort(got)
	if want := []string{"Our idea", "Ours"}; !slices.Equal(got, want) {
		t.Errorf("partner feed %q, want %q", got, want)
	}
}

func TestFeedSessions_ChangedFollowsTheVenueAndTheBookings(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	m := testutil.CreateSession(t, st, testutil.Session{Venue: v})
	changed := func(private bool) time.Time {
		t.Helper()
		sessions, err := st.FeedSessions(ctx, feedFilter(model.FeedFilter{VenueID: v.ID, Private: private}, time.Now()))
		if err != nil || len(sessions) != 1 {
			t.Fatalf("%d sessions, %v", len(sessions), err)
		}
		return sessions[0].Changed
	}
	first := changed(false)
	if !first.Equal(m.UpdatedAt) && first.Before(m.UpdatedAt) {
		t.Errorf("changed %v, before the session's own change %v", first, m.UpdatedAt)
	}
	_, hash := auth.NewToken()
	if _, err := st.BookPlaces(ctx, store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: "Ann", Email: "ann@example.org", PartySize: 1}); err != nil {
		t.Fatal(err)
	}
	if got := changed(false); !got.Equal(first) {
		t.Errorf("a booking moved the public event's last change from %v to %v", first, got)
	}
	booked := changed(true)
	if !booked.After(first) {
		t.Errorf("a booking left the private event's last change at %v", booked)
	}
	mustExec(t, db, `UPDATE venues SET address = '9 New Road', updated_at = now() WHERE id = $1`, v.ID)
	if got := changed(false); !got.After(booked) {
		t.Errorf("a new address left the event's last change at %v", got)
	}
}

func TestCancelledAt_FollowsTheStatus(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	m := testutil.CreateSession(t, st, testutil.Session{Venue: testutil.CreateVenue(t, st, model.Venue{})})
	cancelledAt := func() *time.Time {
		var at *time.Time
		if err := db.Get(&at, `SELECT cancelled_at FROM programme_sessions WHERE id = $1`, m.ID); err != nil {
			t.Fatal(err)
		}
		return at
	}
	if at := cancelledAt(); at != nil {
		t.Fatalf("a scheduled session has cancelled_at %v", at)
	}
	mustExec(t, db, `UPDATE programme_sessions SET status = 'cancelled' WHERE id = $1`, m.ID)
	first := cancelledAt()
	if first == nil {
		t.Fatal("cancelling left cancelled_at empty")
	}
	mustExec(t, db, `UPDATE programme_sessions SET title = 'Renamed', status = 'cancelled' WHERE id = $1`, m.ID)
	if at := cancelledAt(); at == nil || !at.Equal(*first) {
		t.Errorf("an edit of a cancelled session moved cancelled_at from %v to %v", first, at)
	}
	mustExec(t, db, `UPDATE programme_sessions SET status = 'scheduled' WHERE id = $1`, m.ID)
	if at := cancelledAt(); at != nil {
		t.Errorf("reinstating left cancelled_at %v", at)
	}
}

func TestFeedVersion_ChangesWithWhatTheFeedShows(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	ctx := context.Background()
	v := testutil.CreateVenue(t, st, model.Venue{})
	room := testutil.CreateSpace(t, st, v, model.Space{})
	p := testutil.CreatePartner(t, st, model.Partner{})
	m := testutil.CreateSession(t, st, testutil.Session{Venue: v, Space: &room, Partner: &p})
	testutil.CreateSession(t, st, testutil.Session{Venue: v})
	public := feedFilter(model.FeedFilter{VenueID: v.ID}, time.Now())
	private := public
	private.Private = true
	version := func(f model.FeedFilter) model.FeedVersion {
		t.Helper()
		got, err := st.FeedVersion(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	pub, priv := version(public), version(private)
	if pub.Count != 2 || pub.Digest == "" {
		t.Fatalf("version %+v", pub)
	}
	if again := version(public); again != pub {
		t.Errorf("nothing changed, but the version went from %+v to %+v", pub, again)
	}

	// A booking changes the private feed's figures, not the public feed.
	_, hash := auth.NewToken()
	if _, err := st.BookPlaces(ctx, store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: "Ann", Email: "ann@example.org", PartySize: 2}); err != nil {
		t.Fatal(err)
	}
	if got := version(public); got != pub {
		t.Errorf("a booking changed the public feed's version")
	}
	if got := version(private); got.Digest == priv.Digest {
		t.Errorf("a booking left the private feed's version as it was")
	}

	for _, tc := range []struct {
		name, sql string
		arg       int64
	}{
		{"the title", `UPDATE programme_sessions SET title = 'New title' WHERE id = $1`, m.ID},
		// Whatever code edits them, and whether or not it sets updated_at.
		{"the venue's address", `UPDATE venues SET address = '2 Low Street' WHERE id = $1`, v.ID},
		{"the room's name", `UPDATE spaces SET name = 'New room' WHERE id = $1`, room.ID},
		{"the partner's name", `UPDATE partners SET name = 'New partner' WHERE id = $1`, p.ID},
		{"the theme's name", `UPDATE themes SET name = 'Wellbeing' WHERE id = (SELECT theme_id FROM programme_sessions WHERE id = $1)`, m.ID},
		{"the audience's name", `UPDATE audiences SET name = 'All ages' WHERE id = (SELECT audience_id FROM programme_sessions WHERE id = $1)`, m.ID},
		{"a cancellation", `UPDATE programme_sessions SET status = 'cancelled' WHERE id = $1`, m.ID},
	} {
		before := version(public)
		mustExec(t, db, tc.sql, tc.arg)
		if got := version(public); got.Digest == before.Digest {
			t.Errorf("changing %s: version %+v, was %+v", tc.name, got, before)
		}
	}

	// A session moving to another venue leaves this venue's feed.
	before := version(public)
	other := testutil.CreateVenue(t, st, model.Venue{})
	mustExec(t, db, `UPDATE programme_sessions SET venue_id = $2, space_id = NULL WHERE id = $1`, m.ID, other.ID)
	if got := version(public); got.Count != 1 || got.Digest == before.Digest {
		t.Errorf("a session moved away: version %+v, was %+v", got, before)
	}
}

func TestFeedTokens_RotateRevokeAndWhoMayUseThem(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	staffer := testutil.CreateUser(t, st, model.User{Role: model.RoleStaff})
	partnerUser := testutil.CreateUser(t, st, model.User{Role: model.RolePartner})
	by := model.Actor{ID: staffer.ID, Name: staffer.Name}
	ownerOf := func(hash []byte) (model.FeedOwner, error) { return st.FeedOwner(ctx, hash) }

	org := model.FeedOwner{PartnerID: *partnerUser.PartnerID}
	if _, err := st.FeedToken(ctx, org); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("a partner with no feed yet: %v", err)
	}
	first, firstHash := auth.NewToken()
	if err := st.ReplaceFeedToken(ctx, model.Actor{ID: partnerUser.ID, Name: partnerUser.Name}, org, firstHash, []byte("sealed "+first)); err != nil {
		t.Fatal(err)
	}
	if got, err := ownerOf(firstHash); err != nil || got != org {
		t.Fatalf("owner of the new token: %+v, %v", got, err)
	}
	tok, err := st.FeedToken(ctx, org)
	if err != nil || string(tok.Sealed) != "sealed "+first || tok.CreatedBy != partnerUser.Name || tok.LastUsedAt == nil {
		t.Errorf("token %+v, %v: want the sealed copy, who made it, and its first use", tok, err)
	}

	_, secondHash := auth.NewToken()
	if err := st.ReplaceFeedToken(ctx, by, org, secondHash, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ownerOf(firstHash); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("the rotated-out token still opens a feed: %v", err)
	}
	if got, err := ownerOf(secondHash); err != nil || got != org {
		t.Errorf("the new token: %+v, %v", got, err)
	}
	if err := st.RevokeFeedToken(ctx, by, org); err != nil {
		t.Fatal(err)
	}
	if _, err := ownerOf(secondHash); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a revoked token still opens a feed: %v", err)
	}
	if err := st.RevokeFeedToken(ctx, by, org); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("revoking twice: %v, want not found", err)
	}

	// A staff member's token stops with their account or their staff role.
	own := model.FeedOwner{UserID: staffer.ID}
	_, staffHash := auth.NewToken()
	if err := st.ReplaceFeedToken(ctx, by, own, staffHash, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := ownerOf(staffHash); err != nil || got != own {
		t.Fatalf("staff token: %+v, %v", got, err)
	}
	if _, err := st.UpdateUser(ctx, model.Actor{}, staffer.ID, store.UserChange{Name: staffer.Name, Role: model.RoleNavigator}); err != nil {
		t.Fatal(err)
	}
	if _, err := ownerOf(staffHash); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a navigator's old staff token still opens a feed: %v", err)
	}
	if _, err := st.UpdateUser(ctx, model.Actor{}, staffer.ID, store.UserChange{Name: staffer.Name, Role: model.RoleStaff, Disabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := ownerOf(staffHash); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a disabled account's token still opens a feed: %v", err)
	}
	if _, err := st.UpdateUser(ctx, model.Actor{}, staffer.ID, store.UserChange{Name: staffer.Name, Role: model.RoleStaff}); err != nil {
		t.Fatal(err)
	}
	if _, err := ownerOf(staffHash); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("the old token opens a feed again once the account is enabled: %v", err)
	}

	entries, _, err := st.AuditLog(ctx, model.AuditFilter{Entity: "feed"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	slices.Sort(actions)
	if want := []string{"feed.create", "feed.create", "feed.revoke", "feed.rotate"}; !slices.Equal(actions, want) {
		t.Errorf("audit log %q, want %q", actions, want)
	}
}

func TestReplaceFeedToken_ConcurrentRotationsLeaveOneLiveToken(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	u := testutil.CreateUser(t, st, model.User{Role: model.RolePartner})
	org := model.FeedOwner{PartnerID: *u.PartnerID}
	const n = 20
	hashes := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		_, hashes[i] = auth.NewToken()
		wg.Go(func() { errs[i] = st.ReplaceFeedToken(ctx, model.Actor{ID: u.ID, Name: u.Name}, org, hashes[i], nil) })
	}
	wg.Wait()
	live := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("rotation %d: %v", i, errs[i])
		}
		if _, err := st.FeedOwner(ctx, hashes[i]); err == nil {
			live++
		} else if !errors.Is(err, model.ErrNotFound) {
			t.Fatal(err)
		}
	}
	if live != 1 {
		t.Errorf("%d tokens open the feed after %d rotations, want 1", live, n)
	}
}
