package notify

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// retentionArgs is the periodic job that anonymises personal data
// RETENTION_DAYS after each session.
type retentionArgs struct{}

func (retentionArgs) Kind() string { return "retention" }

// retentionCheck is how often the retention job runs: data goes within an
// hour of its time, in small batches.
const retentionCheck = time.Hour

type retentionWorker struct {
	river.WorkerDefaults[retentionArgs]
	m *Mailer
}

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[retentionArgs]) error {
	done, err := w.m.cfg.Store.Anonymise(ctx, w.m.cfg.Retention)
	if done.Any() || err != nil {
		w.m.cfg.Log.Info("retention: personal data anonymised", "bookings", done.Bookings,
			"comments", done.Comments, "mail_recipients", done.Mail, "suggestions", done.Suggestions)
	}
	return err
}

// Timeout gives a first run over years of data time to finish; what it
// does is kept batch by batch, so a run cut short loses nothing.
func (w *retentionWorker) Timeout(*river.Job[retentionArgs]) time.Duration { return 30 * time.Minute }

// retentionJob runs retention every hour, on the one instance River
// elects leader, and once at start.
func retentionJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(retentionCheck),
		func() (river.JobArgs, *river.InsertOpts) {
			return retentionArgs{}, &river.InsertOpts{MaxAttempts: 1}
		}, &river.PeriodicJobOpts{RunOnStart: true})
}
