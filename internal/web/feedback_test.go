package web_test

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/qr"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/internal/web"
)

// feedbackClock is the site's clock, moved by the test.
type feedbackClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *feedbackClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *feedbackClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// feedbackSite is a site on a clock the test moves, with a session
// tomorrow at 10:00 to 11:30.
func feedbackSite(t *testing.T) (*site, *feedbackClock, model.Session) {
	t.Helper()
	t.Parallel()
	clk := &feedbackClock{t: time.Now()}
	s := newSite(t, func(d *web.Deps) { d.Now = clk.now })
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Chair yoga", Start: s.tomorrowAt(10, 0), Length: 90 * time.Minute})
	return s, clk, m
}

// bookWithLink books party places on m online (on the real clock, before
// it starts) and returns the booking and its manage link's token.
func (s *site) bookWithLink(m model.Session, name string, party int) (model.Booking, string) {
	s.t.Helper()
	token, hash := auth.NewToken()
	res, err := s.st.BookPlaces(s.t.Context(), store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: name, Email: strings.ToLower(name) + "@example.org", PartySize: party, Waitlist: true})
	if err != nil {
		s.t.Fatal(err)
	}
	b, err := s.st.Booking(s.t.Context(), store.BookingKey{Reference: res.Reference})
	if err != nil {
		s.t.Fatal(err)
	}
	return b, token
}

// feedbackRows are the session's stored answers as "score:comment".
func (s *site) feedbackRows(m model.Session) []string {
	s.t.Helper()
	var rows []string
	if err := s.db.Select(&rows, `SELECT score || ':' || comment FROM feedback WHERE session_id = $1 ORDER BY id`, m.ID); err != nil {
		s.t.Fatal(err)
	}
	return rows
}

func answer(score, comment string) url.Values {
	return url.Values{"score": {score}, "comment": {comment}}
}

// The emailed link opens a one-question survey once the session has
// started: big radio buttons labelled with words, an optional comment.
// Bad input keeps what was typed; the first answer stands, and a second
// changes nothing and says so.
func TestBookingFeedback_OneAnswerPerBookingTheFirstStands(t *testing.T) {
	s, clk, m := feedbackSite(t)
	b, token := s.bookWithLink(m, "Ann", 1)
	link := "/bookings/" + token + "/feedback"
	br := s.browser()

	r := br.get(link)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("before the start: status %d", r.StatusCode)
	}
	r.mustContain(t, "This session has not started yet")
	r.mustNotContain(t, `name="score"`)
	if r := br.post(link, answer("4", "")); r.StatusCode != http.StatusConflict {
		t.Errorf("answer before the start: status %d", r.StatusCode)
	}

	clk.set(m.EndsAt.Add(2 * time.Hour))
	r = br.get(link)
	r.mustContain(t, "How useful was this session?", `<form method="post" action="`+link+`"`,
		`<label class="ds_radio__label" for="score"><strong>1</strong> Not useful</label>`,
		`<strong>5</strong> Very useful`, `<label class="ds_label" for="comment">`)
	if n := strings.Count(r.body, `type="radio" id="score`); n != 5 {
		t.Errorf("%d score buttons", n)
	}
	for _, score := range []string{"", "0", "6", "abc", "3.5"} {
		r := br.post(link, answer(score, "The tutor was <great>"))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("score %q: status %d", score, r.StatusCode)
		}
		r.mustContain(t, "Choose how useful the session was", "The tutor was &lt;great&gt;</textarea>")
	}
	long := strings.Repeat("é", model.MaxFeedbackComment+1)
	r = br.post(link, answer("4", long))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a comment too long: status %d", r.StatusCode)
	}
	r.mustContain(t, "Keep your comment to 2000 characters or fewer", `value="4" checked`)
	if rows := s.feedbackRows(m); len(rows) != 0 {
		t.Fatalf("bad answers were kept: %q", rows)
	}

	r = br.post(link, answer("4", "Loved it"))
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != link+"?done=1" {
		t.Fatalf("answer: status %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	br.get(link+"?done=1").mustContain(t, "Thank you", "We have your answer")
	r = br.post(link, answer("1", "Changed my mind"))
	if r.StatusCode != http.StatusConflict {
		t.Errorf("second answer: status %d", r.StatusCode)
	}
	r.mustContain(t, "You have already told us — thank you")
	r.mustNotContain(t, "Changed my mind")
	// From another device too: the link is the booking's, not the browser's.
	s.browser().get(link).mustContain(t, "You have already told us — thank you")
	if rows := s.feedbackRows(m); len(rows) != 1 || rows[0] != "4:Loved it" {
		t.Errorf("stored: %q", rows)
	}
	var bookingID int64
	if err := s.db.Get(&bookingID, `SELECT booking_id FROM feedback WHERE session_id = $1`, m.ID); err != nil || bookingID != b.ID {
		t.Errorf("the answer is of booking %d (%v), want %d", bookingID, err, b.ID)
	}

	// 30 days after the end the manage link has expired: the booking
	// pages' 404.
	clk.set(m.EndsAt.Add(model.FeedbackWindow + time.Hour))
	if r := br.get(link); r.StatusCode != http.StatusNotFound {
		t.Errorf("an expired link: status %d", r.StatusCode)
	}
}

// A link that is malformed, unknown or no longer kept answers like the
// booking pages: 404. A booking that never had a place, or of a session
// called off, gets a plain message.
func TestBookingFeedback_BadLinksAndBookingsWithoutAPlace(t *testing.T) {
	s, clk, m := feedbackSite(t)
	s.bookWithLink(m, "Ann", 10) // fills it
	waiting, waitToken := s.bookWithLink(m, "Bob", 1)
	if waiting.Status != model.BookingWaitlisted {
		t.Fatalf("Bob is %s", waiting.Status)
	}
	called := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(14, 0)})
	_, calledToken := s.bookWithLink(called, "Cat", 1)
	if _, err := s.st.CancelSession(t.Context(), model.Actor{}, called.PublicID, "The tutor is unwell"); err != nil {
		t.Fatal(err)
	}
	clk.set(m.EndsAt.Add(time.Hour))
	br := s.browser()
	unknown, _ := auth.NewToken()
	for _, path := range []string{"/bookings/" + unknown + "/feedback", "/bookings/not-a-token/feedback"} {
		for _, post := range []bool{false, true} {
			var r response
			if post {
				r = br.post(path, answer("5", ""))
			} else {
				r = br.get(path)
			}
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("%s (post %v): status %d", path, post, r.StatusCode)
			}
			r.mustContain(t, "Page not found")
		}
	}
	br.get("/bookings/"+waitToken+"/feedback").mustContain(t, "did not have a place")
	if r := br.post("/bookings/"+waitToken+"/feedback", answer("5", "")); r.StatusCode != http.StatusConflict {
		t.Errorf("waitlisted answer: status %d", r.StatusCode)
	}
	br.get("/bookings/"+calledToken+"/feedback").mustContain(t, "did not go ahead")
	if rows := s.feedbackRows(m); len(rows) != 0 {
		t.Errorf("stored: %q", rows)
	}
}

// Walk-ins answer on the session's page, which links the form once the
// session has started: one answer per browser, the first standing.
func TestSessionFeedback_WalkInsAnswerOncePerBrowser(t *testing.T) {
	s, clk, m := feedbackSite(t)
	link := "/sessions/" + m.PublicID + "/feedback"
	a, b := s.browser(), s.browser()

	a.get("/sessions/"+m.PublicID).mustNotContain(t, link)
	r := a.get(link)
	r.mustContain(t, "This session has not started yet")
	if r.Header.Get("Set-Cookie") != "" {
		t.Error("reading the form set a cookie")
	}
	if r := a.post(link, answer("5", "")); r.StatusCode != http.StatusConflict {
		t.Errorf("answer before the start: status %d", r.StatusCode)
	}

	clk.set(m.StartsAt.Add(30 * time.Minute))
	a.get("/sessions/"+m.PublicID).mustContain(t, `href="`+link+`"`, "Tell us how useful it was")
	a.get(link).mustContain(t, "How useful was this session?")
	r = a.post(link, answer("", "Nice people"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("no score: status %d", r.StatusCode)
	}
	r.mustContain(t, "Nice people</textarea>", `aria-describedby="score-error"`)
	if r := a.post(link, answer("5", "Nice people")); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != link+"?done=1" {
		t.Fatalf("answer: status %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	a.get(link+"?done=1").mustContain(t, "We have your answer")
	a.get(link).mustContain(t, "You have already told us — thank you")
	r = a.post(link, answer("1", "Again"))
	if r.StatusCode != http.StatusConflict {
		t.Errorf("second answer: status %d", r.StatusCode)
	}
	r.mustContain(t, "You have already told us — thank you")
	if r := b.post(link, answer("3", "")); r.StatusCode != http.StatusSeeOther {
		t.Errorf("another browser: status %d", r.StatusCode)
	}
	if rows := s.feedbackRows(m); len(rows) != 2 || rows[0] != "5:Nice people" || rows[1] != "3:" {
		t.Errorf("stored: %q", rows)
	}

	clk.set(m.EndsAt.Add(model.FeedbackWindow + time.Minute))
	b.get(link).mustContain(t, "more than 30 days ago")
	b.get("/sessions/"+m.PublicID).mustNotContain(t, link)
	if r := s.browser().get("/sessions/aaaaaaaaaaaa/feedback"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown session: status %d", r.StatusCode)
	}
}

// Answers from one network are limited (a script cannot fill the
// figures), generously enough for a room on the library's wifi; the
// person's answer is kept on the page to send again.
func TestSessionFeedback_RateLimitedPerAddress(t *testing.T) {
	s, clk, m := feedbackSite(t)
	clk.set(m.EndsAt)
	link := "/sessions/" + m.PublicID + "/feedback"
	for i := range 30 {
		if r := s.browser().post(link, answer("4", "")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer %d from one network: status %d", i+1, r.StatusCode)
		}
	}
	r := s.browser().post(link, answer("2", "Too noisy"))
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("answer 31: status %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	r.mustContain(t, "Too many answers from your network", "Too noisy</textarea>", `value="2" checked`)
	other := s.browser()
	other.ip = "198.51.100.7"
	if r := other.post(link, answer("2", "")); r.StatusCode != http.StatusSeeOther {
		t.Errorf("another network: status %d", r.StatusCode)
	}
	if n := len(s.feedbackRows(m)); n != 31 {
		t.Errorf("%d answers stored, want 31", n)
	}
}

// svgIn is the first inline SVG in body, checked to be well-formed, with
// its title.
func svgIn(t *testing.T, body string) (svg, title string) {
	t.Helper()
	start := strings.Index(body, "<svg")
	end := strings.Index(body, "</svg>")
	if start < 0 || end < start {
		t.Fatal("no inline SVG on the page")
	}
	svg = body[start : end+len("</svg>")]
	var doc struct {
		Title string `xml:"title"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("the SVG is not well-formed: %v", err)
	}
	return svg, doc.Title
}

// The poster, printed from the register, carries a big QR code of the
// session's feedback form, its address in words, the session's title and
// date; staff, navigators and the session's partner may print it, another
// partner may not.
func TestFeedbackPoster_QRCodeOfTheSessionFeedbackFormForWhoKeepsTheRegister(t *testing.T) {
	s, _, _ := feedbackSite(t)
	partnerBrowser, partnerUser := s.as(model.RolePartner)
	own := model.Partner{ID: *partnerUser.PartnerID}
	other := testutil.CreatePartner(t, s.st, model.Partner{Name: "Another partner"})
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Money advice", Partner: &own, Start: s.tomorrowAt(14, 0)})
	theirs := testutil.CreateSession(t, s.st, testutil.Session{Title: "Housing surgery", Partner: &other, Start: s.tomorrowAt(14, 0)})
	feedbackURL := "https://hubbook.example.org/sessions/" + m.PublicID + "/feedback"
	want, err := qr.New(feedbackURL)
	if err != nil {
		t.Fatal(err)
	}

	staffBrowser, _ := s.as(model.RoleStaff)
	navigatorBrowser, _ := s.as(model.RoleNavigator)
	for who, br := range map[string]*browser{"staff": staffBrowser, "navigator": navigatorBrowser, "partner": partnerBrowser} {
		r := br.get("/registers/" + m.PublicID + "/poster")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", who, r.StatusCode)
		}
		r.mustContain(t, "How was today's session? Scan to tell us", "Money advice", feedbackURL,
			s.tomorrowAt(14, 0).Format("Monday 2 January"), "14:00 to 15:00")
		svg, title := svgIn(t, r.body)
		if !strings.Contains(title, "QR code") || !strings.Contains(title, feedbackURL) {
			t.Errorf("%s: the QR code's title is %q", who, title)
		}
		if !strings.Contains(svg, `role="img"`) || svg != string(want.SVG(title, 400)) {
			t.Errorf("%s: the QR code is not of %s", who, feedbackURL)
		}
	}
	if r := partnerBrowser.get("/registers/" + theirs.PublicID + "/poster"); r.StatusCode != http.StatusNotFound {
		t.Errorf("another partner's session: status %d", r.StatusCode)
	}
	if r := staffBrowser.get("/registers/" + theirs.PublicID + "/poster"); r.StatusCode != http.StatusOK {
		t.Errorf("staff, another partner's session: status %d", r.StatusCode)
	}
	if r := s.browser().get("/registers/" + m.PublicID + "/poster"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a visitor: status %d", r.StatusCode)
	}
	if r := staffBrowser.get("/registers/aaaaaaaaaaaa/poster"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown session: status %d", r.StatusCode)
	}
}

// A confirmed booking's page shows its check-in QR code (the signed
// check-in link) with the reference and what to do with it, until the
// session ends; a booking without a place, or a session called off, shows
// none.
func TestBookingPage_ShowsTheCheckInQRCodeUntilTheSessionEnds(t *testing.T) {
	s, clk, m := feedbackSite(t)
	b, token := s.bookWithLink(m, "Ann", 10)
	_, waitToken := s.bookWithLink(m, "Bob", 1)
	br := s.browser()

	r := br.get("/bookings/" + token)
	r.mustContain(t, "Show this at the door", b.Reference)
	svg, title := svgIn(t, r.body)
	code := auth.CheckInCode(testCheckIns, b.Reference, m.PublicID)
	want, err := qr.New("https://hubbook.example.org/check-in/" + code)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, b.Reference) || svg != string(want.SVG(title, 240)) {
		t.Errorf("the QR code (titled %q) is not the booking's check-in link", title)
	}
	if !auth.VerifyCheckInCode(testCheckIns, code, b.Reference, m.PublicID) {
		t.Error("the check-in code does not verify")
	}
	br.get("/bookings/"+waitToken).mustNotContain(t, "<svg", "Show this at the door")

	clk.set(m.StartsAt.Add(time.Minute)) // still useful at the door
	br.get("/bookings/"+token).mustContain(t, "Show this at the door")
	clk.set(m.EndsAt)
	br.get("/bookings/"+token).mustNotContain(t, "<svg", "Show this at the door")

	clk.set(time.Now())
	later := testutil.CreateSession(t, s.st, testutil.Session{Start: s.tomorrowAt(15, 0)})
	_, laterToken := s.bookWithLink(later, "Cat", 1)
	if _, err := s.st.CancelSession(t.Context(), model.Actor{}, later.PublicID, "Room flooded"); err != nil {
		t.Fatal(err)
	}
	br.get("/bookings/"+laterToken).mustNotContain(t, "<svg", "Show this at the door")
}

// A comment with control characters (a NUL byte, which PostgreSQL cannot
// store in text) is bad input: the form again with the comment as it can
// be kept, not a server error; tabs and line breaks stay.
func TestSessionFeedback_ControlCharactersInTheCommentAreRefusedNotAnError(t *testing.T) {
	s, clk, m := feedbackSite(t)
	link := "/sessions/" + m.PublicID + "/feedback"
	clk.set(m.StartsAt.Add(30 * time.Minute))
	br := s.browser()
	// A NUL never comes from typing: every form refuses it as a broken request.
	r := br.post(link, answer("4", "Good\x00 tutor"))
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("a NUL in the comment: status %d, want 400", r.StatusCode)
	}
	r = br.post(link, answer("4", "Good\x07 tutor"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bell in the comment: status %d, want 422", r.StatusCode)
	}
	r.mustContain(t, "Remove the control characters", `value="4" checked`, "Good tutor</textarea>")
	if rows := s.feedbackRows(m); len(rows) != 0 {
		t.Errorf("stored: %q", rows)
	}
	if r := br.post(link, answer("4", "Good\ttutor\r\nThanks")); r.StatusCode != http.StatusSeeOther {
		t.Errorf("tab and line break: status %d", r.StatusCode)
	}
	if rows := s.feedbackRows(m); len(rows) != 1 || rows[0] != "4:Good\ttutor\nThanks" {
		t.Errorf("stored: %q", rows)
	}
}
