package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

func TestUpcomingSessions_LeavesOutProposalsAndDeclinedOnes(t *testing.T) {
	st := newStore(t)
	now := time.Now()
	for _, status := range []model.SessionStatus{model.StatusScheduled, model.StatusCancelled, model.StatusProposed, model.StatusDeclined} {
		testutil.CreateSession(t, st, testutil.Session{Title: string(status), Status: status})
	}
	got, total, err := st.UpcomingSessions(context.Background(), now, model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(got) != 2 {
		t.Fatalf("listed %v, want only scheduled and cancelled", titles(got))
	}
	for _, m := range got {
		if !m.Status.Public() {
			t.Errorf("%s is listed", m.Status)
		}
	}
}

func TestApproveProposal_OnlyOnceUnderConcurrency(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Status: model.StatusProposed})
	const staff = 12
	var wg sync.WaitGroup
	results := make(chan error, staff)
	for i := range staff {
		wg.Go(func() {
			if i%2 == 0 {
				results <- st.ApproveProposal(ctx, model.Actor{Name: "staff"}, m.PublicID, store.Version(m.UpdatedAt))
			} else {
				results <- st.DeclineProposal(ctx, model.Actor{Name: "staff"}, m.PublicID, "No room")
			}
		})
	}
	wg.Wait()
	close(results)
	ok, conflicts := 0, 0
	for err := range results {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, model.ErrConflict):
			conflicts++
		default:
			t.Fatal(err)
		}
	}
	if ok != 1 || conflicts != staff-1 {
		t.Errorf("%d decisions went through and %d were refused; want exactly one decision", ok, conflicts)
	}
	got, _ := st.Session(ctx, m.PublicID)
	var decisions int
	if err := db.GetContext(ctx, &decisions, `SELECT count(*) FROM audit_log WHERE entity_key = $1`, m.PublicID); err != nil {
		t.Fatal(err)
	}
	if decisions != 1 || got.Sequence != m.Sequence+1 {
		t.Errorf("%d audit lines and sequence %d after one decision (status %s)", decisions, got.Sequence, got.Status)
	}
}

func TestUpdateSession_RefusesAStaleVersion(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Title: "Original"})
	fields := store.NewSession{Title: "Changed", ThemeID: m.Theme.ID, AudienceID: m.Audience.ID, VenueID: m.Venue.ID,
		StartsAt: m.StartsAt, EndsAt: m.EndsAt, BookingRequired: m.BookingRequired, Capacity: m.Capacity}
	if _, err := st.UpdateSession(ctx, model.Actor{}, m.PublicID, store.SessionEdit{Fields: fields, Version: store.Version(m.UpdatedAt)}, nil); err != nil {
		t.Fatal(err)
	}
	fields.Title = "Changed again"
	_, err := st.UpdateSession(ctx, model.Actor{}, m.PublicID, store.SessionEdit{Fields: fields, Version: store.Version(m.UpdatedAt)}, nil)
	if !errors.Is(err, model.ErrConflict) {
		t.Errorf("second edit from the same version: %v, want ErrConflict", err)
	}
	if got, _ := st.Session(ctx, m.PublicID); got.Title != "Changed" {
		t.Errorf("title %q", got.Title)
	}
}

func TestUpdateSession_APartnerChangesOnlyItsOwnProposals(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	mine := testutil.CreatePartner(t, st, model.Partner{})
	theirs := testutil.CreatePartner(t, st, model.Partner{})
	own := testutil.CreateSession(t, st, testutil.Session{Partner: &mine, Status: model.StatusProposed})
	scheduled := testutil.CreateSession(t, st, testutil.Session{Partner: &mine})
	other := testutil.CreateSession(t, st, testutil.Session{Partner: &theirs, Status: model.StatusProposed})
	scope := &store.PartnerScope{PartnerID: mine.ID}
	edit := func(m model.Session) error {
		f := store.NewSession{Title: "Changed", ThemeID: m.Theme.ID, AudienceID: m.Audience.ID, VenueID: m.Venue.ID,
			StartsAt: m.StartsAt, EndsAt: m.EndsAt, BookingRequired: m.BookingRequired, Capacity: m.Capacity, PartnerID: &mine.ID}
		_, err := st.UpdateSession(ctx, model.Actor{}, m.PublicID, store.SessionEdit{Fields: f, Version: store.Version(m.UpdatedAt)}, scope)
		return err
	}
	if err := edit(own); err != nil {
		t.Errorf("own proposal: %v", err)
	}
	for name, m := range map[string]model.Session{"own scheduled session": scheduled, "another partner's proposal": other} {
		if err := edit(m); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
	if _, err := st.PartnerSession(ctx, store.PartnerScope{PartnerID: mine.ID}, other.PublicID); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("reading another partner's session: %v", err)
	}
}

func TestSessions_TextMatchesWhatWasTypedLiterally(t *testing.T) {
	st := newStore(t)
	for _, title := range []string{"Save 50% on energy", "Save 500 on energy", "Under_18s club", "Under 18s club"} {
		testutil.CreateSession(t, st, testutil.Session{Title: title})
	}
	for text, want := range map[string]string{"50%": "Save 50% on energy", "r_1": "Under_18s club", "SAVE 50%": "Save 50% on energy"} {
		got, total, err := st.Sessions(context.Background(), store.SessionList{Text: text, Upcoming: true, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(got) != 1 || got[0].Title != want {
			t.Errorf("text %q matched %v, want only %q", text, titles(got), want)
		}
	}
}
