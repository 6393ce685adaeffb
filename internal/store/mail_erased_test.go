package store_test

import (
	"context"
	"errors"
	"testing"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// A worker that read a booking just before its details were removed
// (retention, or erased on request) sends nothing and writes no address
// down: the ledger refuses to begin the message.
func TestBeginMail_RefusesABookingErasedSinceItWasRead(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 10})
	kept, err := st.BookPlaces(ctx, online(m, 1))
	if err != nil {
		t.Fatal(err)
	}
	erased, err := st.BookPlaces(ctx, online(m, 1))
	if err != nil {
		t.Fatal(err)
	}
	var keptID, erasedID int64
	if err := db.Get(&keptID, `SELECT id FROM bookings WHERE reference = $1`, kept.Reference); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&erasedID, `SELECT id FROM bookings WHERE reference = $1`, erased.Reference); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE bookings SET name = '', email = '', phone = '', postcode = '', access_needs = '',
		token_sealed = NULL, reminders = false, anonymised_at = now() WHERE id = $1`, erasedID); err != nil {
		t.Fatal(err)
	}

	_, _, err = st.BeginMail(ctx, store.MailAttempt{Key: "test-erased", Kind: model.MailReminder, BookingID: erasedID, Recipient: "gone@example.org"})
	if !errors.Is(err, store.ErrErased) {
		t.Errorf("begin a message to an erased booking: %v, want ErrErased", err)
	}
	if sent, _, err := st.BeginMail(ctx, store.MailAttempt{Key: "test-kept", Kind: model.MailReminder, BookingID: keptID, Recipient: "here@example.org"}); err != nil || sent {
		t.Errorf("begin a message to a live booking: sent %v, %v", sent, err)
	}
	var logged []string
	if err := db.Select(&logged, `SELECT key || ' ' || recipient FROM mail_log ORDER BY key`); err != nil {
		t.Fatal(err)
	}
	if len(logged) != 1 || logged[0] != "test-kept here@example.org" {
		t.Errorf("mail log: %q, want only the live booking's", logged)
	}
}
