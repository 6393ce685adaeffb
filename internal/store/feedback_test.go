package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// bookOne books one place on m for name, online, and returns the booking.
func bookOne(t *testing.T, st *store.Store, m model.Session, name string) model.Booking {
	t.Helper()
	_, hash := auth.NewToken()
	res, err := st.BookPlaces(context.Background(), store.BookingRequest{SessionPublicID: m.PublicID,
		Source: model.SourceOnline, TokenHash: hash, Name: name, Email: strings.ToLower(name) + "@example.org", PartySize: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Booking(context.Background(), store.BookingKey{Reference: res.Reference})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Twenty submits of one booking's feedback at once leave one answer: the
// one the store said it kept; every other submit is told it was already
// answered.
func TestRecordBookingFeedback_OneAnswerPerBookingUnderConcurrency(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{})
	b := bookOne(t, st, m, "Ann")
	const tries = 20
	var (
		wg            sync.WaitGroup
		mu            sync.Mutex
		kept, already int
		keptScore     int
		keptComment   string
		unexpected    []error
		start         = make(chan struct{})
	)
	for i := range tries {
		wg.Go(func() {
			<-start
			score := i%5 + 1
			comment := fmt.Sprintf("answer %d", i)
			err := st.RecordBookingFeedback(ctx, b.ID, score, comment)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				kept++
				keptScore, keptComment = score, comment
			case errors.Is(err, model.ErrAlreadyAnswered):
				already++
			default:
				unexpected = append(unexpected, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if len(unexpected) > 0 {
		t.Fatal(unexpected)
	}
	if kept != 1 || already != tries-1 {
		t.Fatalf("%d kept, %d already answered, want 1 and %d", kept, already, tries-1)
	}
	var rows int
	if err := db.Get(&rows, `SELECT count(*) FROM feedback WHERE booking_id = $1`, b.ID); err != nil {
		t.Fatal(err)
	}
	f, err := st.BookingFeedback(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rows != 1 || f.Score != keptScore || f.Comment != keptComment || f.SessionID != m.ID || f.BookingID == nil || *f.BookingID != b.ID {
		t.Errorf("%d rows; stored %+v, the kept answer was %d %q", rows, f, keptScore, keptComment)
	}
}

// A browser answers once per session; another browser, or the same one on
// another session, answers too. Feedback for a booking or session that
// does not exist is not found.
func TestRecordSessionFeedback_OnePerBrowserPerSession(t *testing.T) {
	st, _, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{})
	other := testutil.CreateSession(t, st, testutil.Session{})
	k1, k2 := sha256.Sum256([]byte("one")), sha256.Sum256([]byte("two"))
	if err := st.RecordSessionFeedback(ctx, m.ID, k1[:], 4, "Good"); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordSessionFeedback(ctx, m.ID, k1[:], 1, "Changed my mind"); !errors.Is(err, model.ErrAlreadyAnswered) {
		t.Errorf("second answer from a browser: %v", err)
	}
	if err := st.RecordSessionFeedback(ctx, m.ID, k2[:], 2, ""); err != nil {
		t.Errorf("another browser: %v", err)
	}
	if err := st.RecordSessionFeedback(ctx, other.ID, k1[:], 5, ""); err != nil {
		t.Errorf("the same browser on another session: %v", err)
	}
	f, err := st.BrowserFeedback(ctx, m.ID, k1[:])
	if err != nil || f.Score != 4 || f.Comment != "Good" || f.BookingID != nil {
		t.Errorf("the first answer: %+v %v", f, err)
	}
	if _, err := st.BrowserFeedback(ctx, other.ID, k2[:]); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("no answer yet: %v", err)
	}
	if err := st.RecordSessionFeedback(ctx, m.ID+1000, k1[:], 3, ""); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown session: %v", err)
	}
	if err := st.RecordBookingFeedback(ctx, 999999, 3, ""); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown booking: %v", err)
	}
	if _, err := st.BookingFeedback(ctx, 999999); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("feedback of an unknown booking: %v", err)
	}
}

// The database refuses a score out of range or a comment too long, even
// if a caller forgot to check.
func TestRecordBookingFeedback_DatabaseRefusesBadAnswers(t *testing.T) {
	st, _, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{})
	b := bookOne(t, st, m, "Bob")
	for _, c := range []struct {
		score   int
		comment string
	}{{0, ""}, {6, ""}, {3, strings.Repeat("x", model.MaxFeedbackComment+1)}} {
		if err := st.RecordBookingFeedback(ctx, b.ID, c.score, c.comment); err == nil || errors.Is(err, model.ErrAlreadyAnswered) {
			t.Errorf("score %d, comment of %d: %v", c.score, len(c.comment), err)
		}
	}
	if _, err := st.BookingFeedback(ctx, b.ID); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a bad answer was kept: %v", err)
	}
}

// A register is open until closed.
func TestRegisterClosedFor_SaysWhetherTheRegisterWasClosed(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{})
	if closed, err := st.RegisterClosedFor(ctx, m.ID); err != nil || closed {
		t.Errorf("new session: closed %v, %v", closed, err)
	}
	if _, err := db.Exec(`UPDATE programme_sessions SET register_closed_at = now() WHERE id = $1`, m.ID); err != nil {
		t.Fatal(err)
	}
	if closed, err := st.RegisterClosedFor(ctx, m.ID); err != nil || !closed {
		t.Errorf("closed session: closed %v, %v", closed, err)
	}
	if _, err := st.RegisterClosedFor(ctx, m.ID+1000); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown session: %v", err)
	}
}
