package notify_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/notify"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/templates"
)

// The workers run the retention job: on start, a booking on a session that
// ended longer ago than the retention period is made anonymous, and one on
// a later session is not.
func TestRetention_TheWorkersAnonymiseOldBookingsOnStart(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	old := h.session(-400*24*time.Hour, "Old walk")
	recent := h.session(-10*24*time.Hour, "Recent walk")
	for _, m := range []model.Session{old, recent} {
		before := h.st.WithBooking(rules, func() time.Time { return m.StartsAt.Add(-time.Hour) })
		_, hash := auth.NewToken()
		if _, err := before.BookPlaces(ctx, store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
			TokenHash: hash, Name: "Ann", Email: "ann@example.org", PartySize: 1, Postcode: "EH1 1LW"}); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := auth.NewKeyed(strings.Repeat("x", 32), "message id")
	if err != nil {
		t.Fatal(err)
	}
	m, err := notify.New(notify.Config{Store: h.st, Sender: h.sender, From: "noreply@hubbook.example.org",
		BaseURL: &url.URL{Scheme: "https", Host: "hubbook.example.org"}, Location: testutil.London(t), IDs: ids,
		Templates: templates.FS, Workers: 2, Poll: 20 * time.Millisecond, Retention: 365 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	h.mailer = m
	h.work()

	deadline := time.Now().Add(30 * time.Second)
	for {
		var left []string
		if err := h.db.Select(&left, `
			SELECT ps.title FROM bookings b JOIN programme_sessions ps ON ps.id = b.session_id
			WHERE b.email <> '' ORDER BY 1`); err != nil {
			t.Fatal(err)
		}
		var ran int
		if err := h.db.Get(&ran, `SELECT count(*) FROM river_job WHERE kind = 'retention' AND state = 'completed'`); err != nil {
			t.Fatal(err)
		}
		if len(left) == 1 && left[0] == "Recent walk" && ran > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("bookings with an email left: %v, want only the recent one; %d retention jobs completed", left, ran)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Erasing a person's data leaves their queued reminder in place, with no
// address to go to: when its time comes it is dropped, and nothing is sent.
func TestRetention_AnErasedBookingsQueuedReminderIsNotSent(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	m := h.session(72*time.Hour, "Tenancy rights")
	h.book(m, "Ann", "ann@example.org", 1, true)
	nav := testutil.CreateUser(t, h.st, model.User{Role: model.RoleNavigator})
	if _, err := h.st.ErasePerson(ctx, model.Actor{ID: nav.ID, Name: nav.Name}, model.Person{Email: "ann@example.org"}); err != nil {
		t.Fatal(err)
	}
	reminders := h.jobsOf(model.MailReminder)
	if len(reminders) == 0 {
		t.Fatal("no reminder was queued")
	}
	for _, j := range append(reminders, h.jobsOf(model.MailCancelled)...) {
		if err := h.deliver(j.Args); err != nil {
			t.Fatal(err)
		}
		e := h.logEntry(j.Args.Key)
		if e.Status != model.MailDropped || e.Recipient != "" {
			t.Errorf("%s: %s to %q (%s)", j.Args.Key, e.Status, e.Recipient, e.Note)
		}
	}
	time.Sleep(200 * time.Millisecond)
	if got := h.server.messages(); len(got) != 0 {
		t.Errorf("%d messages sent after erasing", len(got))
	}
}
