package web_test

import (
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

// checkInPath is the check-in link of the booking ref on session m, as
// its QR code carries it.
func checkInPath(ref string, m model.Session) string {
	return "/check-in/" + auth.CheckInCode(testCheckIns, ref, m.PublicID)
}

func TestCheckInLink_StaffMarkTheBookingArrivedInOneTap(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 3)
	b, _ := f.s.as(model.RoleNavigator)
	path := checkInPath(f.refs[0], f.m)

	page := b.get(path)
	page.mustStatus(t, http.StatusOK)
	page.mustContain(t, "Person A", "3 people", "Money check", "Wednesday 9 June, 10:00 to 11:30", f.refs[0], "Mark as arrived")
	b.post(path, url.Values{}).mustRedirect(t, path)
	if a := f.attended(t, f.refs[0]); a != 3 {
		t.Errorf("attended %d, want the whole party of 3", a)
	}
	done := b.get(path)
	done.mustContain(t, "Marked as arrived: Person A", "Already marked: came (3 of 3)", `href="`+f.path+`"`)
	done.mustNotContain(t, "<button class=\"ds_button hb-check-in__button\"")

	// Scanned again: nothing changes.
	b.post(path, url.Values{}).mustRedirect(t, path)
	if a := f.attended(t, f.refs[0]); a != 3 {
		t.Errorf("attended %d after a second scan, want 3", a)
	}

	// The session's partner may check in too.
	f.clock.advance(-70 * time.Minute)
	f2 := f.book(t, f.m, "Late Booker", 1)
	f.clock.advance(70 * time.Minute)
	partner := f.partnerBrowser(t, f.partner)
	partner.post(checkInPath(f2, f.m), url.Values{}).mustRedirect(t, checkInPath(f2, f.m))
	if a := f.attended(t, f2); a != 1 {
		t.Errorf("the partner's check-in: attended %d, want 1", a)
	}
}

func TestCheckInLink_BadLinksGetAPlainMessageAndChangeNothing(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 2, 1, 1)
	ctx := t.Context()
	b, _ := f.s.as(model.RoleStaff)
	other := testutil.CreateSession(t, f.s.st, testutil.Session{Title: "Bookbug", Start: f.m.StartsAt.AddDate(0, 0, 1)})
	tomorrowRef := f.book(t, other, "Morag", 1)
	if _, err := f.s.st.CancelBooking(ctx, model.Actor{}, store.BookingKey{Reference: f.refs[1]}); err != nil {
		t.Fatal(err)
	}
	valid := checkInPath(f.refs[0], f.m)
	code := strings.TrimPrefix(valid, "/check-in/")
	last := code[len(code)-1:]
	tampered := "/check-in/" + code[:len(code)-1] + map[bool]string{true: "B", false: "A"}[last == "A"]

	cases := []struct {
		name, path string
		status     int
		message    string
	}{
		{"tampered", tampered, http.StatusNotFound, "This check-in link is not valid"},
		{"not a code", "/check-in/nonsense", http.StatusNotFound, "This check-in link is not valid"},
		{"unknown reference", checkInPath("HB-ZZZZ", f.m), http.StatusNotFound, "This check-in link is not valid"},
		{"made for another session", checkInPath(f.refs[0], other), http.StatusNotFound, "This check-in link is not valid"},
		{"cancelled booking", checkInPath(f.refs[1], f.m), http.StatusConflict, "was cancelled, so there is nothing to mark"},
		{"session tomorrow", checkInPath(tomorrowRef, other), http.StatusConflict, "This booking is for Bookbug on Thursday 10 June 2027."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range []response{b.get(tc.path), b.post(tc.path, url.Values{})} {
				r.mustStatus(t, tc.status)
				r.mustContain(t, tc.message)
				r.mustNotContain(t, "Mark as arrived")
			}
		})
	}

	// Another partner's session: as if the link did not exist.
	stranger := f.partnerBrowser(t, testutil.CreatePartner(t, f.s.st, model.Partner{}))
	for _, r := range []response{stranger.get(valid), stranger.post(valid, url.Values{})} {
		r.mustStatus(t, http.StatusNotFound)
		r.mustNotContain(t, "Person A")
	}
	// Not signed in: sent to sign in and back.
	f.s.browser().get(valid).mustRedirect(t, "/login?next="+url.QueryEscape(valid))

	// The register closed: the booking is for a session that is over.
	b.post(f.path+"/close", url.Values{}).mustRedirect(t, f.path)
	r := b.post(checkInPath(f.refs[2], f.m), url.Values{})
	r.mustStatus(t, http.StatusConflict)
	r.mustContain(t, "This booking is for Money check on Wednesday 9 June 2027. Its register is closed")

	var marked int
	if err := f.s.db.Get(&marked, `SELECT count(*) FROM bookings WHERE attended > 0`); err != nil || marked != 0 {
		t.Errorf("%d bookings marked as come by bad links (%v), want none", marked, err)
	}
}

// A check-in link is for the session's day: scanned on a later day (an
// old confirmation email, a screenshot) it marks nothing, even while the
// register is still open to be typed in, and says to use the register.
func TestCheckInLink_AnOldLinkAfterTheSessionsDayChangesNothing(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 2)
	b, _ := f.s.as(model.RoleStaff)
	path := checkInPath(f.refs[0], f.m)

	f.clock.advance(24 * time.Hour)
	for _, r := range []response{b.get(path), b.post(path, url.Values{})} {
		r.mustStatus(t, http.StatusConflict)
		r.mustContain(t, "This booking is for Money check on Wednesday 9 June 2027.", "nothing was changed", `href="`+f.path+`"`)
		r.mustNotContain(t, "Mark as arrived")
	}
	if a := f.attended(t, f.refs[0]); a != -1 {
		t.Errorf("an old link marked the booking: attended %d, want unmarked", a)
	}
	// The register itself still takes the mark, typed in afterwards.
	b.post(f.path+"/mark", url.Values{"ref": {f.refs[0]}, "came": {"2"}}).mustRedirect(t, f.path+"#row-"+f.refs[0])
	if a := f.attended(t, f.refs[0]); a != 2 {
		t.Errorf("typed in on the register: attended %d, want 2", a)
	}
}

// A session that runs past midnight takes check-ins until it ends.
func TestCheckInLink_ASessionPastMidnightTakesThemUntilItEnds(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 1)
	late := testutil.CreateSession(t, f.s.st, testutil.Session{Title: "Night owls", Start: f.m.StartsAt.Add(13 * time.Hour), Length: 2 * time.Hour})
	ref := f.book(t, late, "Owl", 1)
	b, _ := f.s.as(model.RoleStaff)
	f.clock.advance(14*time.Hour + 20*time.Minute) // 00:30 the next day, the session on till 01:00
	path := checkInPath(ref, late)
	b.post(path, url.Values{}).mustRedirect(t, path)
	if a := f.attended(t, ref); a != 1 {
		t.Errorf("attended %d, want 1", a)
	}
}

// Part of a party marked as come (the rest late): scanning the booking's
// code later still offers to mark the whole party arrived.
func TestCheckInLink_APartyPartlyMarkedCanBeCompleted(t *testing.T) {
	t.Parallel()
	f := newRegisterFixture(t, 10, 3)
	b, _ := f.s.as(model.RoleNavigator)
	b.post(f.path+"/mark", url.Values{"ref": {f.refs[0]}, "came": {"2"}}).mustRedirect(t, f.path+"#row-"+f.refs[0])
	path := checkInPath(f.refs[0], f.m)
	page := b.get(path)
	page.mustStatus(t, http.StatusOK)
	page.mustContain(t, "Marked so far: 2 of 3 came", "Mark as arrived")
	page.mustNotContain(t, "Already marked")
	b.post(path, url.Values{}).mustRedirect(t, path)
	if a := f.attended(t, f.refs[0]); a != 3 {
		t.Errorf("attended %d, want the whole party of 3", a)
	}
	b.get(path).mustContain(t, "Already marked: came (3 of 3)")
}
