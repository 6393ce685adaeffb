package notify

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// reserveArgs is the periodic job that gives places to waiting people when
// sessions' walk-in reserves open to everyone.
type reserveArgs struct{}

func (reserveArgs) Kind() string { return "reserve_opened" }

// reserveCheck is how often the reserve job runs: a waiting person hears
// of a place within a minute of the reserve opening.
const reserveCheck = time.Minute

type reserveWorker struct {
	river.WorkerDefaults[reserveArgs]
	m *Mailer
}

func (w *reserveWorker) Work(ctx context.Context, _ *river.Job[reserveArgs]) error {
	n, err := w.m.cfg.Store.PromoteWhereReserveOpened(ctx)
	if n > 0 {
		w.m.cfg.Log.Info("places from opened walk-in reserves given to the waitlist", "people", n)
	}
	return err
}

// reserveJob runs the reserve check every minute, on the one instance
// River elects leader, and once at start.
func reserveJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(reserveCheck),
		func() (river.JobArgs, *river.InsertOpts) {
			return reserveArgs{}, &river.InsertOpts{MaxAttempts: 1}
		}, &river.PeriodicJobOpts{RunOnStart: true})
}
