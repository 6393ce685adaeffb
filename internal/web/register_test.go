package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// registerFixture is a site with one session of a partner, on a fixed
// day at 10:00, booked online by parties; the clock stands ten minutes
// after its start.
type registerFixture struct {
	s       *site
	clock   *movableClock
	m       model.Session
	partner model.Partner
	refs    []string
	path    string
}

func newRegisterFixture(t *testing.T, capacity int, parties ...int) registerFixture {
	t.Helper()
	loc := testutil.London(t)
	start := time.Date(2027, 6, 9, 10, 0, 0, 0, loc)
	clock := &movableClock{now: start.Add(-time.Hour)}
	s := newSite(t, withMovableClock(clock))
	p := testutil.CreatePartner(t, s.st, model.Partner{Name: "Money Advice Team"})
	f := registerFixture{s: s, clock: clock, partner: p,
		m: testutil.CreateSession(t, s.st, testutil.Session{Title: "Money check", Partner: &p, Capacity: capacity, Start: start, Length: 90 * time.Minute})}
	f.path = "/registers/" + f.m.PublicID
	for i, n := range parties {
		f.refs = append(f.refs, f.book(t, f.m, fmt.Sprintf("Person %c", 'A'+i), n))
	}
	clock.advance(70 * time.Minute)
	return f
}

// book books party places on m online for name and returns the reference.
func (f registerFixture) book(t *testing.T, m model.Session, name string, party int) string {
	t.Helper()
	_, token := auth.NewToken()
	res, err := f.s.st.BookPlaces(t.Context(), store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
		TokenHash: token, Name: name, Email: fmt.Sprintf("%x@example.org", token[:6]), PartySize: party})
	if err != nil {
		t.Fatal(err)
	}
	return res.Reference
}

// attended is what the database says of ref: -1 while unmarked.
func (f registerFixture) attended(t *testing.T, ref string) int {
	t.Helper()
	var a *int
	if err := f.s.db.Get(&a, `SELECT attended FROM bookings WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	if a == nil {
		return -1
	}
	return *a
}

// partnerBrowser signs in a new account of partner p.
func (f registerFixture) partnerBrowser(t *testing.T, p model.Partner) *browser {
	t.Helper()
	u := testutil.CreateUser(t, f.s.st, model.User{Role: model.RolePartner, PartnerID: &p.ID})
	return f.s.browser().signIn(u)
}

func TestRegister_NavigatorMarksWhoCameAndWhoDidNot(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 3, 1)
	b, _ := f.s.as(model.RoleNavigator)
	page := b.get(f.path)
	page.mustStatus(t, http.StatusOK)
	page.mustContain(t, "Money check", "Person A", "Person B", f.refs[0], "3 people", "Not marked",
		"All 3 came", "2 came", "No-show", `name="reference"`, `name="count"`, "Close the register",
		`href="`+f.path+`/print"`, `href="`+f.path+`/paper"`)
	if n := strings.Count(page.body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}

	mark := func(ref, came string) response {
		return b.post(f.path+"/mark", url.Values{"ref": {ref}, "came": {came}})
	}
	mark(f.refs[0], "2").mustRedirect(t, f.path+"#row-"+f.refs[0])
	mark(f.refs[1], "0").mustRedirect(t, f.path+"#row-"+f.refs[1])
	if a := f.attended(t, f.refs[0]); a != 2 {
		t.Errorf("attended %d, want 2", a)
	}
	after := b.get(f.path)
	after.mustContain(t, "Person B ("+f.refs[1]+"): No-show.", "Came: 2 of 3", "No-show", `aria-pressed="true"`)
	// Totals: 4 places booked, 2 came, 1 no-show, 0 walked in, 0 unmarked.
	for _, want := range []string{`>4</span> places booked`, `>2</span> came`, `>1</span> no-show`, `>0</span> not marked yet`} {
		after.mustContain(t, want)
	}

	mark(f.refs[1], "clear").mustRedirect(t, f.path+"#row-"+f.refs[1])
	if a := f.attended(t, f.refs[1]); a != -1 {
		t.Errorf("after clearing, attended %d, want unmarked", a)
	}
	for _, bad := range []url.Values{{}, {"ref": {f.refs[0]}, "came": {"many"}}, {"ref": {"nonsense"}, "came": {"1"}}} {
		r := b.post(f.path+"/mark", bad)
		r.mustStatus(t, http.StatusUnprocessableEntity)
	}
	r := mark(f.refs[0], "4")
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "is a party of 3")
	if a := f.attended(t, f.refs[0]); a != 2 {
		t.Errorf("after a refused mark, attended %d, want 2", a)
	}
}

func TestRegister_CheckInByTypedReference(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 2)
	other := testutil.CreateSession(t, f.s.st, testutil.Session{Title: "Bookbug", Start: f.m.StartsAt.Add(time.Hour)})
	otherRef := f.book(t, other, "Morag", 1)
	b, _ := f.s.as(model.RoleNavigator)
	checkIn := func(typed string) response { return b.post(f.path+"/check-in", url.Values{"reference": {typed}}) }

	checkIn(strings.ToLower(strings.TrimPrefix(f.refs[0], "HB-"))).mustRedirect(t, f.path)
	b.get(f.path).mustContain(t, "Checked in: Person A ("+f.refs[0]+"), 2 people.", "Came: 2 of 2")
	if a := f.attended(t, f.refs[0]); a != 2 {
		t.Errorf("attended %d, want the whole party of 2", a)
	}
	checkIn(f.refs[0]).mustRedirect(t, f.path)
	b.get(f.path).mustContain(t, "was already checked in")

	r := checkIn(otherRef)
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, otherRef+" is a booking for another session, not this one. Nothing was changed.")
	if a := f.attended(t, otherRef); a != -1 {
		t.Errorf("another session's booking was marked: %d", a)
	}
	r = checkIn("hb-zzzz")
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "No booking has the reference HB-ZZZZ", `value="hb-zzzz"`)
	r = checkIn("")
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter the booking reference")
}

func TestRegister_WalkInsOnTheDayAndTypedInAfterwards(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 5, 2)
	b, _ := f.s.as(model.RoleNavigator)
	walkIns := func(v url.Values) response { return b.post(f.path+"/walk-ins", v) }
	walkIns(url.Values{"count": {"2"}, "name": {"Morag"}, "postcode": {"eh11eg"}}).mustRedirect(t, f.path+"#walk-ins")
	b.get(f.path).mustContain(t, "2 walk-ins added.", "2 people: Morag", `>2</span> walked in`)

	r := walkIns(url.Values{"count": {"0"}, "name": {"Ali"}, "postcode": {"90210"}})
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter how many people walked in", "Enter a postcode like EH1 1EG", `value="Ali"`, `value="90210"`)
	r = walkIns(url.Values{"count": {"2"}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Only 1 place left", "not added", `value="2"`)

	// Two days later the register is still open: walk-ins written on
	// paper are typed in.
	f.clock.advance(48 * time.Hour)
	walkIns(url.Values{"count": {"1"}}).mustRedirect(t, f.path+"#walk-ins")
	var people int
	if err := f.s.db.Get(&people, `SELECT sum(party_size) FROM bookings WHERE session_id = $1 AND source = 'walk_in'`, f.m.ID); err != nil || people != 3 {
		t.Errorf("%d walk-ins recorded (%v), want 3", people, err)
	}
}

func TestRegister_ClosingCountsTheUnmarkedAsNoShowsAndOnlyStaffReopen(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 2, 1, 1)
	nav, _ := f.s.as(model.RoleNavigator)
	staff, _ := f.s.as(model.RoleStaff)
	partner := f.partnerBrowser(t, f.partner)

	f.clock.advance(-11 * time.Minute) // 9:59, before the start
	r := nav.post(f.path+"/close", url.Values{})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "The session has not started yet")
	f.clock.advance(2 * time.Hour)

	partner.post(f.path+"/mark", url.Values{"ref": {f.refs[0]}, "came": {"2"}}).mustRedirect(t, f.path+"#row-"+f.refs[0])
	partner.post(f.path+"/close", url.Values{}).mustRedirect(t, f.path)
	page := partner.get(f.path)
	page.mustContain(t, "The register is closed.", "2 bookings not marked now count as no-shows.", "ask staff to reopen it",
		`>2</span> no-shows`, `>0</span> not marked yet`)
	page.mustNotContain(t, `name="reference"`, `action="`+f.path+`/mark"`, "Reopen the register")
	nav.post(f.path+"/close", url.Values{}).mustRedirect(t, f.path)

	for _, b := range []*browser{nav, partner} {
		r := b.post(f.path+"/mark", url.Values{"ref": {f.refs[1]}, "came": {"1"}})
		r.mustStatus(t, http.StatusConflict)
		r.mustContain(t, "The register is closed, so nothing was changed. Ask staff to reopen it")
		b.post(f.path+"/reopen", url.Values{}).mustStatus(t, http.StatusForbidden)
	}
	if a := f.attended(t, f.refs[1]); a != 0 {
		t.Errorf("attended %d after refused marks, want the no-show the close made", a)
	}
	staff.get(f.path).mustContain(t, "Reopen the register to correct it")
	r = staff.post(f.path+"/mark", url.Values{"ref": {f.refs[1]}, "came": {"1"}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Reopen it to correct it")

	staff.post(f.path+"/reopen", url.Values{}).mustRedirect(t, f.path)
	staff.post(f.path+"/mark", url.Values{"ref": {f.refs[1]}, "came": {"1"}}).mustRedirect(t, f.path+"#row-"+f.refs[1])
	staff.post(f.path+"/close", url.Values{}).mustRedirect(t, f.path)
	if a := f.attended(t, f.refs[1]); a != 1 {
		t.Errorf("after correcting, attended %d, want 1", a)
	}
	if got := strings.Join(auditActions(t, f.s, f.m.PublicID), " "); got != "session.close_register session.reopen_register session.close_register" {
		t.Errorf("audit: %s", got)
	}
}

func TestRegister_BeforeTheDayItPrintsButTakesNoMarks(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 2)
	f.clock.advance(-49 * time.Hour) // two days before
	b, _ := f.s.as(model.RoleNavigator)
	page := b.get(f.path)
	page.mustStatus(t, http.StatusOK)
	page.mustContain(t, "The register opens on the day of the session, Wednesday 9 June", "Person A", `href="`+f.path+`/print"`)
	page.mustNotContain(t, `action="`+f.path+`/mark"`, `name="reference"`, "Close the register")
	for path, form := range map[string]url.Values{
		"/mark":     {"ref": {f.refs[0]}, "came": {"2"}},
		"/check-in": {"reference": {f.refs[0]}},
		"/walk-ins": {"count": {"1"}},
	} {
		r := b.post(f.path+path, form)
		r.mustStatus(t, http.StatusConflict)
		r.mustContain(t, "The register opens on the day of the session, Wednesday 9 June. Nothing was changed.")
	}
	if a := f.attended(t, f.refs[0]); a != -1 {
		t.Errorf("marked before the day: %d", a)
	}
	b.get(f.path+"/paper").mustContain(t, "A paper register is typed in on the day of the session or after it")
	b.get(f.path+"/print").mustStatus(t, http.StatusOK)
}

func TestRegister_APartnerOpensOnlyItsOwnSessionsRegisters(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 1)
	own := f.partnerBrowser(t, f.partner)
	other := f.partnerBrowser(t, testutil.CreatePartner(t, f.s.st, model.Partner{}))
	own.get(f.path).mustStatus(t, http.StatusOK)
	for _, path := range []string{"", "/print", "/paper"} {
		other.get(f.path+path).mustStatus(t, http.StatusNotFound)
	}
	for _, path := range []string{"/mark", "/check-in", "/walk-ins", "/paper", "/close"} {
		other.post(f.path+path, url.Values{"ref": {f.refs[0]}, "came": {"1"}, "reference": {f.refs[0]}, "count": {"1"}}).mustStatus(t, http.StatusNotFound)
	}
	if a := f.attended(t, f.refs[0]); a != -1 {
		t.Errorf("another partner marked the booking: %d", a)
	}
	var closed bool
	if err := f.s.db.Get(&closed, `SELECT register_closed_at IS NOT NULL FROM programme_sessions WHERE id = $1`, f.m.ID); err != nil || closed {
		t.Errorf("another partner closed the register (%v)", err)
	}
	f.s.browser().get(f.path).mustRedirect(t, "/login?next="+url.QueryEscape(f.path))
	own.get("/registers/not-an-id").mustStatus(t, http.StatusNotFound)
}

func TestRegister_PaperRegisterIsSavedWholeOrShownAgainWithWhatIsWrong(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 8, 2, 3, 1)
	b, _ := f.s.as(model.RoleNavigator)
	f.clock.advance(26 * time.Hour) // typed in the next day
	form := b.get(f.path + "/paper")
	form.mustStatus(t, http.StatusOK)
	form.mustContain(t, `name="came-`+f.refs[0]+`"`, `name="came-`+f.refs[1]+`"`, `name="walk_ins"`, `name="close"`)

	bad := url.Values{"came-" + f.refs[0]: {"2"}, "came-" + f.refs[1]: {"4"}, "walk_ins": {"lots"}}
	r := b.post(f.path+"/paper", bad)
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter how many of Person B&#39;s party came, from 0 to 3", "Enter how many people walked in", `value="4"`, `value="lots"`, `value="2"`)
	if a := f.attended(t, f.refs[0]); a != -1 {
		t.Errorf("a refused paper register marked %s: %d", f.refs[0], a)
	}
	r = b.post(f.path+"/paper", url.Values{"came-" + f.refs[0]: {"2"}, "walk_ins": {"5"}})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "Nothing was saved.", "Only 2 places left")
	if a := f.attended(t, f.refs[0]); a != -1 {
		t.Errorf("a paper register refused for its walk-ins marked %s: %d", f.refs[0], a)
	}

	good := url.Values{"came-" + f.refs[0]: {"2"}, "came-" + f.refs[1]: {"0"}, "walk_ins": {"2"}, "close": {"yes"}}
	b.post(f.path+"/paper", good).mustRedirect(t, f.path)
	page := b.get(f.path)
	page.mustContain(t, "The paper register is saved: 2 bookings marked, 2 walk-ins added. The register is closed: 1 booking left blank counts as a no-show.")
	for ref, want := range map[string]int{f.refs[0]: 2, f.refs[1]: 0, f.refs[2]: 0} {
		if a := f.attended(t, ref); a != want {
			t.Errorf("%s attended %d, want %d", ref, a, want)
		}
	}
	b.get(f.path+"/paper").mustContain(t, "The register is closed, so it cannot be typed in again")
	r = b.post(f.path+"/paper", good)
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "The register is closed")
}

func TestRegister_PrintsNamesPartiesAndTickBoxes(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 3, 1)
	b, _ := f.s.as(model.RoleStaff)
	r := b.get(f.path + "/print")
	r.mustStatus(t, http.StatusOK)
	r.mustContain(t, "Register: Money check", "Person A", "Person B", f.refs[0], "Wednesday 9 June", "with Money Advice Team", "Walk-ins")
	// One box a person, and a no-show box a booking.
	if n := strings.Count(r.body, `class="hb-tick"`); n != 3+1+2 {
		t.Errorf("%d tick boxes, want 6", n)
	}
}

// A paper register typed in on the day before the session has started
// cannot be closed: asked to close, it saves nothing and says so, so that
// sending it again without closing does not count the walk-ins twice.
func TestRegister_PaperRegisterAskedToCloseTooEarlySavesNothing(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 2)
	b, _ := f.s.as(model.RoleNavigator)
	f.clock.advance(-11 * time.Minute) // 9:59, before the start
	form := url.Values{"came-" + f.refs[0]: {"2"}, "walk_ins": {"3"}, "close": {"yes"}}
	r := b.post(f.path+"/paper", form)
	r.mustStatus(t, http.StatusUnprocessableEntity)
	r.mustContain(t, "The session has not started yet", `value="3"`, `id="close" name="close" value="yes" checked`)
	walkIns := func() int {
		var n int
		if err := f.s.db.Get(&n, `SELECT coalesce(sum(party_size), 0) FROM bookings WHERE session_id = $1 AND source = 'walk_in'`, f.m.ID); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n, a := walkIns(), f.attended(t, f.refs[0]); n != 0 || a != -1 {
		t.Errorf("refused, yet %d walk-ins and a mark of %d were saved", n, a)
	}
	delete(form, "close")
	b.post(f.path+"/paper", form).mustRedirect(t, f.path)
	if n := walkIns(); n != 3 {
		t.Errorf("%d walk-ins after sending it again without closing, want 3", n)
	}
}
