package notify_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/riverqueue/river"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// Every booking event sends its message through the workers: confirmed,
// waitlisted, a place came up, changed, cancelled; then a staff move and a
// staff cancellation tell everyone booked or waiting.
func TestMail_EachBookingEventArrivesWithItsContent(t *testing.T) {
	h := newHarness(t, nil)
	h.work()
	ctx := context.Background()
	m := h.session(72*time.Hour, "Healthy eating on a budget")
	annRef, annToken := h.book(m, "Ann Example", "ann@example.org", 2, true)
	bobRef, _ := h.book(m, "Bob Example", "bob@example.org", 1, false) // full: waits

	got := h.waitFor(2, 10*time.Second)
	ann := byTo(got, "ann@example.org")
	if len(ann) != 1 {
		t.Fatalf("ann got %d messages", len(ann))
	}
	a := ann[0]
	contains(t, "subject", a.Header.Get("Subject"), "Booked: Healthy eating on a budget")
	contains(t, "text", a.Text, "Hello Ann Example", annRef, "Room 2, Central Library", "Places:    2",
		"https://hubbook.example.org/bookings/"+annToken, "Test Libraries", "0131 496 0000")
	contains(t, "html", a.HTML, "<strong>Healthy eating on a budget</strong>", annRef,
		`href="https://hubbook.example.org/bookings/`+annToken+`"`)
	if got, want := a.Header.Get("List-Unsubscribe"), "<https://hubbook.example.org/bookings/"+annToken+"/reminders>"; got != want {
		t.Errorf("List-Unsubscribe = %q, want %q", got, want)
	}
	if got := a.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	if !strings.HasSuffix(a.Header.Get("Message-Id"), "@hubbook.example.org>") {
		t.Errorf("Message-ID = %q", a.Header.Get("Message-Id"))
	}
	cal, err := goical.NewDecoder(strings.NewReader(a.Attachments["invite.ics"])).Decode()
	if err != nil {
		t.Fatalf("the attachment is not a calendar: %v\n%s", err, a.Attachments["invite.ics"])
	}
	ev := cal.Events()
	if len(ev) != 1 {
		t.Fatalf("%d events in the attachment", len(ev))
	}
	if start, err := ev[0].DateTimeStart(time.UTC); err != nil || !start.Equal(m.StartsAt) {
		t.Errorf("event starts %v (%v), session %v", start, err, m.StartsAt)
	}

	bob := byTo(got, "bob@example.org")
	if len(bob) != 1 {
		t.Fatalf("bob got %d messages", len(bob))
	}
	contains(t, "waitlist subject", bob[0].Header.Get("Subject"), "On the waitlist")
	contains(t, "waitlist text", bob[0].Text, "You do not have a place yet")
	// Every booking email can stop reminders in one click; only those
	// who asked for reminders are told they get them.
	if bob[0].Header.Get("List-Unsubscribe") == "" || strings.Contains(bob[0].Text, "You get reminders") {
		t.Errorf("a booking without reminders: List-Unsubscribe %q, footer:\n%s", bob[0].Header.Get("List-Unsubscribe"), bob[0].Text)
	}
	contains(t, "a booking with reminders", a.Text, "You get reminders because you asked for them")
	if _, ok := bob[0].Attachments["invite.ics"]; ok {
		t.Error("a waitlisted booking got a calendar entry")
	}

	// Ann goes down to one: Bob's place comes up.
	if _, err := h.st.ChangeParty(ctx, model.Actor{}, store.BookingKey{Reference: annRef}, store.PartyChange{PartySize: 1}); err != nil {
		t.Fatal(err)
	}
	got = h.waitFor(4, 10*time.Second)
	contains(t, "changed", byTo(got, "ann@example.org")[1].Text, "It is now for 1 person")
	promoted := byTo(got, "bob@example.org")[1]
	contains(t, "promoted subject", promoted.Header.Get("Subject"), "A place came up")
	if _, ok := promoted.Attachments["invite.ics"]; !ok {
		t.Error("the promotion has no calendar entry")
	}
	// Like a confirmation, it carries the check-in QR code for the door.
	cid := "check-in-" + strings.ToLower(bobRef) + "@hubbook.example.org"
	contains(t, "promoted html", promoted.HTML, `src="cid:`+cid+`"`, "Show this code at the door")
	contains(t, "promoted text", promoted.Text, "At the door, show your reference "+bobRef)
	if _, ok := promoted.Inline[cid]; !ok {
		t.Errorf("the promotion has no QR code part %s", cid)
	}

	// Staff move the session an hour later: both are told, with before and after.
	before := m.StartsAt
	if n := h.staffEdit(m, func(f *store.NewSession) {
		f.StartsAt, f.EndsAt = f.StartsAt.Add(time.Hour), f.EndsAt.Add(time.Hour)
	}); n != 2 {
		t.Errorf("notified %d, want 2", n)
	}
	got = h.waitFor(6, 10*time.Second)
	moved := byTo(got, "ann@example.org")[2]
	contains(t, "session changed", moved.Text, "Was: "+before.In(london).Format("Monday 2 January, 15:04"),
		"Now: "+before.Add(time.Hour).In(london).Format("Monday 2 January, 15:04"))

	// Then cancel it.
	m, _ = h.st.Session(ctx, m.PublicID)
	done, err := h.st.CancelSession(ctx, model.Actor{}, m.PublicID, "The tutor is unwell")
	if err != nil || done.Notified != 2 {
		t.Fatalf("cancel: notified %d, %v", done.Notified, err)
	}
	got = h.waitFor(8, 10*time.Second)
	off := byTo(got, "bob@example.org")[3]
	contains(t, "session cancelled", off.Text, "is cancelled", "Why: The tutor is unwell")

	// Then put it back on: both hear that too.
	back, err := h.st.ReinstateSession(ctx, model.Actor{}, m.PublicID)
	if err != nil || back.Notified != 2 {
		t.Fatalf("reinstate: notified %d, %v", back.Notified, err)
	}
	got = h.waitFor(10, 30*time.Second) // it waits for the cancellation to settle
	contains(t, "back on", byTo(got, "bob@example.org")[4].Header.Get("Subject"), "Back on: Healthy eating on a budget")

	// Ann cancels her booking: a last message, and no reminder ever.
	if _, err := h.st.CancelBooking(ctx, model.Actor{}, store.BookingKey{Reference: annRef}); err != nil {
		t.Fatal(err)
	}
	got = h.waitFor(11, 10*time.Second)
	contains(t, "cancelled", byTo(got, "ann@example.org")[5].Header.Get("Subject"), "Booking cancelled")
}

// A header-injection attempt in a name or a title never reaches a header,
// and a 10,000-character description arrives whole.
func TestMail_HostileNamesAndLongDescriptions(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	m := h.session(72*time.Hour, "Money\r\nBcc: victim@example.org")
	long := strings.Repeat("Bring your letters. ", 500) // 10,000 characters
	f := fieldsOf(m)
	f.Description = long
	if _, err := h.st.UpdateSession(ctx, model.Actor{}, m.PublicID, store.SessionEdit{Fields: f, Version: store.Version(m.UpdatedAt)}, nil); err != nil {
		t.Fatal(err)
	}
	h.book(m, "Eve\r\nBcc: spy@example.org", "eve@example.org", 1, false)
	for _, j := range h.jobs() {
		if err := h.deliver(j.Args); err != nil {
			t.Fatal(err)
		}
	}
	got := h.waitFor(1, 5*time.Second)
	if len(got) != 1 || got[0].To != "eve@example.org" {
		t.Fatalf("delivered to %v", got)
	}
	head, _, _ := strings.Cut(got[0].Raw, "\r\n\r\n")
	if strings.Contains(strings.ToLower(head), "\nbcc:") {
		t.Errorf("a header was injected:\n%s", head)
	}
	if !strings.Contains(got[0].Text, strings.TrimSpace(long)) {
		t.Error("the description did not arrive whole in the text part")
	}
	if n := strings.Count(got[0].HTML, "Bring your letters."); n != 500 {
		t.Errorf("the HTML part has the description's sentence %d times, want 500", n)
	}
	for _, line := range strings.Split(got[0].Raw, "\r\n") {
		if len(line) > 998 {
			t.Fatalf("a line of %d octets (SMTP allows 998)", len(line))
		}
	}
}

// The feedback request is scheduled after the session only when it is
// switched on (FEEDBACK_EMAILS), and says thank you with its link.
func TestMail_FeedbackRequestOnlyWhenSwitchedOn(t *testing.T) {
	h := newHarness(t, nil)
	m := h.session(72*time.Hour, "Chair yoga")
	h.book(m, "Ann", "ann@example.org", 1, false)
	if n := len(h.jobsOf(model.MailFeedback)); n != 0 {
		t.Errorf("%d feedback requests with the setting off", n)
	}
	on := rules
	on.FeedbackAfter = 2 * time.Hour
	h.st = h.st.WithBooking(on, nil)
	h.book(m, "Bob", "bob@example.org", 1, false)
	jobs := h.jobsOf(model.MailFeedback)
	if len(jobs) != 1 || !jobs[0].ScheduledAt.Equal(m.EndsAt.Add(2*time.Hour)) {
		t.Fatalf("feedback jobs: %+v, want one at %v", jobs, m.EndsAt.Add(2*time.Hour))
	}
	// Run early (a clock out of step), it does not apply.
	if err := h.deliver(jobs[0].Args); err != nil {
		t.Fatal(err)
	}
	if e := h.logEntry(jobs[0].Args.Key); e.Status != model.MailDropped || e.Note != "the session has not ended" {
		t.Errorf("feedback before the end: %s (%s)", e.Status, e.Note)
	}

	// The session is moved a day later: a new request is scheduled for
	// the new end, and the old one no longer applies.
	m, _ = h.st.Session(context.Background(), m.PublicID)
	h.staffEdit(m, func(f *store.NewSession) {
		f.StartsAt, f.EndsAt = f.StartsAt.Add(24*time.Hour), f.EndsAt.Add(24*time.Hour)
	})
	bob := jobs[0].Args.Booking
	jobs = nil
	for _, j := range h.jobsOf(model.MailFeedback) {
		if j.Args.Booking == bob { // (Ann's booking now gets one too: the setting is on)
			jobs = append(jobs, j)
		}
	}
	if len(jobs) != 2 || !jobs[1].ScheduledAt.Equal(m.EndsAt.Add(26*time.Hour)) {
		t.Fatalf("feedback jobs after the move: %+v", jobs)
	}
	after := h.mailerAt(func() time.Time { return m.EndsAt.Add(27 * time.Hour) })
	if err := after.Deliver(context.Background(), jobs[0].Args, 1, store.MailAttempts); err != nil {
		t.Fatal(err)
	}
	if e := h.logEntry(jobs[0].Args.Key); e.Status != model.MailDropped || !strings.Contains(e.Note, "moved") {
		t.Errorf("the old request: %s (%s)", e.Status, e.Note)
	}
	h.markAttended(bob, 1) // the register says Bob came
	if err := after.Deliver(context.Background(), jobs[1].Args, 1, store.MailAttempts); err != nil {
		t.Fatal(err)
	}
	got := h.waitFor(1, 5*time.Second)
	contains(t, "feedback", got[0].Text, "Thank you for coming to Chair yoga", "How useful was it?", "https://hubbook.example.org/bookings/")
	if got[0].To != "bob@example.org" {
		t.Errorf("feedback went to %s", got[0].To)
	}
}

// A session cancelled and put back before anyone was told of the
// cancellation: nobody hears either. People on the waitlist get no
// calendar entry with a session's news.
func TestMail_SessionNewsOnlyWhenItMeansSomething(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	m := h.session(72*time.Hour, "Stitch and chat")
	h.staffEdit(m, func(f *store.NewSession) { f.Capacity = new(1) })
	h.book(m, "Ann", "ann@example.org", 1, false)
	h.book(m, "Bob", "bob@example.org", 1, false) // waits
	if _, err := h.st.CancelSession(ctx, model.Actor{}, m.PublicID, "Oops"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.ReinstateSession(ctx, model.Actor{}, m.PublicID); err != nil {
		t.Fatal(err)
	}
	// The news that it is back on waits while the cancellation is still
	// on its way...
	backOn := h.jobsOf(model.MailSessionBackOn)
	var snooze *river.JobSnoozeError
	if err := h.deliver(backOn[0].Args); !errors.As(err, &snooze) {
		t.Errorf("back on before the cancellation settled: %v, want a snooze", err)
	}
	// ...which, run now, finds the session back on and is dropped; then
	// the news is dropped too: they never heard it was off.
	for _, kind := range []model.MailKind{model.MailSessionCancelled, model.MailSessionBackOn} {
		for _, j := range h.jobsOf(kind) {
			if err := h.deliver(j.Args); err != nil {
				t.Fatal(err)
			}
			h.completed(j.Args.Key)
			if e := h.logEntry(j.Args.Key); e.Status != model.MailDropped {
				t.Errorf("%s: %s, want dropped", kind, e.Status)
			}
		}
	}
	m, _ = h.st.Session(ctx, m.PublicID)
	h.staffEdit(m, func(f *store.NewSession) { f.StartsAt, f.EndsAt = f.StartsAt.Add(time.Hour), f.EndsAt.Add(time.Hour) })
	for _, j := range h.jobsOf(model.MailSessionChanged) {
		if err := h.deliver(j.Args); err != nil {
			t.Fatal(err)
		}
	}
	got := h.waitFor(2, 5*time.Second)
	if _, ok := byTo(got, "ann@example.org")[0].Attachments["invite.ics"]; !ok {
		t.Error("the person booked got no updated calendar entry")
	}
	if _, ok := byTo(got, "bob@example.org")[0].Attachments["invite.ics"]; ok {
		t.Error("the person waiting got a calendar entry")
	}
}

// A staff member who forgot their password gets a link by email that
// works once; a disabled account gets nothing; an unknown address is
// not queued at all.
func TestMail_PasswordResetLinkArrivesAndWorks(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	u := testutilUser(t, h, "sam@library.example.org")
	if err := h.st.QueuePasswordReset(ctx, "SAM@library.example.org", "n1"); err != nil {
		t.Fatal(err)
	}
	if err := h.st.QueuePasswordReset(ctx, "nobody@library.example.org", "n2"); err != nil {
		t.Fatal(err)
	}
	jobs := h.jobsOf(model.MailPasswordReset)
	if len(jobs) != 1 || jobs[0].Args.User != u.ID {
		t.Fatalf("reset jobs: %+v", jobs)
	}
	if err := h.deliver(jobs[0].Args); err != nil {
		t.Fatal(err)
	}
	got := h.waitFor(1, 5*time.Second)
	contains(t, "reset", got[0].Text, "https://hubbook.example.org/reset/")
	if got[0].Header.Get("List-Unsubscribe") != "" {
		t.Error("a reset email offers to stop reminders")
	}
	_, link, _ := strings.Cut(got[0].Text, "https://hubbook.example.org/reset/")
	token, _, _ := strings.Cut(link, "\n")
	found, err := h.st.PasswordResetUser(ctx, authHash(token), time.Now())
	if err != nil || found.ID != u.ID {
		t.Errorf("the emailed link finds %+v, %v", found, err)
	}
}

// When a session's walk-in reserve opens, the workers' periodic job gives
// its places to the people waiting, who are told at once.
func TestMail_ReserveOpeningGivesPlacesToTheWaitlistAndTellsThem(t *testing.T) {
	h := newHarness(t, nil)
	m := h.session(90*time.Minute, "Family storytime")
	h.staffEdit(m, func(f *store.NewSession) { f.Capacity, f.WalkInReserve = new(3), 1 })
	// Booked an hour ago, while the reserve was still held back.
	earlier := h.st.WithBooking(rules, func() time.Time { return time.Now().Add(-time.Hour) })
	for _, p := range []struct {
		name, email string
		party       int
	}{{"Ann", "ann@example.org", 2}, {"Bob", "bob@example.org", 1}} {
		_, hash := auth.NewToken()
		if _, err := earlier.BookPlaces(context.Background(), store.BookingRequest{SessionPublicID: m.PublicID,
			Source: model.SourceOnline, TokenHash: hash, Name: p.name, Email: p.email, PartySize: p.party, Waitlist: true}); err != nil {
			t.Fatal(err)
		}
	}
	h.work()
	deadline := time.Now().Add(20 * time.Second)
	for len(byTo(h.server.messages(), "bob@example.org")) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("bob got %d messages, want the waitlist one and the place", len(byTo(h.server.messages(), "bob@example.org")))
		}
		time.Sleep(50 * time.Millisecond)
	}
	contains(t, "promoted", byTo(h.server.messages(), "bob@example.org")[1].Header.Get("Subject"), "A place came up")
}

// A lost link, asked for again, arrives at the address the booking was
// made with and opens the booking.
func TestMail_LostLinkArrivesAtTheAddressBookedWith(t *testing.T) {
	h := newHarness(t, nil)
	m := h.session(72*time.Hour, "Tenancy rights")
	ref, token := h.book(m, "Ann", "ann@example.org", 1, false)
	if err := h.st.QueueBookingLinks(context.Background(), "ANN@example.org", "n1"); err != nil {
		t.Fatal(err)
	}
	jobs := h.jobsOf(model.MailBookingLink)
	if len(jobs) != 1 {
		t.Fatalf("%d link emails queued", len(jobs))
	}
	if err := h.deliver(jobs[0].Args); err != nil {
		t.Fatal(err)
	}
	got := h.waitFor(1, 5*time.Second)
	if got[0].To != "ann@example.org" {
		t.Errorf("sent to %s", got[0].To)
	}
	contains(t, "link", got[0].Text, ref, "https://hubbook.example.org/bookings/"+token)
}
