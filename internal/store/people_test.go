package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// personWorld is Annabel's data across the service, and others' around it.
type personWorld struct {
	fx                   *evalFixture
	keyed                *auth.Keyed
	ann                  model.Person
	upcoming, past, old  model.Session
	annUpcoming, waiting string
	other                string
}

// The details of the person asking, each searched for after erasing.
const (
	annName     = "Annabel Quist"
	annEmail    = "annabel@example.org"
	annPhone    = "+447700900123"
	annPostcode = "EH7 5QR"
)

func buildPersonWorld(t *testing.T) *personWorld {
	fx := newEvalFixture(t)
	keyed, err := auth.NewKeyed(strings.Repeat("e", 32), "person key") // as newEvalFixture's
	if err != nil {
		t.Fatal(err)
	}
	fx.st = fx.st.WithBooking(model.BookingRules{Reminders: []time.Duration{24 * time.Hour}}, fx.clock.now)
	fx.exec(`INSERT INTO simd_postcodes (postcode, data_zone, simd_rank, vigintile, decile, quintile)
		VALUES ($1, 'S01008007', 200, 1, 1, 1)`, annPostcode)
	now := time.Now()
	w := &personWorld{fx: fx, keyed: keyed, ann: model.Person{Email: annEmail, Phone: annPhone}}
	w.upcoming = fx.session("Money advice", "health", "adults", testutil.CreateVenue(t, fx.st, model.Venue{}), nil, now.AddDate(0, 0, 7).Truncate(time.Hour), 2, "")
	w.past = fx.session("Walking group", "health", "adults", testutil.CreateVenue(t, fx.st, model.Venue{}), nil, now.AddDate(0, -2, 0).Truncate(time.Hour), 10, "")
	w.old = fx.session("Old walking group", "health", "adults", testutil.CreateVenue(t, fx.st, model.Venue{}), nil, now.AddDate(-2, 0, 0).Truncate(time.Hour), 10, "")
	ctx := context.Background()

	bookAnn := func(m model.Session, party int, waitlist bool) (string, model.BookingStatus) {
		t.Helper()
		fx.clock.set(minTime(now, m.StartsAt.Add(-72*time.Hour)))
		token, hash := auth.NewToken()
		r, err := fx.st.BookPlaces(ctx, store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
			TokenHash: hash, TokenSealed: []byte(token), Name: annName, Email: annEmail, Phone: annPhone,
			PartySize: party, AccessNeeds: "Annabel uses a wheelchair", Postcode: annPostcode, Reminders: true, Waitlist: waitlist})
		if err != nil {
			t.Fatal(err)
		}
		return r.Reference, r.Status
	}
	old, _ := bookAnn(w.old, 1, false)
	fx.mark(old, 1)
	past, _ := bookAnn(w.past, 2, false)
	fx.mark(past, 2)
	fx.feedback(past, 4, "Annabel Quist here: lovely walk", w.past.EndsAt.Add(time.Hour))
	w.annUpcoming, _ = bookAnn(w.upcoming, 2, false)
	// Anna, a different person with a similar address, waits for a place.
	fx.clock.set(now)
	waiting := online(w.upcoming, 1)
	waiting.Name, waiting.Email, waiting.Waitlist = "Anna Other", "anna@example.org", true
	r, err := fx.st.BookPlaces(ctx, waiting)
	if err != nil || r.Status != model.BookingWaitlisted {
		t.Fatalf("the waiting party: %+v, %v", r, err)
	}
	w.waiting = r.Reference
	w.other = fx.book(w.past, "anna@example.org", model.SourceOnline, 1, "EH1 1AA")
	fx.clock.set(now)

	// The mail log and River's record of sent and refused messages.
	fx.exec(`INSERT INTO mail_log (key, kind, booking_id, recipient, subject, status, last_error)
		SELECT 'booking/' || id || '/confirmed/1', 'confirmed', id, email, 'Booked', 'failed',
			'550 5.1.1 <' || email || '>: mailbox full'
		FROM bookings WHERE email <> ''`)
	fx.exec(`INSERT INTO mail_log (key, kind, recipient, status) VALUES ('booking/links/1', 'booking_link', $1, 'sent')`, annEmail)
	fx.exec(`INSERT INTO river_job (kind, args, state, max_attempts, errors, finalized_at, attempt)
		SELECT 'mail', jsonb_build_object('message', 'confirmed', 'key', 'booking/' || id || '/confirmed/9', 'booking', id),
			'cancelled', 12, ARRAY[jsonb_build_object('at', now(), 'attempt', 1, 'error', '550 <' || email || '> refused')],
			now(), 1
		FROM bookings WHERE email = $1`, annEmail)
	fx.exec(`INSERT INTO suggestions (what, contact_name, contact_email, contact_phone, person_key)
		VALUES ('Chair yoga', $1, $2, $3, $4), ('Book club', 'Anna Other', 'anna@example.org', '', NULL)`,
		annName, annEmail, annPhone, keyed.Sum("email:"+annEmail))
	// Retention has already made the old booking anonymous; its person key
	// still counts it as Annabel's.
	if _, err := fx.st.Anonymise(ctx, retention); err != nil {
		t.Fatal(err)
	}
	return w
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// found searches every text and JSON column of every table (the SIMD
// lookup of all postcodes aside) for each of needles, and returns where
// each was found.
func found(t *testing.T, db *sqlx.DB, needles ...string) []string {
	t.Helper()
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
	}
	if err := db.Select(&cols, `
		SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
		  AND c.table_name <> 'simd_postcodes'
		ORDER BY 1, 2`); err != nil {
		t.Fatal(err)
	}
	if len(cols) < 50 {
		t.Fatalf("only %d columns to search", len(cols))
	}
	var where []string
	for _, c := range cols {
		for _, n := range needles {
			var hits int
			q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE strpos(lower(%q::text), lower($1)) > 0`, c.Table, c.Column)
			if err := db.Get(&hits, q, n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if hits > 0 {
				where = append(where, fmt.Sprintf("%q in %s.%s", n, c.Table, c.Column))
			}
		}
	}
	return where
}

// Erasing on request leaves no trace of the person's contact details
// anywhere in the database; their upcoming booking is cancelled and its
// places go to the first party waiting; their bookings still count in the
// figures, as nobody in particular; someone with a similar address keeps
// everything.
func TestErasePerson_LeavesNoTraceOfTheirContactDetails(t *testing.T) {
	w := buildPersonWorld(t)
	ctx := context.Background()
	db := w.fx.db
	if hits := found(t, db, annEmail, annPhone, annName, annPostcode); len(hits) < 5 {
		t.Fatalf("the fixture holds too little to test: %v", hits)
	}
	var before struct {
		Bookings, Places, Came, Feedback int
	}
	figures := `SELECT count(*), sum(party_size) FILTER (WHERE status = 'confirmed'), coalesce(sum(attended), 0),
		(SELECT count(*) FROM feedback) FROM bookings`
	if err := db.QueryRow(figures).Scan(&before.Bookings, &before.Places, &before.Came, &before.Feedback); err != nil {
		t.Fatal(err)
	}
	otherBefore := rowOf(t, db, w.other)
	nav := deskActor(t, w.fx.st)

	e, err := w.fx.st.ErasePerson(ctx, nav, w.ann)
	if err != nil {
		t.Fatal(err)
	}
	if want := (model.Erased{Cancelled: 1, Bookings: 3, Comments: 1, Mail: 3, Suggestions: 1}); e != want {
		t.Errorf("erased %+v, want %+v", e, want)
	}
	if hits := found(t, db, annEmail, annPhone, annName, annPostcode, "Annabel"); len(hits) > 0 {
		t.Errorf("found after erasing: %s", strings.Join(hits, "; "))
	}
	var keyed int
	if err := db.Get(&keyed, `SELECT count(*) FROM bookings WHERE person_key = $1 OR person_key = $2`,
		w.keyed.Sum("email:"+annEmail), w.keyed.Sum("phone:"+annPhone)); err != nil || keyed != 0 {
		t.Errorf("%d bookings still keyed as the person (%v)", keyed, err)
	}

	if b, err := w.fx.st.Booking(ctx, store.BookingKey{Reference: w.annUpcoming}); err != nil || b.Status != model.BookingCancelled {
		t.Errorf("the upcoming booking: %v, %v", b.Status, err)
	}
	if b, err := w.fx.st.Booking(ctx, store.BookingKey{Reference: w.waiting}); err != nil || b.Status != model.BookingConfirmed {
		t.Errorf("the first party waiting was not promoted: %v, %v", b.Status, err)
	}
	if c := sessionCounts(t, db, w.upcoming); c.Booked != 1 || c.Waitlist != 0 {
		t.Errorf("the upcoming session's places: %+v", c)
	}
	var after struct {
		Bookings, Places, Came, Feedback int
	}
	if err := db.QueryRow(figures).Scan(&after.Bookings, &after.Places, &after.Came, &after.Feedback); err != nil {
		t.Fatal(err)
	}
	before.Places -= 2 - 1 // Annabel's two places freed, Anna's one taken
	if after != before {
		t.Errorf("figures %+v, want %+v", after, before)
	}
	if got := rowOf(t, db, w.other); got != otherBefore {
		t.Errorf("the other person's booking changed:\nbefore %s\nafter  %s", otherBefore, got)
	}
	d, err := w.fx.st.PersonData(ctx, model.Person{Email: "anna@example.org"})
	if err != nil || len(d.Bookings) != 2 || len(d.Suggestions) != 1 {
		t.Errorf("the other person's data: %d bookings, %d suggestions, %v", len(d.Bookings), len(d.Suggestions), err)
	}
	var audit []string
	if err := db.Select(&audit, `SELECT action || ' ' || entity_key || ' ' || entity_label FROM audit_log WHERE entity = 'person'`); err != nil {
		t.Fatal(err)
	}
	if len(audit) != 1 || audit[0] != "person.erase request 3 bookings (1 cancelled), 1 suggestion" {
		t.Errorf("audit log: %q", audit)
	}
	if again, err := w.fx.st.PersonData(ctx, w.ann); err != nil || !again.Empty() {
		t.Errorf("found after erasing: %+v, %v", again, err)
	}
}

// rowOf is a booking's row as text.
func rowOf(t *testing.T, db *sqlx.DB, ref string) string {
	t.Helper()
	var row string
	if err := db.Get(&row, `SELECT to_jsonb(b)::text FROM bookings b WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	return row
}

// A person's data is every booking made with their email or phone (those
// retention made anonymous too, by their key), the feedback given through
// them and their suggestions, and nobody else's; the export is audited
// without their details.
func TestPersonExport_HasAllTheirDataAndNobodyElses(t *testing.T) {
	w := buildPersonWorld(t)
	ctx := context.Background()
	d, err := w.fx.st.PersonExport(ctx, deskActor(t, w.fx.st), model.Person{Phone: annPhone})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, b := range d.Bookings {
		refs = append(refs, b.Reference)
		if b.Email == "anna@example.org" {
			t.Errorf("another person's booking %s", b.Reference)
		}
	}
	// By phone, the bookings made with it; the anonymised one is keyed by
	// the email it was made with.
	if len(d.Bookings) != 2 || d.Bookings[0].Reference != w.annUpcoming || d.Bookings[0].AccessNeeds == "" {
		t.Errorf("bookings %v", refs)
	}
	d, err = w.fx.st.PersonExport(ctx, deskActor(t, w.fx.st), w.ann)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Bookings) != 3 || d.Bookings[2].AnonymisedAt == nil || d.Bookings[2].Email != "" {
		t.Errorf("with the email too, %d bookings, the last %+v", len(d.Bookings), d.Bookings[len(d.Bookings)-1])
	}
	if len(d.Feedback) != 1 || d.Feedback[0].Comment != "Annabel Quist here: lovely walk" || d.Feedback[0].Score != 4 {
		t.Errorf("feedback %+v", d.Feedback)
	}
	if len(d.Suggestions) != 1 || d.Suggestions[0].What != "Chair yoga" {
		t.Errorf("suggestions %+v", d.Suggestions)
	}
	var audit []string
	if err := w.fx.db.Select(&audit, `SELECT concat_ws(' ', action, entity_key, entity_label, before, after) FROM audit_log
		WHERE entity = 'person' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	want := []string{"person.export request 2 bookings, 1 feedback answer, 1 suggestion",
		"person.export request 3 bookings, 1 feedback answer, 1 suggestion"}
	if strings.Join(audit, "|") != strings.Join(want, "|") {
		t.Errorf("audit log %q, want %q", audit, want)
	}
}
