package notify_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/notify"
	"hubbook/internal/qr"
	"hubbook/internal/store"
)

// markAttended marks booking id as the register would: n came (0 is a
// no-show).
func (h *harness) markAttended(id int64, n int) {
	h.t.Helper()
	if _, err := h.db.Exec(`UPDATE bookings SET attended = $2, marked_at = now() WHERE id = $1`, id, n); err != nil {
		h.t.Fatal(err)
	}
}

// bookingOf is the booking with reference ref.
func (h *harness) bookingOf(ref string) model.Booking {
	h.t.Helper()
	b, err := h.st.Booking(context.Background(), store.BookingKey{Reference: ref})
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// The confirmation carries the booking's check-in QR code as an image
// embedded in the message (the HTML shows it by its Content-ID, with alt
// text); the code is the booking's signed check-in link; the plain text
// says to show the reference at the door.
func TestMail_ConfirmationCarriesTheCheckInQRCode(t *testing.T) {
	h := newHarness(t, nil)
	h.work()
	m := h.session(72*time.Hour, "Digital drop-in")
	ref, _ := h.book(m, "Ann Example", "ann@example.org", 1, false)
	got := h.waitFor(1, 10*time.Second)[0]

	cid := "check-in-" + strings.ToLower(ref) + "@hubbook.example.org"
	contains(t, "html", got.HTML, `src="cid:`+cid+`"`, `alt="QR code to check in for booking `+ref+`"`, "Show this code at the door")
	contains(t, "text", got.Text, "At the door, show your reference "+ref)
	if strings.Contains(got.Text, "/check-in/") {
		t.Error("the plain text carries the check-in link, which only staff can use")
	}
	img, ok := got.Inline[cid]
	if !ok {
		t.Fatalf("no inline part with Content-ID %s; inline parts: %v", cid, keys(got.Inline))
	}
	if img.Type != "image/png" {
		t.Errorf("inline part is %s", img.Type)
	}
	if _, ok := got.Attachments["invite.ics"]; !ok {
		t.Error("the calendar attachment went missing")
	}

	// The picture is the QR code of the booking's check-in link, which
	// verifies for this booking and session only.
	code := auth.CheckInCode(checkIns, ref, m.PublicID)
	if !auth.VerifyCheckInCode(checkIns, code, ref, m.PublicID) {
		t.Fatal("the check-in code does not verify")
	}
	want, err := qr.New("https://hubbook.example.org/check-in/" + code)
	if err != nil {
		t.Fatal(err)
	}
	pic, err := png.Decode(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatal(err)
	}
	n := want.Size()
	px := pic.Bounds().Dx() / n
	if px < 3 || pic.Bounds().Dx() != px*n || pic.Bounds().Dy() != px*n {
		t.Fatalf("a %v picture for a code of %d modules", pic.Bounds(), n)
	}
	for y := range n {
		for x := range n {
			r, _, _, _ := pic.At(px*x+px/2, px*y+px/2).RGBA()
			if dark := r < 0x8000; dark != want.Dark(x, y) {
				t.Fatalf("module %d,%d of the picture is not the check-in link's code", x, y)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The feedback request goes only to people who came: sent when the
// register marks them attended; dropped, with a note, for a no-show; put
// off while their session's register is open and unmarked for up to three
// days after the end (a paper register typed in later still counts); and
// dropped after that, or when the register was closed without them.
func TestMail_FeedbackRequestOnlyAfterComing(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	on := rules
	on.FeedbackAfter = 2 * time.Hour
	h.st = h.st.WithBooking(on, nil)
	m := h.session(72*time.Hour, "Chair yoga")
	h.staffEdit(m, func(f *store.NewSession) { f.Capacity = new(10) })
	came, _ := h.book(m, "Ann", "ann@example.org", 2, false)
	noShow, _ := h.book(m, "Bob", "bob@example.org", 1, false)
	unmarked, _ := h.book(m, "Cat", "cat@example.org", 1, false)
	h.markAttended(h.bookingOf(came).ID, 1) // one of the party of two came
	h.markAttended(h.bookingOf(noShow).ID, 0)

	job := func(ref string) model.MailArgs {
		t.Helper()
		id := h.bookingOf(ref).ID
		for _, j := range h.jobsOf(model.MailFeedback) {
			if j.Args.Booking == id {
				return j.Args
			}
		}
		t.Fatalf("no feedback request for %s", ref)
		return model.MailArgs{}
	}
	at := func(d time.Duration) *notify.Mailer { return h.mailerAt(func() time.Time { return m.EndsAt.Add(d) }) }
	deliver := func(mailer *notify.Mailer, a model.MailArgs) error {
		return mailer.Deliver(ctx, a, 1, store.MailAttempts)
	}

	// Two hours after the end.
	soon := at(2 * time.Hour)
	if err := deliver(soon, job(came)); err != nil {
		t.Fatal(err)
	}
	got := h.waitFor(1, 5*time.Second)
	if got[0].To != "ann@example.org" {
		t.Errorf("feedback went to %s", got[0].To)
	}
	contains(t, "feedback", got[0].Text, "Thank you for coming to Chair yoga")
	if err := deliver(soon, job(noShow)); err != nil {
		t.Fatal(err)
	}
	if e := h.logEntry(job(noShow).Key); e.Status != model.MailDropped || !strings.Contains(e.Note, "no-show") {
		t.Errorf("no-show: %s (%s)", e.Status, e.Note)
	}
	err := deliver(soon, job(unmarked))
	var snooze *river.JobSnoozeError
	if !errors.As(err, &snooze) || snooze.Duration != 6*time.Hour {
		t.Fatalf("unmarked with the register open: %v, want it put off 6 hours", err)
	}
	if entries, _ := h.st.MailLog(ctx, store.MailLogFilter{Limit: 100}); len(entries) != 2 {
		t.Errorf("%d mail log entries after putting one off, want 2 (sent and dropped)", len(entries))
	}

	// The paper register is typed in the next day: Cat came, and hears.
	h.markAttended(h.bookingOf(unmarked).ID, 1)
	if err := deliver(at(26*time.Hour), job(unmarked)); err != nil {
		t.Fatal(err)
	}
	if n := len(byTo(h.waitFor(2, 5*time.Second), "cat@example.org")); n != 1 {
		t.Errorf("cat got %d feedback requests", n)
	}
	if len(byTo(h.server.messages(), "bob@example.org")) != 0 {
		t.Error("the no-show was asked for feedback")
	}
}

// An unmarked booking's request is dropped once the register can no
// longer be expected: three days after the end, or when it was closed.
func TestMail_FeedbackRequestDroppedWhenTheRegisterNeverSaysSo(t *testing.T) {
	h := newHarness(t, nil)
	on := rules
	on.FeedbackAfter = 2 * time.Hour
	h.st = h.st.WithBooking(on, nil)
	late := h.session(72*time.Hour, "Walking group")
	h.book(late, "Ann", "ann@example.org", 1, false)
	closed := h.session(96*time.Hour, "Stitch and chat")
	h.book(closed, "Bob", "bob@example.org", 1, false)
	if _, err := h.db.Exec(`UPDATE programme_sessions SET register_closed_at = now() WHERE id = $1`, closed.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		m     model.Session
		after time.Duration
		note  string
	}{
		{late, 3*24*time.Hour + time.Minute, "the register was never marked"},
		{closed, 3 * time.Hour, "the register was closed without marking this booking"},
	} {
		var args model.MailArgs
		for _, j := range h.jobsOf(model.MailFeedback) {
			if b, _ := h.st.Booking(context.Background(), store.BookingKey{ID: j.Args.Booking}); b.SessionID == c.m.ID {
				args = j.Args
			}
		}
		mailer := h.mailerAt(func() time.Time { return c.m.EndsAt.Add(c.after) })
		if err := mailer.Deliver(context.Background(), args, 1, store.MailAttempts); err != nil {
			t.Fatalf("%s: %v", c.m.Title, err)
		}
		if e := h.logEntry(args.Key); e.Status != model.MailDropped || e.Note != c.note {
			t.Errorf("%s: %s (%s), want dropped (%s)", c.m.Title, e.Status, e.Note, c.note)
		}
	}
	if n := len(h.server.messages()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
}
