package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// mailLogRow is a line of the outgoing mail log a test writes directly.
type mailLogRow struct {
	key, kind, recipient, subject, status, lastError, note string
	booking                                                *int64
	attempts                                               int
	at                                                     time.Time
}

func addMailLog(t *testing.T, s *site, r mailLogRow) {
	t.Helper()
	var sent *time.Time
	if r.status == string(model.MailSent) {
		sent = &r.at
	}
	if _, err := s.db.Exec(`
		INSERT INTO mail_log (key, kind, booking_id, recipient, subject, status, attempts, last_error, note, created_at, updated_at, sent_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)`,
		r.key, r.kind, r.booking, r.recipient, r.subject, r.status, r.attempts, r.lastError, r.note, r.at, sent); err != nil {
		t.Fatal(err)
	}
}

// bookingID is the id of the booking ref.
func bookingID(t *testing.T, s *site, ref string) int64 {
	t.Helper()
	var id int64
	if err := s.db.Get(&id, `SELECT id FROM bookings WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	return id
}

// mailRows is the rows of the outgoing mail table.
func mailRows(body string) int {
	_, table, _ := strings.Cut(body, "<tbody>")
	table, _, _ = strings.Cut(table, "</tbody>")
	return strings.Count(table, "<tr>")
}

func TestStaffMail_ListsWhatWasSentInWordsWithTheQueueAndFilters(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Money check", Start: time.Now().Add(72 * time.Hour).Truncate(time.Minute)})
	_, hash := auth.NewToken()
	// Booked with a reminder a day before: one email due now (the
	// confirmation), one scheduled for later.
	reminding := s.st.WithBooking(model.BookingRules{Reminders: []time.Duration{24 * time.Hour}}, nil)
	booked, err := reminding.BookPlaces(t.Context(), store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: "Ann", Email: "ann@example.org", PartySize: 1, Reminders: true})
	if err != nil {
		t.Fatal(err)
	}
	ann := bookingID(t, s, booked.Reference)
	at := time.Date(2027, 7, 6, 9, 5, 0, 0, time.UTC) // 10:05 in London (summer time)
	for i, r := range []mailLogRow{
		{kind: "confirmed", recipient: "ann@example.org", subject: "Your place at Money check", status: "sent", booking: &ann, attempts: 1},
		{kind: "reminder", recipient: "ann@example.org", subject: "Money check is tomorrow", status: "retrying", booking: &ann, attempts: 2, lastError: "421 try again later"},
		{kind: "promoted", recipient: "bob@example.net", subject: "A place came up", status: "failed", attempts: 1, lastError: "550 5.1.1 no such mailbox"},
		{kind: "reminder", recipient: "cat@example.net", status: "dropped", note: "the booking was cancelled"},
		{kind: "password_reset", recipient: "sam@example.org", subject: "Set a new password", status: "sending", attempts: 2, note: store.Interrupted},
	} {
		r.key, r.at = fmt.Sprintf("test/%d", i), at.Add(-time.Duration(i)*time.Minute)
		addMailLog(t, s, r)
	}

	r := b.get("/staff/mail")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, "<h1", "Outgoing mail",
		"1 message is waiting to go now", "1 message is scheduled for later",
		"Tuesday 6 July 2027, 10:05", "ann@example.org", "Booking confirmed", "Your place at Money check", "<td>Sent</td>",
		"Reminder", "Will retry", "421 try again later",
		"A place came up", "<strong>Failed</strong>", "550 5.1.1 no such mailbox",
		"Not sent: no longer needed", "the booking was cancelled",
		"Password reset", "Sending", store.Interrupted,
		`href="/desk/bookings/`+booked.Reference+`"`, `<option value="failed">Failed</option>`, "5 messages.")
	if n := mailRows(r.body); n != 5 {
		t.Errorf("%d rows, want 5", n)
	}
	if strings.Index(r.body, "Your place at Money check") > strings.Index(r.body, "Set a new password") {
		t.Error("the latest message is not first")
	}

	failed := b.get("/staff/mail?status=failed")
	failed.mustContain(t, "bob@example.net", `<option value="failed" selected>`, "1 message matches.", `href="/staff/mail">Clear the filters`)
	failed.mustNotContain(t, "ann@example.org", "sam@example.org")
	// A reference is found however it is typed: without "HB-", in lower case.
	one := b.get("/staff/mail?reference=" + url.QueryEscape(strings.ToLower(strings.TrimPrefix(booked.Reference, "HB-"))))
	one.mustContain(t, "Your place at Money check", "Money check is tomorrow")
	one.mustNotContain(t, "bob@example.net", "sam@example.org")
	if n := mailRows(one.body); n != 2 {
		t.Errorf("one booking's messages: %d rows, want 2", n)
	}
	b.get("/staff/mail?reference=HB-ZZZZ").mustContain(t, "No messages match")

	bad := b.get("/staff/mail?status=lost")
	if bad.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown status: %d, want 400", bad.StatusCode)
	}
	bad.mustContain(t, "There is a problem", "Choose a status from the list", "lost", `aria-invalid="true"`)
	if n := mailRows(bad.body); n != 0 {
		t.Errorf("an unknown status lists %d messages", n)
	}

	b.get("/staff").mustContain(t, `href="/staff/mail"`)
}

func TestStaffMail_ListsTheLatest200(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleAdmin)
	if _, err := s.db.Exec(`
		INSERT INTO mail_log (key, kind, recipient, subject, status, attempts, updated_at)
		SELECT 'test/' || n, 'confirmed', 'p' || n || '@example.org', 'Message ' || n, 'sent', 1, now() - n * interval '1 minute'
		FROM generate_series(1, 205) AS n`); err != nil {
		t.Fatal(err)
	}
	r := b.get("/staff/mail")
	if n := mailRows(r.body); n != 200 {
		t.Errorf("%d rows, want 200", n)
	}
	r.mustContain(t, "The latest 200 messages", "p1@example.org", "p200@example.org", "0 messages are waiting")
	r.mustNotContain(t, "p201@example.org")
}

// resetJobs counts the password link emails queued for account id.
func resetJobs(t *testing.T, s *site, id int64) int {
	t.Helper()
	var n int
	if err := s.db.Get(&n, `SELECT count(*) FROM river_job WHERE kind = 'mail'
		AND args->>'message' = 'password_reset' AND (args->>'user')::bigint = $1`, id); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestResetRequest_SameAnswerWhetherOrNotAnAccountUsesTheAddress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u := testutil.CreateUser(t, s.st, model.User{Email: "sam.smith@example.org"})
	off := testutil.CreateUser(t, s.st, model.User{})
	if _, err := s.st.UpdateUser(t.Context(), model.Actor{}, off.ID, disabledChange(off)); err != nil {
		t.Fatal(err)
	}
	s.get("/login").mustContain(t, `href="/reset">Forgot your password?</a>`)
	form := s.get("/reset")
	if form.StatusCode != http.StatusOK {
		t.Fatalf("GET /reset: %d", form.StatusCode)
	}
	form.mustContain(t, "Forgot your password?", `<label class="ds_label" for="email">Email address</label>`, `action="/reset"`)

	var answers []string
	for i, email := range []string{" Sam.Smith@Example.org ", "nobody@example.org", off.Email} {
		b := s.browser()
		b.ip = fmt.Sprintf("192.0.2.%d", 20+i)
		r := b.post("/reset", url.Values{"email": {email}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%q: status %d", email, r.StatusCode)
		}
		r.mustContain(t, "If an account uses that address, we have sent it a link to set a new password. The link works for 1 hour.")
		answers = append(answers, r.body)
	}
	if answers[0] != answers[1] || answers[1] != answers[2] {
		t.Error("the answer differs between an account's address, an unknown one and a disabled account's")
	}
	if n := resetJobs(t, s, u.ID); n != 1 {
		t.Errorf("%d emails queued for the account, want 1", n)
	}
	if n := resetJobs(t, s, off.ID); n != 0 {
		t.Errorf("%d emails queued for a disabled account, want 0", n)
	}
	// Another request is another email (the nonce keeps them apart).
	s.browser().post("/reset", url.Values{"email": {u.Email}})
	if n := resetJobs(t, s, u.ID); n != 2 {
		t.Errorf("%d emails queued after asking twice, want 2", n)
	}
	// The links emailed still set the password (the /reset/:token pages).
	if r := s.get("/reset/not-a-live-link-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); r.StatusCode != http.StatusGone {
		t.Errorf("GET /reset/:token: %d, want 410", r.StatusCode)
	}
}

func TestResetRequest_ChecksTheAddressAndKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for typed, want := range map[string]string{
		"":                 "Enter the email address of your account",
		"   ":              "Enter the email address of your account",
		"sam at example":   "Enter an email address like name@example.com",
		"sam@example":      "Enter an email address like name@example.com",
		"<b>x</b>@example": "Enter an email address like name@example.com",
	} {
		r := s.browser().post("/reset", url.Values{"email": {typed}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%q: status %d, want 422", typed, r.StatusCode)
			continue
		}
		r.mustContain(t, "There is a problem", want, `aria-invalid="true"`)
		r.mustNotContain(t, "we have sent it a link", "<b>x</b>")
		if kept := strings.TrimSpace(typed); kept != "" && !strings.Contains(r.body, `value="`+strings.ReplaceAll(strings.ReplaceAll(kept, "<", "&lt;"), ">", "&gt;")+`"`) {
			t.Errorf("%q: the typing is not kept", typed)
		}
	}
}

func TestResetRequest_LimitsOneAddressAndOneInbox(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u := testutil.CreateUser(t, s.st, model.User{})
	b := s.browser()
	for i := range 5 {
		if r := b.post("/reset", url.Values{"email": {fmt.Sprintf("someone-%d@example.org", i)}}); r.StatusCode != http.StatusOK {
			t.Fatalf("request %d: status %d", i+1, r.StatusCode)
		}
	}
	r := b.post("/reset", url.Values{"email": {u.Email}})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth request from one address: status %d, Retry-After %q; want 429", r.StatusCode, r.Header.Get("Retry-After"))
	}
	r.mustContain(t, "Too many requests for a new password", "Wait ")
	if n := resetJobs(t, s, u.ID); n != 0 {
		t.Errorf("a refused request queued %d emails", n)
	}
	// A typing mistake is not counted, and gets its 422 even when limited.
	if r := b.post("/reset", url.Values{"email": {"x"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a malformed address while limited: status %d, want 422", r.StatusCode)
	}

	// One inbox gets three links, whoever asks; more get the same answer
	// and send nothing.
	for i := range 5 {
		other := s.browser()
		other.ip = fmt.Sprintf("198.51.100.%d", i+1)
		r := other.post("/reset", url.Values{"email": {u.Email}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("from another address %d: status %d", i+1, r.StatusCode)
		}
		r.mustContain(t, "If an account uses that address")
	}
	if n := resetJobs(t, s, u.ID); n != 3 {
		t.Errorf("%d emails queued to one inbox, want 3", n)
	}
}

// bookWithReminders books m online asking for reminders and returns the
// manage page's path.
func bookWithReminders(t *testing.T, s *site, b *browser, m model.Session) string {
	t.Helper()
	form := bookingForm(t, b, m)
	form.Set("reminders", "yes")
	return book(t, b, m, form)
}

// remindersOn reports whether the booking the manage path names gets
// reminders.
func remindersOn(t *testing.T, s *site, manage string) bool {
	t.Helper()
	bk, err := s.st.Booking(t.Context(), store.BookingKey{TokenHash: auth.HashToken(strings.TrimPrefix(manage, "/bookings/"))})
	if err != nil {
		t.Fatal(err)
	}
	return bk.Reminders
}

func TestReminders_StopFromTheLinkAndTheBookingStays(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Stress control", Capacity: 12})
	b := s.browser()
	manage := bookWithReminders(t, s, b, m)
	b.get(manage).mustContain(t, "Reminder emails are on", `href="`+manage+`/reminders"`)

	r := b.get(manage + "/reminders")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET reminders: %d", r.StatusCode)
	}
	r.mustContain(t, "Stop reminder emails for this booking?", "Stress control", `action="`+manage+`/reminders"`, `href="`+manage+`"`)
	for header, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"} {
		if got := r.Header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	if !remindersOn(t, s, manage) {
		t.Fatal("opening the page turned reminders off: a link followed must change nothing")
	}

	r = b.post(manage+"/reminders", url.Values{})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("POST reminders: %d", r.StatusCode)
	}
	r.mustContain(t, "Reminders are off. Your booking is unchanged.", `href="`+manage+`"`)
	if r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("POST reminders: Cache-Control %q, Referrer-Policy %q", r.Header.Get("Cache-Control"), r.Header.Get("Referrer-Policy"))
	}
	if remindersOn(t, s, manage) {
		t.Error("reminders are still on")
	}
	after := b.get(manage)
	after.mustContain(t, "Reminder emails are off for this booking", "Booked")
	after.mustNotContain(t, manage+"/reminders")
	b.get(manage+"/reminders").mustContain(t, "This booking gets no reminder emails")
	if r := b.post(manage+"/reminders", url.Values{}); r.StatusCode != http.StatusOK {
		t.Errorf("stopping twice: status %d", r.StatusCode)
	}
	if got, _ := s.st.Session(t.Context(), m.PublicID); got.PlacesBooked != 1 {
		t.Errorf("%d places booked after stopping reminders, want 1", got.PlacesBooked)
	}
}

func TestReminders_OneClickPostFromTheMailProviderIsAccepted(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{})
	manage := bookWithReminders(t, s, s.browser(), m)
	// RFC 8058: the provider posts this body, with no cookie and no
	// Origin or Sec-Fetch-Site.
	req := httptest.NewRequest(http.MethodPost, "https://hubbook.example.org"+manage+"/reminders", strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("one-click post: status %d, want 200", rec.Code)
	}
	if remindersOn(t, s, manage) {
		t.Error("the one-click post left reminders on")
	}
	if len(rec.Result().Cookies()) != 0 {
		t.Error("the one-click answer sets a cookie")
	}
	// A browser on another site cannot do it for the person.
	forged := httptest.NewRequest(http.MethodPost, "https://hubbook.example.org"+manage+"/reminders", strings.NewReader("List-Unsubscribe=One-Click"))
	forged.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	forged.Header.Set("Sec-Fetch-Site", "cross-site")
	rec = httptest.NewRecorder()
	s.h.ServeHTTP(rec, forged)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site browser post: status %d, want 403", rec.Code)
	}
}

func TestReminders_UnknownOrMalformedLinksAreThePlain404(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	unknown, _ := auth.NewToken()
	b := s.browser()
	for _, token := range []string{unknown, "short", unknown[:42] + "!"} {
		path := "/bookings/" + url.PathEscape(token) + "/reminders"
		for method, r := range map[string]response{"GET": b.get(path), "POST": b.post(path, url.Values{"List-Unsubscribe": {"One-Click"}})} {
			if r.StatusCode != http.StatusNotFound || !strings.Contains(r.body, "Page not found") {
				t.Errorf("%s %s: status %d, want the plain 404 page", method, path, r.StatusCode)
			}
		}
	}
}

func TestReminders_TokenNeverInTheLog(t *testing.T) {
	t.Parallel()
	var log capturedLog
	s := newSite(t, withCapturedLog(&log))
	m := testutil.CreateSession(t, s.st, testutil.Session{})
	b := s.browser()
	manage := bookWithReminders(t, s, b, m)
	b.get(manage + "/reminders")
	b.post(manage+"/reminders", url.Values{})
	b.get(manage + "/reminders/more")
	if !strings.Contains(log.String(), "/bookings/:token/reminders") {
		t.Error("the access log does not name the route")
	}
	if strings.Contains(log.String(), strings.TrimPrefix(manage, "/bookings/")) {
		t.Error("the access log holds a manage link's token")
	}
}

func TestBookingEmailFailed_DeskAndStaffSeeAWarningWithTheDate(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	nav, _ := s.as(model.RoleNavigator)
	staff, _ := s.as(model.RoleStaff)
	m := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 12})
	failed := staffTestBooking(t, s, m, onlineParty{name: "Ann Adams", email: "ann@example.invalid", size: 1})
	fine := staffTestBooking(t, s, m, onlineParty{name: "Bob Brown", email: "bob@example.org", size: 1})
	at := time.Now().Truncate(time.Second)
	if _, err := s.db.Exec(`UPDATE bookings SET email_failed_at = $1 WHERE reference = $2`, at, failed.Reference); err != nil {
		t.Fatal(err)
	}
	const warning = "Email could not be delivered to this address"
	day := at.In(s.loc).Format("Monday 2 January")

	desk := nav.get("/desk/bookings/" + failed.Reference)
	desk.mustContain(t, warning, "ann@example.invalid", day, "ds_warning-text")
	nav.get("/desk/bookings/"+fine.Reference).mustNotContain(t, warning)

	list := staff.get("/staff/sessions/" + m.PublicID + "/bookings")
	list.mustContain(t, warning, day)
	if n := strings.Count(list.body, warning); n != 1 {
		t.Errorf("the warning shows %d times, want once (Ann's booking only)", n)
	}
	if strings.Index(list.body, warning) > strings.Index(list.body, "Bob Brown") {
		t.Error("the warning is not on Ann's row")
	}
}

// Someone who lost a booking's link asks for it by email: the links of
// their live bookings go to the address they were made with, and the page
// answers the same whether or not there are any.
func TestBookingLost_EmailsTheLinksToTheAddressBookedWith(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Money advice", Capacity: 5})
	other := testutil.CreateSession(t, s.st, testutil.Session{Title: "Job club", Capacity: 5})
	citizen := s.browser()
	for _, sess := range []model.Session{m, other} {
		form := bookingForm(t, citizen, sess)
		form.Set("email", "Morag@Example.org")
		book(t, citizen, sess, form)
	}
	cancelled := book(t, citizen, m, withEmail(bookingForm(t, citizen, m), "morag.2@example.org"))
	citizen.post(cancelled+"/cancel", url.Values{"confirm": {"yes"}})

	s.get("/bookings/lost").mustContain(t, `action="/bookings/lost"`, "The email address you booked with")
	var answers []string
	for i, email := range []string{" MORAG@example.org", "nobody@example.org", "morag.2@example.org"} {
		b := s.browser()
		b.ip = fmt.Sprintf("192.0.2.%d", 40+i)
		r := b.post("/bookings/lost", url.Values{"email": {email}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%q: status %d\n%s", email, r.StatusCode, problems(r.body))
		}
		r.mustContain(t, "If you have bookings made with that email address, we have sent the link to each of them to it.")
		answers = append(answers, r.body)
	}
	if answers[0] != answers[1] || answers[1] != answers[2] {
		t.Error("the answer differs between an address with bookings and one without")
	}
	var queued []string
	if err := s.db.Select(&queued, `
		SELECT b.email FROM river_job j JOIN bookings b ON b.id = (j.args->>'booking')::bigint
		WHERE j.kind = 'mail' AND j.args->>'message' = 'booking_link' ORDER BY b.id`); err != nil {
		t.Fatal(err)
	}
	if strings.Join(queued, " ") != "morag@example.org morag@example.org" {
		t.Errorf("links queued for %v, want the two live bookings of morag@example.org", queued)
	}
	if r := s.browser().post("/bookings/lost", url.Values{"email": {"not an address"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a malformed address: %d", r.StatusCode)
	} else {
		r.mustContain(t, "Enter an email address like name@example.com", `value="not an address"`)
	}
}

// withEmail is form with another email address.
func withEmail(form url.Values, email string) url.Values {
	form.Set("email", email)
	return form
}
