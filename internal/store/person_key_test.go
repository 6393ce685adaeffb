package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// Every booking made with an email or phone keeps the keyed hash of it
// (email first), the same for the same person on any session and however
// it was booked; without a key, nothing is kept.
func TestBookPlaces_KeepsAKeyedHashOfThePersonNotTheirContact(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	keyed, err := auth.NewKeyed(strings.Repeat("s", 32), "person key")
	if err != nil {
		t.Fatal(err)
	}
	keyedStore := st.WithPersonKey(keyed.Sum)
	ctx := context.Background()
	first := testutil.CreateSession(t, st, testutil.Session{Capacity: 30})
	second := testutil.CreateSession(t, st, testutil.Session{Capacity: 30})
	desk := deskActor(t, st)

	book := func(st *store.Store, m model.Session, req store.BookingRequest) []byte {
		t.Helper()
		r, err := st.BookPlaces(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		var key []byte
		if err := db.Get(&key, `SELECT person_key FROM bookings WHERE reference = $1`, r.Reference); err != nil {
			t.Fatal(err)
		}
		return key
	}
	ann := online(first, 1)
	ann.Email, ann.Phone = "ann@example.org", "+447700900123"
	annOnline := book(keyedStore, first, ann)
	annAtDesk := online(second, 2)
	annAtDesk.Source, annAtDesk.By, annAtDesk.Email, annAtDesk.Phone = model.SourceNavigator, desk, "ann@example.org", ""
	annAgain := book(keyedStore, second, annAtDesk)
	byPhone := online(second, 1)
	byPhone.Email, byPhone.Phone = "", "+447700900999"
	phoneKey := book(keyedStore, second, byPhone)

	if len(annOnline) != 32 || !bytes.Equal(annOnline, annAgain) {
		t.Errorf("the same email on two sessions, online and at the desk: keys %x and %x", annOnline, annAgain)
	}
	if !bytes.Equal(annOnline, keyed.Sum("email:ann@example.org")) {
		t.Error("the key is not the HMAC of the normalised email")
	}
	if len(phoneKey) != 32 || bytes.Equal(phoneKey, annOnline) {
		t.Errorf("a phone-only booking: key %x", phoneKey)
	}
	if key := book(st, first, online(first, 1)); key != nil {
		t.Errorf("a store without a key kept %x", key)
	}
}
