// Package notify composes and sends hubbook's emails: booking
// confirmations, waitlist news, session changes, reminders, feedback
// requests and password reset links. Each message is a River job inserted
// by the store in the transaction of the change that causes it; the
// workers here run them, inside `serve` or in `hubbook worker` processes.
package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivertype"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// Config is what the workers need.
type Config struct {
	Store  *store.Store
	Sender Sender
	// From is the sender of every message (MAIL_FROM).
	From         string
	BaseURL      *url.URL
	ServiceName  string
	ServicePhone string
	Location     *time.Location
	// Sealer opens the bookings' sealed manage links; nil sends emails
	// without them.
	Sealer *auth.Sealer
	// IDs makes each message's Message-ID from its key, so that it is the
	// same on every try but differs between installations (and after a
	// database is restored, when ids repeat). Nil uses a plain hash.
	IDs *auth.Keyed
	// Templates holds email/ (templates.FS).
	Templates fs.FS
	Log       *slog.Logger
	// Workers is how many messages this process sends at once.
	Workers int
	// Retry decides when a failed message is tried again; nil is River's
	// default (attempt⁴ seconds, with jitter). Tests make it quick.
	Retry river.ClientRetryPolicy
	// Poll is how often idle workers look for due jobs (default 1s).
	Poll time.Duration
	Now  func() time.Time
	// CheckIns signs the check-in link in a confirmation's QR code (the
	// same key as the web's); nil sends confirmations without one.
	CheckIns *auth.Keyed
	// Retention is how long after a session the retention job anonymises
	// its bookings (RETENTION_DAYS); zero runs no retention job.
	Retention time.Duration
}

// resetLinkLife is how long an emailed password reset link works.
const resetLinkLife = time.Hour

// Mailer sends the emails the store queues.
type Mailer struct {
	cfg     Config
	letters *letters
}

// New parses the email templates (a broken one stops the start).
func New(cfg Config) (*Mailer, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	l, err := parseLetters(cfg.Templates)
	if err != nil {
		return nil, err
	}
	return &Mailer{cfg: cfg, letters: l}, nil
}

// Client returns a River client that runs the email jobs on db's pool,
// polling for due jobs (lib/pq has no LISTEN for River): Start it, and
// Stop it after the HTTP server at shutdown.
func (m *Mailer) Client(db *sql.DB) (*river.Client[*sql.Tx], error) {
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &worker{m: m}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &reserveWorker{m: m}); err != nil {
		return nil, err
	}
	periodic := []*river.PeriodicJob{reserveJob()}
	if m.cfg.Retention > 0 {
		if err := river.AddWorkerSafely(workers, &retentionWorker{m: m}); err != nil {
			return nil, err
		}
		periodic = append(periodic, retentionJob())
	}
	return river.NewClient(riverdatabasesql.New(db), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: max(m.cfg.Workers, 1)}},
		Workers:           workers,
		PeriodicJobs:      periodic,
		PollOnly:          true,
		FetchPollInterval: orDefault(m.cfg.Poll, time.Second),
		// River fetches at most once per cooldown: its default (100 ms)
		// capped sending at MAIL_WORKERS messages per 100 ms while the
		// machine idled (bench/email: 50 msg/s with 5 workers, 149 at 10 ms).
		FetchCooldown: min(orDefault(m.cfg.Poll, time.Second), 10*time.Millisecond),
		RetryPolicy:   m.cfg.Retry,
		JobTimeout:    2 * time.Minute,
		// A job left running by a process that died runs again after this
		// (River's default is an hour after JobTimeout).
		RescueStuckJobsAfter: 5 * time.Minute,
		// Completed jobs are kept a week (River's default is a day): while
		// kept, they also stop the same message being queued again. The
		// outgoing mail log (mail_log) is the lasting record.
		CompletedJobRetentionPeriod: 7 * 24 * time.Hour,
		Logger:                      m.cfg.Log,
	})
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// worker runs one email job.
type worker struct {
	river.WorkerDefaults[model.MailArgs]
	m *Mailer
}

func (w *worker) Work(ctx context.Context, job *river.Job[model.MailArgs]) error {
	return w.m.Deliver(ctx, job.Args, job.Attempt, job.MaxAttempts)
}

// errDrop is a message that no longer applies, and why.
type errDrop struct{ why string }

func (e errDrop) Error() string { return e.why }

// errWait is a message that must wait for another to the same booking to
// be settled first; it is tried again after waitFor.
var errWait = errors.New("another message to this booking goes first")

// waitFor is how long a message waiting for another is put off.
const waitFor = 5 * time.Second

// errLater is a message that may apply later (a feedback request whose
// register is not typed in yet): it is put off for d.
type errLater struct {
	d   time.Duration
	why string
}

func (e errLater) Error() string { return e.why }

// errCannotMake is a message that cannot be made (a broken calendar
// file): it is recorded as failed, not tried again.
type errCannotMake struct{ err error }

func (e errCannotMake) Error() string { return e.err.Error() }
func (e errCannotMake) Unwrap() error { return e.err }

// Deliver sends the message a describes, as the attempt-th of attempts
// tries. It reads the booking or account again first and drops a message
// that no longer applies; it records every try in the outgoing mail log,
// whose sent-ledger keeps a message from going twice. A temporary failure
// is returned, for River to retry; a permanent one is recorded and
// cancels the job.
func (m *Mailer) Deliver(ctx context.Context, a model.MailArgs, attempt, attempts int) error {
	st := m.cfg.Store
	// The ledger is written whatever happens to the job's context (a
	// timeout, a shutdown): a message the server accepted must be
	// recorded as sent.
	ledger := context.WithoutCancel(ctx)
	l, err := m.letter(ctx, a)
	try := store.MailAttempt{Key: a.Key, Kind: a.Message, BookingID: a.Booking, UserID: a.User,
		Recipient: l.to, MessageID: m.messageID(a.Key)}
	if errors.Is(err, errWait) {
		return river.JobSnooze(waitFor)
	}
	if later, ok := errors.AsType[errLater](err); ok {
		m.cfg.Log.Info("mail put off", "key", a.Key, "for", later.d, "why", later.why)
		return river.JobSnooze(later.d)
	}
	if drop, ok := errors.AsType[errDrop](err); ok {
		m.cfg.Log.Info("mail dropped", "key", a.Key, "why", drop.why)
		return st.MailDropped(ledger, try, drop.why)
	}
	if cannot, ok := errors.AsType[errCannotMake](err); ok {
		return m.failed(ledger, try, cannot.err)
	}
	if err != nil {
		return err
	}
	r, err := m.letters.render(l.Letter)
	if err != nil {
		return m.failed(ledger, try, fmt.Errorf("render: %w", err))
	}
	try.Subject = r.Subject
	sent, interrupted, err := st.BeginMail(ledger, try)
	switch {
	case errors.Is(err, store.ErrErased):
		m.cfg.Log.Info("mail dropped", "key", a.Key, "why", "the booking's details were removed")
		try.Recipient = ""
		return st.MailDropped(ledger, try, "the person's details were removed (retention or on request) before it went")
	case err != nil:
		return err
	case sent:
		m.cfg.Log.Info("mail already sent", "key", a.Key)
		return nil
	case interrupted:
		m.cfg.Log.Warn("mail sent again after an interrupted attempt", "key", a.Key)
	}
	if a.Message == model.MailPasswordReset {
		// The link is made now, as it goes: it is never stored where it
		// could be read back.
		if r, err = m.resetLink(ctx, a, l); err != nil {
			_ = st.MailFailed(ledger, a.Key, attempt >= attempts, false, "make the reset link: "+err.Error())
			return err
		}
	}
	msg, err := build(envelope{From: m.cfg.From, To: l.to, ToName: l.Name, MessageID: try.MessageID,
		StopURL: l.StopURL, Calendar: l.calendar, Inline: l.inline}, r, m.cfg.Now())
	if err != nil {
		return m.failed(ledger, try, err)
	}
	if err := m.cfg.Sender.Send(ctx, msg); err != nil {
		return m.sendFailed(ledger, a.Key, attempt, attempts, err)
	}
	m.cfg.Log.Info("mail sent", "key", a.Key, "kind", a.Message)
	return st.MailSent(ledger, a.Key)
}

// sendFailed records a failed send of the message key, as the attempt-th
// of attempts tries, and tells River what to do: try again later, or give
// up (a refusal).
func (m *Mailer) sendFailed(ctx context.Context, key string, attempt, attempts int, err error) error {
	f := Classify(err)
	final := f != Retry || attempt >= attempts
	if ferr := m.cfg.Store.MailFailed(ctx, key, final, f == RefusedAddress, err.Error()); ferr != nil {
		m.cfg.Log.Error("record mail failure", "key", key, "err", ferr)
	}
	if f != Retry {
		m.cfg.Log.Warn("mail refused", "key", key, "err", err)
		return river.JobCancel(err)
	}
	// A failure of our own set-up (signing in, TLS) stops every message:
	// an error for whoever runs the service.
	m.cfg.Log.Error("mail not sent, will retry", "key", key, "attempt", attempt, "of", attempts, "err", err)
	return err
}

// failed records that message try cannot be made, and cancels its job.
func (m *Mailer) failed(ctx context.Context, try store.MailAttempt, err error) error {
	if ferr := m.cfg.Store.MailFailedToMake(ctx, try, err.Error()); ferr != nil {
		m.cfg.Log.Error("record mail failure", "key", try.Key, "err", ferr)
	}
	m.cfg.Log.Error("mail cannot be made", "key", try.Key, "err", err)
	return river.JobCancel(err)
}

// resetLink makes a password reset link for the account and renders the
// message with it.
func (m *Mailer) resetLink(ctx context.Context, a model.MailArgs, l letter) (rendered, error) {
	token, hash := auth.NewToken()
	expires := m.cfg.Now().Add(resetLinkLife)
	by := model.Actor{ID: a.User, Name: l.Name}
	if err := m.cfg.Store.CreatePasswordReset(ctx, by, a.User, hash, expires); err != nil {
		return rendered{}, err
	}
	l.ResetURL = absolute(m.cfg.BaseURL, "/reset/"+token)
	l.ResetExpires = expires.In(m.cfg.Location).Format("15:04")
	return m.letters.render(l.Letter)
}

// Stop stops c, letting jobs in flight finish until ctx ends.
func Stop(ctx context.Context, c *river.Client[*sql.Tx]) error {
	err := c.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stop the mail workers: jobs still running at the deadline will run again: %w", err)
	}
	return err
}

var _ rivertype.JobArgs = model.MailArgs{}
