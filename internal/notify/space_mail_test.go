package notify_test

import (
	"context"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// A partner's space request, approved or declined by staff, tells the
// person who asked, with the reason for a decline.
func TestMail_SpaceRequestAnswersReachThePartnerWhoAsked(t *testing.T) {
	h := newHarness(t, nil)
	h.work()
	ctx := context.Background()
	asker := testutil.CreateUser(t, h.st, model.User{Role: model.RolePartner, Email: "pat@example.org", Name: "Pat"})
	staff := testutil.CreateUser(t, h.st, model.User{Role: model.RoleStaff})
	v := testutil.CreateVenue(t, h.st, model.Venue{Name: "Central Library"})
	sp := testutil.CreateSpace(t, h.st, v, model.Space{Name: "Room 2"})
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	request := func(purpose string, at time.Time) string {
		b, err := h.st.BookSpace(ctx, model.Actor{ID: asker.ID, Name: asker.Name}, store.SpaceBookingRequest{SpaceID: sp.ID,
			Status: model.SpaceRequested, PartnerID: asker.PartnerID, Purpose: purpose, StartsAt: at, EndsAt: at.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return b.PublicID
	}
	yes, no := request("Job club", start), request("Coffee morning", start.Add(2*time.Hour))
	by := model.Actor{ID: staff.ID, Name: staff.Name}
	if err := h.st.DecideSpaceBooking(ctx, by, yes, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := h.st.DecideSpaceBooking(ctx, by, no, false, "The room is being painted."); err != nil {
		t.Fatal(err)
	}
	got := byTo(h.waitFor(2, 10*time.Second), "pat@example.org")
	if len(got) != 2 {
		t.Fatalf("pat got %d messages, want 2", len(got))
	}
	subjects := map[string]received{}
	for _, m := range got {
		subjects[m.Header.Get("Subject")[:8]] = m
	}
	approved, declined := subjects["Approved"], subjects["Not appr"]
	contains(t, "approved text", approved.Text, "Hello Pat", "Job club", "Room 2", "Central Library",
		"https://hubbook.example.org/space-bookings/"+yes)
	contains(t, "declined text", declined.Text, "Coffee morning", "Why: The room is being painted.")
	contains(t, "declined html", declined.HTML, "The room is being painted.")
	// Deciding again changes nothing and sends nothing more.
	if err := h.st.DecideSpaceBooking(ctx, by, yes, false, "Changed my mind."); err == nil {
		t.Error("declining an approved request: no error")
	}
	if n := len(h.jobsOf(model.MailSpaceApproved)) + len(h.jobsOf(model.MailSpaceDeclined)); n != 2 {
		t.Errorf("%d answer jobs queued, want 2", n)
	}
}
