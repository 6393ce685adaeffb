package notify_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	gomail "github.com/wneessen/go-mail"

	"hubbook/internal/auth"
	"hubbook/internal/config"
	"hubbook/internal/model"
	"hubbook/internal/notify"
	"hubbook/internal/store"
)

// A mail server that answers 451 for a while: every message is tried
// again until it goes, and arrives exactly once.
func TestMail_TemporaryFailuresRetryAndEachArrivesOnce(t *testing.T) {
	h := newHarness(t, func(rcpt string, before int) error {
		if before < 2 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		}
		return nil
	})
	m := h.session(72*time.Hour, "Digital drop-in")
	h.staffEdit(m, func(f *store.NewSession) { f.Capacity = new(20) })
	const people = 6
	for i := range people {
		h.book(m, fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@example.org", i), 1, false)
	}
	h.work()
	got := h.waitFor(people, 40*time.Second)
	time.Sleep(300 * time.Millisecond) // time for a duplicate to show, if any
	got = h.server.messages()
	if len(got) != people {
		t.Errorf("%d messages arrived for %d people", len(got), people)
	}
	for i := range people {
		rcpt := fmt.Sprintf("p%d@example.org", i)
		if n := len(byTo(got, rcpt)); n != 1 {
			t.Errorf("%s got %d copies", rcpt, n)
		}
		if n := h.server.triesOf(rcpt); n != 3 {
			t.Errorf("%s was tried %d times, want 3", rcpt, n)
		}
	}
	for _, j := range h.jobsOf(model.MailConfirmed) {
		e := h.logEntry(j.Args.Key)
		if e.Status != model.MailSent || e.Attempts != 3 || e.LastError != "" {
			t.Errorf("%s: %s after %d attempts, last error %q", e.Key, e.Status, e.Attempts, e.LastError)
		}
	}
}

// A 550 stops the retries; the log says why and the booking shows the
// address was refused, and stays booked.
func TestMail_PermanentRefusalStopsAndShows(t *testing.T) {
	h := newHarness(t, func(rcpt string, _ int) error {
		if rcpt == "nobody@example.org" {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox"}
		}
		return nil
	})
	m := h.session(72*time.Hour, "Benefits check")
	ref, _ := h.book(m, "Nobody", "nobody@example.org", 1, true)
	h.book(m, "Somebody", "somebody@example.org", 1, false)
	h.work()
	h.waitFor(1, 10*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	var e model.MailLogEntry
	for {
		entries, err := h.st.MailLog(context.Background(), store.MailLogFilter{Status: model.MailFailed, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) == 1 {
			e = entries[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no failed message in the log: %v", entries)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if e.Recipient != "nobody@example.org" || e.Attempts != 1 || !strings.Contains(e.LastError, "550") {
		t.Errorf("log: %+v", e)
	}
	time.Sleep(6 * time.Second) // longer than River's scheduler takes to retry
	if n := h.server.triesOf("nobody@example.org"); n != 1 {
		t.Errorf("a refused address was tried %d times", n)
	}
	b, err := h.st.Booking(context.Background(), store.BookingKey{Reference: ref})
	if err != nil {
		t.Fatal(err)
	}
	if b.EmailFailedAt == nil || b.Status != model.BookingConfirmed {
		t.Errorf("booking: email failed at %v, status %s", b.EmailFailedAt, b.Status)
	}
	// Its reminders, when they come, are not tried against the same refusal.
	for _, j := range h.jobsOf(model.MailReminder) {
		if j.Args.Booking != b.ID {
			continue
		}
		if err := h.deliver(j.Args); err != nil {
			t.Fatal(err)
		}
		if e := h.logEntry(j.Args.Key); e.Status != model.MailDropped {
			t.Errorf("reminder for a refused address: %s", e.Status)
		}
	}
	// The mailbox works again: the next message that goes clears the mark.
	h.server.mu.Lock()
	h.server.answer = nil
	h.server.mu.Unlock()
	if err := h.st.QueueBookingLinks(context.Background(), "nobody@example.org", "n1"); err != nil {
		t.Fatal(err)
	}
	if err := h.deliver(h.jobsOf(model.MailBookingLink)[0].Args); err != nil {
		t.Fatal(err)
	}
	if b, _ := h.st.Booking(context.Background(), store.BookingKey{Reference: ref}); b.EmailFailedAt != nil {
		t.Error("the address is still marked failing after a message went")
	}
}

// Reminders are scheduled at each offset before the start; one whose
// moment has passed when the booking is made is not; a cancelled booking
// sends none.
func TestMail_RemindersAreScheduledAndDroppedWhenCancelled(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	m := h.session(72*time.Hour, "Walking group")
	ref, _ := h.book(m, "Ann", "ann@example.org", 1, true)
	soon := h.session(5*time.Hour, "Coffee morning") // the 24-hour moment has passed
	h.book(soon, "Ann", "ann@example.org", 1, true)
	h.book(m, "Bob", "bob@example.org", 1, false) // no reminders asked

	var at []time.Time
	for _, j := range h.jobsOf(model.MailReminder) {
		at = append(at, j.ScheduledAt)
	}
	want := []time.Time{m.StartsAt.Add(-24 * time.Hour), m.StartsAt.Add(-2 * time.Hour), soon.StartsAt.Add(-2 * time.Hour)}
	if len(at) != len(want) {
		t.Fatalf("reminders at %v, want %v", at, want)
	}
	for i := range want {
		if !at[i].Equal(want[i]) {
			t.Errorf("reminder %d at %v, want %v", i, at[i], want[i])
		}
	}

	if _, err := h.st.CancelBooking(ctx, model.Actor{}, store.BookingKey{Reference: ref}); err != nil {
		t.Fatal(err)
	}
	for _, j := range h.jobsOf(model.MailReminder)[:2] {
		if err := h.deliver(j.Args); err != nil {
			t.Fatal(err)
		}
		if e := h.logEntry(j.Args.Key); e.Status != model.MailDropped || e.Note != "the booking was cancelled" {
			t.Errorf("reminder of a cancelled booking: %s (%s)", e.Status, e.Note)
		}
	}
	// The other booking's reminder goes, with the manage link and the opt-out.
	last := h.jobsOf(model.MailReminder)[2]
	if err := h.deliver(last.Args); err != nil {
		t.Fatal(err)
	}
	got := h.waitFor(1, 5*time.Second)
	day := "today"
	if soon.StartsAt.In(london).Day() != time.Now().In(london).Day() {
		day = "tomorrow" // the test runs in the last five hours of a day
	}
	contains(t, "reminder", got[0].Header.Get("Subject"), "Reminder: Coffee morning "+day)
	contains(t, "reminder text", got[0].Text, "https://hubbook.example.org/bookings/", "To stop them (your booking stays)")
}

// Moving a session moves its reminders: the move schedules new ones, and
// the old ones, when their time comes, find the session moved and are
// dropped. Turning reminders off drops them too.
func TestMail_MovingASessionMovesItsReminders(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	m := h.session(72*time.Hour, "Job club")
	h.book(m, "Ann", "ann@example.org", 1, true)
	old := h.jobsOf(model.MailReminder)
	h.staffEdit(m, func(f *store.NewSession) {
		f.StartsAt, f.EndsAt = f.StartsAt.Add(26*time.Hour), f.EndsAt.Add(26*time.Hour)
	})
	all := h.jobsOf(model.MailReminder)
	if len(all) != 4 {
		t.Fatalf("%d reminder jobs after the move, want 2 old and 2 new", len(all))
	}
	moved := m.StartsAt.Add(26 * time.Hour)
	for i, j := range all[2:] {
		if want := moved.Add(-rules.Reminders[i]); !j.ScheduledAt.Equal(want) {
			t.Errorf("new reminder %d at %v, want %v", i, j.ScheduledAt, want)
		}
	}
	for _, j := range old {
		if err := h.deliver(j.Args); err != nil {
			t.Fatal(err)
		}
		if e := h.logEntry(j.Args.Key); e.Status != model.MailDropped || !strings.Contains(e.Note, "moved") {
			t.Errorf("old reminder: %s (%s)", e.Status, e.Note)
		}
	}
	if err := h.deliver(all[2].Args); err != nil {
		t.Fatal(err)
	}
	got := h.waitFor(1, 5*time.Second)
	if len(got) != 1 {
		t.Fatalf("%d reminders sent", len(got))
	}
	contains(t, "reminder", got[0].Text, moved.In(london).Format("15:04"))

	// Moving it back makes no second copy of a reminder already scheduled.
	m, _ = h.st.Session(ctx, m.PublicID)
	h.staffEdit(m, func(f *store.NewSession) {
		f.StartsAt, f.EndsAt = f.StartsAt.Add(-26*time.Hour), f.EndsAt.Add(-26*time.Hour)
	})
	if n := len(h.jobsOf(model.MailReminder)); n != 4 {
		t.Errorf("%d reminder jobs after moving back, want still 4", n)
	}

	// One click in the email turns them off; the booking stays. (The
	// session is back at its first time, so its first reminders apply.)
	b := h.jobsOf(model.MailReminder)[1].Args
	bk, _ := h.st.Booking(ctx, store.BookingKey{ID: b.Booking})
	token, _ := h.seal.Open(bk.TokenSealed)
	if err := h.st.StopReminders(ctx, store.BookingKey{TokenHash: auth.HashToken(token)}); err != nil {
		t.Fatal(err)
	}
	if err := h.deliver(b); err != nil {
		t.Fatal(err)
	}
	if e := h.logEntry(b.Key); e.Status != model.MailDropped || e.Note != "reminders were turned off" {
		t.Errorf("reminder after opting out: %s (%s)", e.Status, e.Note)
	}
}

// A worker that dies between the server accepting a message and recording
// it: the next try sends one more copy (with the same Message-ID, so the
// receiving server can drop it), and the log says why. A crash after the
// ledger is written sends nothing more.
func TestMail_CrashBetweenSendAndRecordSendsAtMostOneMore(t *testing.T) {
	h := newHarness(t, nil)
	m := h.session(72*time.Hour, "Cooking for one")
	h.book(m, "Ann", "ann@example.org", 1, false)
	a := h.jobsOf(model.MailConfirmed)[0].Args

	real := h.sender
	h.sender = senderFunc(func(ctx context.Context, msg *gomail.Msg) error {
		if err := real.Send(ctx, msg); err != nil {
			return err
		}
		panic("killed") // the process is gone: nothing after this runs
	})
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the dying try returned")
			}
		}()
		h.mailer.Deliver(context.Background(), a, 1, store.MailAttempts)
	}()
	if e := h.logEntry(a.Key); e.Status != model.MailSending {
		t.Fatalf("after the crash the log says %s", e.Status)
	}
	h.sender = real
	// River runs the job again (it was never completed).
	if err := h.mailer.Deliver(context.Background(), a, 2, store.MailAttempts); err != nil {
		t.Fatal(err)
	}
	got := h.waitFor(2, 5*time.Second)
	if got[0].Header.Get("Message-Id") != got[1].Header.Get("Message-Id") {
		t.Errorf("the copies have different Message-IDs: %s, %s", got[0].Header.Get("Message-Id"), got[1].Header.Get("Message-Id"))
	}
	e := h.logEntry(a.Key)
	if e.Status != model.MailSent || e.Attempts != 2 || e.Note != store.Interrupted {
		t.Errorf("log after the second try: %s, %d attempts, note %q", e.Status, e.Attempts, e.Note)
	}
	// The job completes late (a crash after the ledger): a third run sends nothing.
	if err := h.mailer.Deliver(context.Background(), a, 3, store.MailAttempts); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(h.server.messages()); n != 2 {
		t.Errorf("%d copies after the ledger said sent, want 2", n)
	}
}

// A job inserted in a transaction that rolls back never runs; a refusal
// that keeps its transaction's promotion keeps that promotion's message.
func TestMail_RolledBackChangesSendNothing(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	m := h.session(72*time.Hour, "Knit and natter")
	errRollback := fmt.Errorf("changed my mind")
	err := h.st.InTx(ctx, func(tx *store.Store) error {
		if _, err := tx.BookPlaces(ctx, store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
			TokenHash: []byte("0123456789abcdef0123456789abcdef"), Name: "Ann", Email: "ann@example.org", PartySize: 1}); err != nil {
			return err
		}
		return errRollback
	})
	if err != errRollback {
		t.Fatalf("InTx: %v", err)
	}
	if n := len(h.jobs()); n != 0 {
		t.Errorf("%d jobs after a rollback", n)
	}
	h.work()
	time.Sleep(300 * time.Millisecond)
	if n := len(h.server.messages()); n != 0 {
		t.Errorf("%d messages after a rollback", n)
	}
}

// Concurrent bookings each queue exactly their own confirmation: no lost
// and no doubled job under contention.
func TestMail_ConcurrentBookingsQueueOneConfirmationEach(t *testing.T) {
	h := newHarness(t, nil)
	m := h.session(72*time.Hour, "Big session")
	h.staffEdit(m, func(f *store.NewSession) { f.Capacity = new(30) })
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			_, hash := auth.NewToken()
			h.st.BookPlaces(context.Background(), store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
				TokenHash: hash, Name: "P", Email: fmt.Sprintf("p%d@example.org", i), PartySize: 1, Waitlist: true})
		})
	}
	wg.Wait()
	if c, w := len(h.jobsOf(model.MailConfirmed)), len(h.jobsOf(model.MailWaitlisted)); c != 30 || w != 10 {
		t.Errorf("%d confirmations and %d waitlist messages, want 30 and 10", c, w)
	}
}

// Refusals that are not about the person's address (our sender refused,
// the content refused) never mark the booking's address as failing: the
// first is tried again, the second stops.
func TestMail_RefusalsNotAboutTheAddressLeaveItAlone(t *testing.T) {
	h := newHarness(t, nil)
	m := h.session(72*time.Hour, "Benefits check")
	h.book(m, "Ann", "ann@example.org", 1, true)
	a := h.jobsOf(model.MailConfirmed)[0].Args
	for _, c := range []struct {
		err   error
		final bool
	}{
		{&smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication failed"}, false},
		{&smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Message content rejected"}, true},
		{&smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Relay access denied"}, false},
	} {
		h.server.mu.Lock()
		h.server.answer = nil
		h.server.mu.Unlock()
		h.sender = refuseWith(h, c.err)
		err := h.deliver(a)
		e := h.logEntry(a.Key)
		if (e.Status == model.MailFailed) != c.final || err == nil || !strings.Contains(e.LastError, fmt.Sprint(c.err.(*smtp.SMTPError).Code)) {
			t.Errorf("%v: log %s (%s), err %v", c.err, e.Status, e.LastError, err)
		}
		b, _ := h.st.Booking(context.Background(), store.BookingKey{ID: a.Booking})
		if b.EmailFailedAt != nil {
			t.Errorf("%v marked the address as failing", c.err)
		}
	}
}

// refuseWith is the harness's server answering the DATA command with err
// (a 5xx to MAIL FROM would do the same for a 535 to AUTH).
func refuseWith(h *harness, err error) notify.Sender {
	srv := startMailServer(h.t, nil)
	srv.data = err
	s, e := notify.NewSMTP(config.SMTP{Host: "127.0.0.1", Port: srv.Port, TLS: "none"})
	if e != nil {
		h.t.Fatal(e)
	}
	switch se := err.(*smtp.SMTPError); {
	case se.Code == 535:
		srv.data, srv.mail = nil, err
	case se.EnhancedCode[1] == 7 && se.Code == 554:
		srv.data, srv.answer = nil, func(string, int) error { return err }
	}
	return s
}

// A relay that hangs up right after accepting a message: the message is
// sent, and recorded so, not tried again.
func TestMail_AcceptedThenHungUpIsSent(t *testing.T) {
	h := newHarness(t, nil)
	h.server.mu.Lock()
	h.server.hangUp = true
	h.server.mu.Unlock()
	m := h.session(72*time.Hour, "Repair cafe")
	h.book(m, "Ann", "ann@example.org", 1, false)
	a := h.jobsOf(model.MailConfirmed)[0].Args
	if err := h.deliver(a); err != nil {
		t.Fatalf("deliver: %v", err)
	}
	if e := h.logEntry(a.Key); e.Status != model.MailSent || e.Attempts != 1 {
		t.Errorf("log: %s after %d attempts", e.Status, e.Attempts)
	}
	if n := len(h.server.messages()); n != 1 {
		t.Errorf("%d messages", n)
	}
}
