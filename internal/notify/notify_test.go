package notify_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/riverqueue/river/rivertype"
	gomail "github.com/wneessen/go-mail"

	"hubbook/internal/auth"
	"hubbook/internal/config"
	"hubbook/internal/model"
	"hubbook/internal/notify"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/templates"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// harness is a fresh database, a store that queues mail, a mail server on
// loopback, and the mailer between them.
type harness struct {
	t      *testing.T
	db     *sqlx.DB
	st     *store.Store
	server *mailServer
	seal   *auth.Sealer
	mailer *notify.Mailer
	// sender is what the mailer sends through: the server, unless a test
	// wraps it.
	sender notify.Sender
}

var rules = model.BookingRules{Reminders: []time.Duration{24 * time.Hour, 2 * time.Hour}, ReserveOpens: 2 * time.Hour}

func newHarness(t *testing.T, answer func(rcpt string, before int) error) *harness {
	t.Helper()
	t.Parallel()
	h := &harness{t: t, db: pgtest.New(t), server: startMailServer(t, answer)}
	h.db.SetMaxOpenConns(10)
	h.st = store.New(h.db).WithBooking(rules, nil)
	var err error
	if h.seal, err = auth.NewSealer(strings.Repeat("x", 32), "manage link"); err != nil {
		t.Fatal(err)
	}
	smtpSender, err := notify.NewSMTP(config.SMTP{Host: "127.0.0.1", Port: h.server.Port, TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	h.sender = smtpSender
	h.mailer = h.mailerAt(nil)
	return h
}

// mailerAt is a mailer over the harness's store and server whose clock is
// now (nil: the system clock).
func (h *harness) mailerAt(now func() time.Time) *notify.Mailer {
	h.t.Helper()
	ids, err := auth.NewKeyed(strings.Repeat("x", 32), "message id")
	if err != nil {
		h.t.Fatal(err)
	}
	m, err := notify.New(notify.Config{
		Store: h.st, Sender: senderFunc(func(ctx context.Context, m *gomail.Msg) error { return h.sender.Send(ctx, m) }),
		From: `"Test Libraries" <noreply@hubbook.example.org>`, BaseURL: &url.URL{Scheme: "https", Host: "hubbook.example.org"},
		ServiceName: "Test Libraries", ServicePhone: "0131 496 0000", Location: testutil.London(h.t),
		Sealer: h.seal, IDs: ids, CheckIns: checkIns, Templates: templates.FS, Workers: 4, Poll: 20 * time.Millisecond, Retry: quickRetry{},
		Now: now,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

// quickRetry tries a failed message again at once (River's scheduler
// still takes up to 5 seconds to make it due).
type quickRetry struct{}

func (quickRetry) NextRetry(*rivertype.JobRow) time.Time {
	return time.Now().Add(10 * time.Millisecond)
}

// work runs the mail workers until the test ends.
func (h *harness) work() {
	h.t.Helper()
	c, err := h.mailer.Client(h.db.DB)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c.Stop(ctx)
	})
}

// waitFor waits until the server has n messages (or more), and returns
// them; it fails the test after timeout.
func (h *harness) waitFor(n int, timeout time.Duration) []received {
	h.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := h.server.messages()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%d messages arrived, want %d", len(got), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// session is a bookable session starting in d, at a venue with a space.
func (h *harness) session(d time.Duration, title string) model.Session {
	h.t.Helper()
	v := testutil.CreateVenue(h.t, h.st, model.Venue{Name: "Central Library", Address: "7 Library Wynd\nEdinburgh", Postcode: "EH1 1LW"})
	sp := testutil.CreateSpace(h.t, h.st, v, model.Space{Name: "Room 2"})
	return testutil.CreateSession(h.t, h.st, testutil.Session{Title: title, Venue: v, Space: &sp,
		Start: time.Now().Add(d).Truncate(time.Minute), Capacity: 2})
}

// book books party places on m for name at email, as a citizen online,
// and returns the reference and the manage link's token.
func (h *harness) book(m model.Session, name, email string, party int, reminders bool) (string, string) {
	h.t.Helper()
	token, hash := auth.NewToken()
	res, err := h.st.BookPlaces(context.Background(), store.BookingRequest{
		SessionPublicID: m.PublicID, Source: model.SourceOnline, TokenHash: hash, TokenSealed: h.seal.Seal(token),
		Name: name, Email: email, PartySize: party, Reminders: reminders, Waitlist: true,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return res.Reference, token
}

// queued is a mail job as River keeps it.
type queued struct {
	Args        model.MailArgs
	State       string
	ScheduledAt time.Time
}

// jobs returns the mail jobs in the order they were queued.
func (h *harness) jobs() []queued {
	h.t.Helper()
	var rows []struct {
		Args        []byte    `db:"args"`
		State       string    `db:"state"`
		ScheduledAt time.Time `db:"scheduled_at"`
	}
	if err := h.db.Select(&rows, `SELECT args, state, scheduled_at FROM river_job WHERE kind = 'mail' ORDER BY id`); err != nil {
		h.t.Fatal(err)
	}
	out := make([]queued, len(rows))
	for i, r := range rows {
		if err := json.Unmarshal(r.Args, &out[i].Args); err != nil {
			h.t.Fatal(err)
		}
		out[i].State, out[i].ScheduledAt = r.State, r.ScheduledAt
	}
	return out
}

// jobsOf returns the queued jobs of kind.
func (h *harness) jobsOf(kind model.MailKind) []queued {
	var out []queued
	for _, j := range h.jobs() {
		if j.Args.Message == kind {
			out = append(out, j)
		}
	}
	return out
}

// deliver runs one job's work now, as its first try.
func (h *harness) deliver(a model.MailArgs) error {
	return h.mailer.Deliver(context.Background(), a, 1, store.MailAttempts)
}

// logEntry is the outgoing mail log's row for key.
func (h *harness) logEntry(key string) model.MailLogEntry {
	h.t.Helper()
	entries, err := h.st.MailLog(context.Background(), store.MailLogFilter{Limit: 1000})
	if err != nil {
		h.t.Fatal(err)
	}
	for _, e := range entries {
		if e.Key == key {
			return e
		}
	}
	h.t.Fatalf("no mail log entry %s", key)
	return model.MailLogEntry{}
}

// fieldsOf is m as an edit form would send it back unchanged.
func fieldsOf(m model.Session) store.NewSession {
	n := store.NewSession{Title: m.Title, Summary: m.Summary, Description: m.Description, ThemeID: m.Theme.ID,
		AudienceID: m.Audience.ID, VenueID: m.Venue.ID, StartsAt: m.StartsAt, EndsAt: m.EndsAt,
		BookingRequired: m.BookingRequired, Capacity: m.Capacity, WalkInReserve: m.WalkInReserve,
		ChildrenWelcome: m.ChildrenWelcome, AccessNotes: m.AccessNotes}
	if m.Space != nil {
		n.SpaceID = &m.Space.ID
	}
	return n
}

// staffEdit saves fields as m's new details, by a staff member, and
// returns how many bookings were told.
func (h *harness) staffEdit(m model.Session, change func(*store.NewSession)) int {
	h.t.Helper()
	f := fieldsOf(m)
	change(&f)
	done, err := h.st.UpdateSession(context.Background(), model.Actor{}, m.PublicID, store.SessionEdit{Fields: f, Version: store.Version(m.UpdatedAt)}, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	return done.Notified
}

// byTo finds the messages to rcpt.
func byTo(got []received, rcpt string) []received {
	var out []received
	for _, r := range got {
		if r.To == rcpt {
			out = append(out, r)
		}
	}
	return out
}

// contains fails the test unless s contains each of want.
func contains(t *testing.T, what, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, s)
		}
	}
}

// senderFunc is a function as a notify.Sender.
type senderFunc func(ctx context.Context, m *gomail.Msg) error

func (f senderFunc) Send(ctx context.Context, m *gomail.Msg) error { return f(ctx, m) }

var london, _ = time.LoadLocation("Europe/London")

// checkIns signs the check-in links in confirmations, as HUBBOOK_SECRET
// does in service.
var checkIns, _ = auth.NewKeyed(strings.Repeat("x", 32), "check-in link")

func testutilUser(t *testing.T, h *harness, email string) model.User {
	t.Helper()
	return testutil.CreateUser(t, h.st, model.User{Role: model.RoleStaff, Email: email, Name: "Sam"})
}

func authHash(token string) []byte { return auth.HashToken(strings.TrimSpace(token)) }

// completed marks the job of key completed, as River does after its work
// returns (tests that call Deliver themselves run no River client).
func (h *harness) completed(key string) {
	h.t.Helper()
	if _, err := h.db.Exec(`UPDATE river_job SET state = 'completed', finalized_at = now() WHERE args->>'key' = $1`, key); err != nil {
		h.t.Fatal(err)
	}
}
