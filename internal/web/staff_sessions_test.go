package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/recur"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// sessionFormValues is a complete, valid session form for venue v at
// start, for an hour, with 12 places.
func sessionFormValues(s *site, v model.Venue, start time.Time) url.Values {
	s.t.Helper()
	themes, _ := s.st.Themes(s.t.Context())
	audiences, _ := s.st.Audiences(s.t.Context())
	local := start.In(s.loc)
	return url.Values{
		"title": {"Benefits check"}, "summary": {"Are you getting everything you are entitled to?"},
		"theme": {strconv.FormatInt(themes[2].ID, 10)}, "audience": {strconv.FormatInt(audiences[1].ID, 10)},
		"venue": {strconv.FormatInt(v.ID, 10)}, "date": {local.Format(time.DateOnly)},
		"start": {local.Format("15:04")}, "end": {local.Add(time.Hour).Format("15:04")},
		"booking": {"book"}, "capacity": {"12"},
	}
}

// sessionsTitled returns the sessions, any status, whose title is title.
func sessionsTitled(t *testing.T, s *site, title string) []model.Session {
	t.Helper()
	list, _, err := s.st.Sessions(t.Context(), store.SessionList{Text: title, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []model.Session
	for i := len(list) - 1; i >= 0; i-- { // Sessions lists latest first
		if list[i].Title == title {
			out = append(out, list[i])
		}
	}
	return out
}

func auditActions(t *testing.T, s *site, key string) []string {
	t.Helper()
	var actions []string
	if err := s.db.Select(&actions, `SELECT action FROM audit_log WHERE entity_key = $1 ORDER BY id`, key); err != nil {
		t.Fatal(err)
	}
	return actions
}

func TestStaffSession_CreateShowsInTheProgrammeAndIsAudited(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, staff := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Northfield Hub"})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Kitchen", Capacity: 16})
	form := sessionFormValues(s, v, s.tomorrowAt(10, 0))
	form.Set("space", strconv.FormatInt(room.ID, 10))
	form.Set("children", "yes")

	r := b.post("/staff/sessions", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d\n%s", r.StatusCode, r.body)
	}
	got := sessionsTitled(t, s, "Benefits check")
	if len(got) != 1 {
		t.Fatalf("%d sessions made, want 1", len(got))
	}
	m := got[0]
	if local := m.StartsAt.In(s.loc); local.Hour() != 10 || m.Space == nil || m.Space.ID != room.ID || *m.Capacity != 12 || !m.ChildrenWelcome || m.Status != model.StatusScheduled {
		t.Errorf("saved %+v", m)
	}
	if loc := r.Header.Get("Location"); loc != "/staff/sessions/"+m.PublicID {
		t.Errorf("redirect to %q", loc)
	}
	b.get(r.Header.Get("Location")).mustContain(t, "Added Benefits check.")
	s.get("/").mustContain(t, "Benefits check", "Kitchen, ")
	b.get("/sessions/"+m.PublicID).mustContain(t, `href="/staff/sessions/`+m.PublicID+`">Edit this session`)
	s.get("/sessions/"+m.PublicID).mustNotContain(t, "Edit this session")
	var actor string
	if err := s.db.Get(&actor, `SELECT actor_name FROM audit_log WHERE action = 'session.create' AND entity_key = $1`, m.PublicID); err != nil || actor != staff.Name {
		t.Errorf("audit: actor %q, %v", actor, err)
	}
}

func TestStaffSession_InvalidFormKeepsInputAndSaysWhatIsWrong(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	small := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Quiet room", Capacity: 6})
	other := testutil.CreateSpace(t, s.st, testutil.CreateVenue(t, s.st, model.Venue{}), model.Space{})
	for name, tc := range map[string]struct {
		change  map[string]string
		message string
	}{
		"no title":              {map[string]string{"title": ""}, "Enter a title"},
		"bad date":              {map[string]string{"date": "31/02/2027"}, "Enter the date like 16/03/2027"},
		"ends before it starts": {map[string]string{"start": "14:00", "end": "13:00"}, "Enter an end time after the start time"},
		"in the past":           {map[string]string{"date": "2020-01-06"}, "Enter a date and start time that have not passed"},
		"no places":             {map[string]string{"capacity": "0"}, "Enter how many places, as a number from 1 to 10,000"},
		"more than the room":    {map[string]string{"space": strconv.FormatInt(small.ID, 10), "capacity": "7"}, "Quiet room holds 6 people: enter 6 places or fewer"},
		"space elsewhere":       {map[string]string{"space": strconv.FormatInt(other.ID, 10)}, "Choose a room or space in " + v.Name},
		"no booking choice":     {map[string]string{"booking": ""}, "Choose whether people book a place or drop in"},
		"unknown theme":         {map[string]string{"theme": "99999"}, "Choose a topic"},
		"over 200 in a series":  {map[string]string{"repeat": "weekly", "ends": "count", "count": "201"}, "A series can have at most 200 sessions"},
		"series too long":       {map[string]string{"repeat": "weekly", "ends": "until", "until": "2040-01-01"}, "at most 200"},
	} {
		t.Run(name, func(t *testing.T) {
			form := sessionFormValues(s, v, s.tomorrowAt(10, 0))
			form.Set("summary", "Kept <as typed>")
			for k, val := range tc.change {
				form.Set(k, val)
			}
			r := b.post("/staff/sessions", form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			r.mustContain(t, "There is a problem", tc.message, "Kept &lt;as typed&gt;")
		})
	}
	if got := sessionsTitled(t, s, "Benefits check"); len(got) != 0 {
		t.Errorf("%d sessions saved from invalid forms", len(got))
	}
}

func TestStaffSession_WeeklySeriesKeepsLocalTimeAcrossTheClockChange(t *testing.T) {
	t.Parallel()
	s := newSite(t, withNow(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)))
	b, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	// Tuesday 16 March 2027, 10:00 GMT; the clocks go forward on 28 March.
	form := sessionFormValues(s, v, time.Date(2027, 3, 16, 10, 0, 0, 0, s.loc))
	form.Set("repeat", "weekly")
	form.Set("ends", "count")
	form.Set("count", "4")
	r := b.post("/staff/sessions", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.StatusCode, r.body)
	}
	got := sessionsTitled(t, s, "Benefits check")
	if len(got) != 4 {
		t.Fatalf("%d sessions, want 4", len(got))
	}
	for i, m := range got {
		local := m.StartsAt.In(s.loc)
		if local.Hour() != 10 || local.Minute() != 0 || local.Weekday() != time.Tuesday || m.SeriesID == nil || *m.SeriesID != *got[0].SeriesID {
			t.Errorf("session %d starts %s (series %v), want Tuesday 10:00 London in one series", i, local, m.SeriesID)
		}
	}
	if h := got[0].StartsAt.UTC().Hour(); h != 10 {
		t.Errorf("first session at %d:00 UTC, want 10 (GMT)", h)
	}
	if h := got[3].StartsAt.UTC().Hour(); h != 9 {
		t.Errorf("last session at %d:00 UTC, want 9 (BST)", h)
	}
	var rrule string
	if err := s.db.Get(&rrule, `SELECT rrule FROM series WHERE id = $1`, *got[0].SeriesID); err != nil || rrule != "FREQ=WEEKLY;COUNT=4" {
		t.Errorf("series rule %q, %v", rrule, err)
	}
	b.get(r.Header.Get("Location")).mustContain(t, "Added 4 sessions of Benefits check: Every week, 4 sessions.")
}

func TestStaffSession_MonthlySeriesOnTheNthWeekday(t *testing.T) {
	t.Parallel()
	s := newSite(t, withNow(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)))
	b, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	form := sessionFormValues(s, v, time.Date(2027, 3, 9, 14, 0, 0, 0, s.loc)) // the second Tuesday
	form.Set("repeat", "monthly")
	form.Set("ends", "until")
	form.Set("until", "2027-06-30")
	if r := b.post("/staff/sessions", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", r.StatusCode)
	}
	var days []string
	for _, m := range sessionsTitled(t, s, "Benefits check") {
		days = append(days, m.StartsAt.In(s.loc).Format("Mon 2 Jan 15:04"))
	}
	want := "Tue 9 Mar 14:00, Tue 13 Apr 14:00, Tue 11 May 14:00, Tue 8 Jun 14:00"
	if strings.Join(days, ", ") != want {
		t.Errorf("sessions on %s, want %s", strings.Join(days, ", "), want)
	}
}

// makeSeries adds a weekly series of n sessions at 10:00 from the first
// Tuesday after now, and returns them in date order.
func makeSeries(t *testing.T, s *site, b *browser, v model.Venue, n int) []model.Session {
	t.Helper()
	start := s.tomorrowAt(10, 0)
	for start.Weekday() != time.Tuesday {
		start = start.AddDate(0, 0, 1)
	}
	form := sessionFormValues(s, v, start)
	form.Set("repeat", "weekly")
	form.Set("ends", "count")
	form.Set("count", strconv.Itoa(n))
	if r := b.post("/staff/sessions", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("make series: status %d", r.StatusCode)
	}
	return sessionsTitled(t, s, "Benefits check")
}

func editForm(s *site, m model.Session) url.Values {
	local := m.StartsAt.In(s.loc)
	return url.Values{
		"title": {m.Title}, "summary": {m.Summary}, "theme": {strconv.FormatInt(m.Theme.ID, 10)},
		"audience": {strconv.FormatInt(m.Audience.ID, 10)}, "venue": {strconv.FormatInt(m.Venue.ID, 10)},
		"date": {local.Format(time.DateOnly)}, "start": {local.Format("15:04")}, "end": {m.EndsAt.In(s.loc).Format("15:04")},
		"booking": {"book"}, "capacity": {strconv.Itoa(*m.Capacity)}, "reserve": {strconv.Itoa(m.WalkInReserve)},
		"version": {store.Version(m.UpdatedAt)},
	}
}

func TestStaffSession_BookedSessionCannotBecomeADropIn(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	series := makeSeries(t, s, b, testutil.CreateVenue(t, s.st, model.Venue{}), 3)
	_, hash := auth.NewToken()
	if _, err := s.st.BookPlaces(t.Context(), store.BookingRequest{SessionPublicID: series[2].PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: "Ann", Email: "ann@example.org", PartySize: 2}); err != nil {
		t.Fatal(err)
	}
	booked, _ := s.st.Session(t.Context(), series[2].PublicID)
	form := editForm(s, booked)
	form.Set("booking", "drop-in")
	form.Set("scope", "this")
	r := b.post("/staff/sessions/"+booked.PublicID, form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("the booked session made a drop-in: status %d", r.StatusCode)
	}
	r.mustContain(t, "2 places are booked and 0 people on the waitlist: keep booking on")

	form = editForm(s, series[1])
	form.Set("booking", "drop-in")
	form.Set("scope", "following")
	r = b.post("/staff/sessions/"+series[1].PublicID, form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("this and following, a later one booked: status %d", r.StatusCode)
	}
	r.mustContain(t, "already has 2 places booked or waiting: it cannot become a drop-in")
	if after, _ := s.st.Session(t.Context(), series[1].PublicID); !after.BookingRequired {
		t.Error("the first session of the edit became a drop-in anyway")
	}
}

func TestStaffSession_EditThisAndFollowingMovesTheRestOfTheSeries(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	series := makeSeries(t, s, b, v, 5)
	// The fourth is cancelled: "this and following" leaves it alone.
	if _, err := s.st.CancelSession(t.Context(), model.Actor{}, series[3].PublicID, "Holiday"); err != nil {
		t.Fatal(err)
	}
	if r := b.get("/staff/sessions/" + series[1].PublicID); r.StatusCode != http.StatusOK {
		t.Fatalf("edit form: status %d", r.StatusCode)
	} else {
		r.mustContain(t, "This session is one of a series", "From this one on, 3 sessions of the series are still on")
	}

	form := editForm(s, series[1])
	form.Set("title", "Benefits and budgeting")
	form.Set("start", "14:00")
	form.Set("end", "15:30")
	form.Set("scope", "following")
	r := b.post("/staff/sessions/"+series[1].PublicID, form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.StatusCode, r.body)
	}
	b.get(r.Header.Get("Location")).mustContain(t, "Saved 3 sessions.")
	// The series is split where the edit began: 1 session before, 4 from there (one cancelled).
	if _, rule, _ := seriesOf(t, s, series[0].PublicID); rule != "FREQ=WEEKLY;COUNT=1" {
		t.Errorf("earlier rule %q", rule)
	}
	if _, rule, _ := seriesOf(t, s, series[3].PublicID); rule != "FREQ=WEEKLY;COUNT=4" {
		t.Errorf("later rule %q", rule)
	}
	for i, before := range series {
		after, err := s.st.Session(t.Context(), before.PublicID)
		if err != nil {
			t.Fatal(err)
		}
		local := after.StartsAt.In(s.loc)
		moved := i == 1 || i == 2 || i == 4
		switch {
		case moved && (after.Title != "Benefits and budgeting" || local.Format("15:04") != "14:00" ||
			after.EndsAt.In(s.loc).Format("15:04") != "15:30" || dayOf(local) != dayOf(before.StartsAt.In(s.loc))):
			t.Errorf("session %d: %q at %s, want retitled and at 14:00 to 15:30 on its own day", i, after.Title, local)
		case moved && after.Sequence != before.Sequence+1:
			t.Errorf("session %d: sequence %d, want %d (time changed)", i, after.Sequence, before.Sequence+1)
		case !moved && (after.Title != "Benefits check" || local.Format("15:04") != "10:00"):
			t.Errorf("session %d changed: %q at %s", i, after.Title, local)
		}
	}
}

func dayOf(t time.Time) string { return t.Format(time.DateOnly) }

func TestStaffSession_EditThisSessionOnlyLeavesTheSeries(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	series := makeSeries(t, s, b, testutil.CreateVenue(t, s.st, model.Venue{}), 3)
	form := editForm(s, series[1])
	form.Set("title", "Just this once")
	form.Set("scope", "this")
	if r := b.post("/staff/sessions/"+series[1].PublicID, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", r.StatusCode)
	}
	if got := sessionsTitled(t, s, "Benefits check"); len(got) != 2 {
		t.Errorf("%d sessions keep the old title, want 2", len(got))
	}
	after, _ := s.st.Session(t.Context(), series[1].PublicID)
	if after.Sequence != series[1].Sequence {
		t.Errorf("a title change raised the sequence to %d", after.Sequence)
	}
}

func TestStaffSession_EditAfterSomeoneElseSavedKeepsTheEditsAndSaysSo(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	alice, _ := s.as(model.RoleStaff)
	bob, _ := s.as(model.RoleStaff)
	// At 10:00: the form has one date, so a session running past midnight cannot be edited.
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Warm welcome cafe", Capacity: 20, Start: s.tomorrowAt(10, 0)})
	aliceForm := editForm(s, m) // both open the form
	bobForm := editForm(s, m)

	bobForm.Set("title", "Warm welcome cafe (Bob)")
	if r := bob.post("/staff/sessions/"+m.PublicID, bobForm); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("bob: status %d", r.StatusCode)
	}
	aliceForm.Set("title", "Warm welcome cafe (Alice)")
	r := alice.post("/staff/sessions/"+m.PublicID, aliceForm)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("alice: status %d, want 409", r.StatusCode)
	}
	r.mustContain(t, "Someone else changed this session since you opened the form", `value="Warm welcome cafe (Alice)"`, "Warm welcome cafe (Bob)")
	if got, _ := s.st.Session(t.Context(), m.PublicID); got.Title != "Warm welcome cafe (Bob)" {
		t.Errorf("title %q: Bob's save was overwritten", got.Title)
	}
	// Saving again, having seen Bob's change, goes through.
	version := regexpValue(r.body, "version")
	aliceForm.Set("version", version)
	if r := alice.post("/staff/sessions/"+m.PublicID, aliceForm); r.StatusCode != http.StatusSeeOther {
		t.Errorf("alice again: status %d", r.StatusCode)
	}
}

// regexpValue returns the value of the hidden input name in body.
func regexpValue(body, name string) string {
	_, after, _ := strings.Cut(body, `name="`+name+`" value="`)
	v, _, _ := strings.Cut(after, `"`)
	return v
}

func TestStaffSession_CancelAsksForConfirmationWhenPeopleHaveBooked(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Cook and eat", Capacity: 10})
	if _, err := s.db.Exec(`UPDATE programme_sessions SET places_booked = 5, waitlist_length = 2 WHERE id = $1`, m.ID); err != nil {
		t.Fatal(err)
	}
	b.get("/staff/sessions/"+m.PublicID+"/cancel").mustContain(t, "5 places are booked", "2 people are on the waiting list")

	r := b.post("/staff/sessions/"+m.PublicID+"/cancel", url.Values{"reason": {"The kitchen is closed for repairs."}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("without confirmation: status %d", r.StatusCode)
	}
	r.mustContain(t, "Tick the box to confirm", "The kitchen is closed for repairs.")
	if r := b.post("/staff/sessions/"+m.PublicID+"/cancel", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("without a reason: status %d", r.StatusCode)
	}
	r = b.post("/staff/sessions/"+m.PublicID+"/cancel", url.Values{"reason": {"The kitchen is closed for repairs."}, "confirm": {"yes"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: status %d", r.StatusCode)
	}
	after, _ := s.st.Session(t.Context(), m.PublicID)
	if after.Status != model.StatusCancelled || after.Sequence != m.Sequence+1 {
		t.Errorf("after cancel: status %s, sequence %d", after.Status, after.Sequence)
	}
	s.get("/sessions/"+m.PublicID).mustContain(t, "This session is cancelled", "The kitchen is closed for repairs.")

	if r := b.post("/staff/sessions/"+m.PublicID+"/reinstate", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reinstate: status %d", r.StatusCode)
	}
	after, _ = s.st.Session(t.Context(), m.PublicID)
	if after.Status != model.StatusScheduled || after.Sequence != m.Sequence+2 {
		t.Errorf("after reinstate: status %s, sequence %d", after.Status, after.Sequence)
	}
	s.get("/sessions/"+m.PublicID).mustNotContain(t, "This session is cancelled")
	if got := strings.Join(auditActions(t, s, m.PublicID), " "); got != "session.cancel session.reinstate" {
		t.Errorf("audit %q", got)
	}
}

func TestStaffSession_DuplicateFillsTheFormFromTheSession(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Chair yoga", Capacity: 14, Summary: "Gentle."})
	r := b.get("/staff/sessions/" + m.PublicID + "/duplicate")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	r.mustContain(t, `value="Chair yoga"`, `value="14"`, `action="/staff/sessions"`, "Gentle.")
	r.mustNotContain(t, `name="version" value="1`)
}

func TestProposal_PartnerProposesStaffApproves(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	pb, pu := s.as(model.RolePartner)
	sb, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	form := sessionFormValues(s, v, s.tomorrowAt(13, 0))
	form.Set("partner", "999") // ignored: a partner proposes for itself
	r := pb.post("/partner/sessions", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: status %d\n%s", r.StatusCode, r.body)
	}
	got := sessionsTitled(t, s, "Benefits check")
	if len(got) != 1 || got[0].Status != model.StatusProposed || got[0].Partner == nil || got[0].Partner.ID != *pu.PartnerID {
		t.Fatalf("proposal saved as %+v", got)
	}
	m := got[0]
	pb.get("/partner").mustContain(t, "Benefits check", "Proposed, waiting for staff")
	s.get("/").mustNotContain(t, "Benefits check")
	if r := s.get("/sessions/" + m.PublicID); r.StatusCode != http.StatusNotFound {
		t.Errorf("public page of a proposal: status %d", r.StatusCode)
	}
	if r := s.get("/api/v1/sessions/" + m.PublicID); r.StatusCode != http.StatusNotFound {
		t.Errorf("API of a proposal: status %d", r.StatusCode)
	}
	sb.get("/staff").mustContain(t, `<span class="hb-counts__figure">1</span> proposal from partners waiting`)
	sb.get("/staff/proposals").mustContain(t, "Benefits check", "1 proposal is waiting")

	if r := sb.post("/staff/proposals/"+m.PublicID+"/approve", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: status %d", r.StatusCode)
	}
	s.get("/").mustContain(t, "Benefits check")
	sb.get("/staff").mustContain(t, `<span class="hb-counts__figure">0</span> proposals from partners waiting`)
	// Approving twice says it is done, and changes nothing.
	sb.post("/staff/proposals/"+m.PublicID+"/approve", nil)
	sb.get("/staff/proposals").mustContain(t, "no longer waiting for approval")
	if got := strings.Join(auditActions(t, s, m.PublicID), " "); got != "session.propose session.approve" {
		t.Errorf("audit %q", got)
	}
}

func TestProposal_DeclinedWithAReasonAndProposedAgain(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	pb, _ := s.as(model.RolePartner)
	sb, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	pb.post("/partner/sessions", sessionFormValues(s, v, s.tomorrowAt(13, 0)))
	m := sessionsTitled(t, s, "Benefits check")[0]

	if r := sb.post("/staff/proposals/"+m.PublicID+"/decline", url.Values{"reason": {""}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("decline without a reason: status %d", r.StatusCode)
	}
	if r := sb.post("/staff/proposals/"+m.PublicID+"/decline", url.Values{"reason": {"The hall is booked then: could it be Thursday?"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: status %d", r.StatusCode)
	}
	pb.get("/partner").mustContain(t, "Declined", "The hall is booked then: could it be Thursday?")

	m, _ = s.st.Session(t.Context(), m.PublicID)
	form := editForm(s, m)
	form.Set("date", m.StartsAt.In(s.loc).AddDate(0, 0, 2).Format(time.DateOnly))
	if r := pb.post("/partner/sessions/"+m.PublicID, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose again: status %d\n%s", r.StatusCode, r.body)
	}
	if got, _ := s.st.Session(t.Context(), m.PublicID); got.Status != model.StatusProposed {
		t.Errorf("after the partner's change: status %s, want proposed", got.Status)
	}
}

func TestProposal_APartnerCannotSeeOrChangeAnotherPartnersSession(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	mine, _ := s.as(model.RolePartner)
	_, theirs := s.as(model.RolePartner)
	theirPartner := model.Partner{ID: *theirs.PartnerID}
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	scheduled := testutil.CreateSession(t, s.st, testutil.Session{Title: "Their session", Venue: v, Partner: &theirPartner})
	proposal := testutil.CreateSession(t, s.st, testutil.Session{Title: "Their proposal", Venue: v, Partner: &theirPartner, Status: model.StatusProposed})

	for _, m := range []model.Session{scheduled, proposal} {
		if r := mine.get("/partner/sessions/" + m.PublicID); r.StatusCode != http.StatusNotFound {
			t.Errorf("read %s: status %d, want 404", m.Title, r.StatusCode)
		}
		form := editForm(s, m)
		form.Set("title", "Hijacked")
		if r := mine.post("/partner/sessions/"+m.PublicID, form); r.StatusCode != http.StatusNotFound {
			t.Errorf("change %s: status %d, want 404", m.Title, r.StatusCode)
		}
		if r := mine.post("/staff/sessions/"+m.PublicID, form); r.StatusCode != http.StatusForbidden {
			t.Errorf("change %s through the staff form: status %d, want 403", m.Title, r.StatusCode)
		}
		if got, _ := s.st.Session(t.Context(), m.PublicID); got.Title == "Hijacked" {
			t.Errorf("%s was changed by another partner", m.Title)
		}
	}
	mine.get("/partner").mustNotContain(t, "Their session", "Their proposal")
}

func TestDesk_ListsAllOfTodaysSessions(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 2, 15, 0, 0, 0, testutil.London(t))
	s := newSite(t, withNow(now))
	b, _ := s.as(model.RoleNavigator)
	testutil.CreateSession(t, s.st, testutil.Session{Title: "This morning", Start: now.Add(-5 * time.Hour)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Later today", Start: now.Add(time.Hour)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Tomorrow", Start: now.Add(24 * time.Hour)})
	r := b.get("/desk")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	// Walk-ins are often recorded after the session: the morning's is listed, finished.
	r.mustContain(t, "Today", "This morning", "(finished)", "Later today")
	r.mustNotContain(t, "Tomorrow")
}

func TestForms_RefuseTextThatIsNotUTF8(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	form := sessionFormValues(s, v, s.tomorrowAt(10, 0))
	form.Set("title", "Broken \xff title")
	if r := b.post("/staff/sessions", form); r.StatusCode != http.StatusBadRequest {
		t.Errorf("form with invalid UTF-8: status %d, want 400", r.StatusCode)
	}
	// Nor a NUL, which PostgreSQL refuses in text: a broken request, not a 500.
	form.Set("title", "Broken \x00 title")
	if r := b.post("/staff/sessions", form); r.StatusCode != http.StatusBadRequest {
		t.Errorf("form with a NUL: status %d, want 400", r.StatusCode)
	}
	for _, path := range []string{"/staff/sessions?q=%ff", "/?theme=%ff", "/api/v1/sessions?venue=%ff",
		"/desk/people?q=a%00b", "/sessions/ab%00cd", "/api/v1/sessions/ab%00cd"} {
		if r := b.get(path); r.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", path, r.StatusCode)
		}
	}
	// Any real characters are fine.
	if r := b.get("/staff/sessions?q=" + url.QueryEscape("Fàilte 🌈")); r.StatusCode != http.StatusOK {
		t.Errorf("unicode search: status %d", r.StatusCode)
	}
}

func TestAuditLog_ShowsSessionChangesInWords(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	staff, _ := s.as(model.RoleStaff)
	admin, _ := s.as(model.RoleAdmin)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Northfield Hub"})
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Chair yoga", Venue: v, Start: s.tomorrowAt(10, 0)})
	form := editForm(s, m)
	form.Set("start", "11:00")
	form.Set("end", "12:00")
	if r := staff.post("/staff/sessions/"+m.PublicID, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: status %d", r.StatusCode)
	}
	r := admin.get("/admin/audit?action=session.update")
	r.mustContain(t, "Changed session", "Chair yoga",
		m.StartsAt.In(s.loc).Format("Monday 2 January 2006, 15:04"), s.tomorrowAt(11, 0).Format("Monday 2 January 2006, 15:04"))
	r.mustNotContain(t, "T10:00:00Z", "T09:00:00Z", "venue_id")
	r.mustContain(t, `<a href="/staff/sessions/`+m.PublicID+`">Chair yoga</a>`)
}

func TestStaffSession_EditFollowingRefusesFewerPlacesThanALaterSessionHasBooked(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	series := makeSeries(t, s, b, testutil.CreateVenue(t, s.st, model.Venue{}), 3)
	if _, err := s.db.Exec(`UPDATE programme_sessions SET places_booked = 9 WHERE public_id = $1`, series[2].PublicID); err != nil {
		t.Fatal(err)
	}
	r := b.get("/staff/sessions/" + series[0].PublicID)
	form := editForm(s, series[0])
	form.Set("seen", regexpValue(r.body, "seen"))
	form.Set("capacity", "6")
	form.Set("scope", "following")
	r = b.post("/staff/sessions/"+series[0].PublicID, form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.StatusCode)
	}
	r.mustContain(t, series[2].StartsAt.In(s.loc).Format("Monday 2 January")+" already has 9 places booked: enter 9 places or more")
	for _, m := range series {
		if got, _ := s.st.Session(t.Context(), m.PublicID); *got.Capacity != 12 {
			t.Errorf("%s: capacity %d, want 12 (nothing saved)", m.PublicID, *got.Capacity)
		}
	}
}

func TestStaffSession_EditFollowingDoesNotOverwriteALaterSessionChangedMeanwhile(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	series := makeSeries(t, s, b, testutil.CreateVenue(t, s.st, model.Venue{}), 3)
	r := b.get("/staff/sessions/" + series[0].PublicID)
	seen := regexpValue(r.body, "seen")
	// Meanwhile someone changes the third session on its own.
	third := editForm(s, series[2])
	third.Set("title", "Moved to the hall this week")
	if r := b.post("/staff/sessions/"+series[2].PublicID, third); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit third: status %d", r.StatusCode)
	}
	form := editForm(s, series[0])
	form.Set("seen", seen)
	form.Set("title", "Benefits and budgeting")
	form.Set("scope", "following")
	r = b.post("/staff/sessions/"+series[0].PublicID, form)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("status %d, want 409", r.StatusCode)
	}
	r.mustContain(t, "or one of the following ones, since you opened the form", `value="Benefits and budgeting"`)
	if got, _ := s.st.Session(t.Context(), series[2].PublicID); got.Title != "Moved to the hall this week" {
		t.Errorf("third session's title %q: overwritten", got.Title)
	}
	if got, _ := s.st.Session(t.Context(), series[0].PublicID); got.Title != "Benefits check" {
		t.Errorf("first session's title %q: saved in part", got.Title)
	}
	// Saving again from the conflict page, having seen it, goes through.
	form.Set("seen", regexpValue(r.body, "seen"))
	form.Set("version", regexpValue(r.body, "version"))
	if r := b.post("/staff/sessions/"+series[0].PublicID, form); r.StatusCode != http.StatusSeeOther {
		t.Errorf("again: status %d", r.StatusCode)
	}
}

func TestStaffSession_BookingsDoNotMakeAnOpenFormStale(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	m := testutil.CreateSession(t, s.st, testutil.Session{Capacity: 20, Start: s.tomorrowAt(10, 0)})
	form := editForm(s, m)
	if _, err := s.db.Exec(`UPDATE programme_sessions SET places_booked = 3, waitlist_length = 1 WHERE id = $1`, m.ID); err != nil {
		t.Fatal(err)
	}
	form.Set("title", "Renamed")
	if r := b.post("/staff/sessions/"+m.PublicID, form); r.StatusCode != http.StatusSeeOther {
		t.Errorf("edit after a booking: status %d, want 303", r.StatusCode)
	}
}

func TestStaffSession_EditFollowingFromACancelledSessionSavesIt(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	series := makeSeries(t, s, b, testutil.CreateVenue(t, s.st, model.Venue{}), 3)
	if _, err := s.st.CancelSession(t.Context(), model.Actor{}, series[0].PublicID, "Closed"); err != nil {
		t.Fatal(err)
	}
	first, _ := s.st.Session(t.Context(), series[0].PublicID)
	form := editForm(s, first)
	form.Set("title", "Benefits and budgeting")
	form.Set("scope", "following")
	r := b.post("/staff/sessions/"+first.PublicID, form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", r.StatusCode)
	}
	b.get(r.Header.Get("Location")).mustContain(t, "Saved 3 sessions.")
	if got, _ := s.st.Session(t.Context(), first.PublicID); got.Title != "Benefits and budgeting" || got.Status != model.StatusCancelled {
		t.Errorf("edited cancelled session: %q, %s", got.Title, got.Status)
	}
}

func TestProposal_ApprovingAProposalChangedSinceItWasShownIsRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	pb, _ := s.as(model.RolePartner)
	sb, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	pb.post("/partner/sessions", sessionFormValues(s, v, s.tomorrowAt(13, 0)))
	m := sessionsTitled(t, s, "Benefits check")[0]
	queue := sb.get("/staff/proposals")
	seen := regexpValue(queue.body, "version")

	form := editForm(s, m)
	form.Set("capacity", "3")
	if r := pb.post("/partner/sessions/"+m.PublicID, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("partner's change: status %d", r.StatusCode)
	}
	if r := sb.post("/staff/proposals/"+m.PublicID+"/approve", url.Values{"version": {seen}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: status %d", r.StatusCode)
	}
	sb.get("/staff/proposals").mustContain(t, "was changed after you opened this page, so it was not approved")
	if got, _ := s.st.Session(t.Context(), m.PublicID); got.Status != model.StatusProposed {
		t.Errorf("status %s, want still proposed", got.Status)
	}
}

// seriesOf returns the rule and start of the series of the session publicID.
func seriesOf(t *testing.T, s *site, publicID string) (id int64, rrule string, dtstart time.Time) {
	t.Helper()
	var row struct {
		ID      int64     `db:"id"`
		RRULE   string    `db:"rrule"`
		DTStart time.Time `db:"dtstart"`
	}
	if err := s.db.Get(&row, `SELECT s.id, s.rrule, s.dtstart FROM series s JOIN programme_sessions ps ON ps.series_id = s.id
		WHERE ps.public_id = $1`, publicID); err != nil {
		t.Fatal(err)
	}
	return row.ID, row.RRULE, row.DTStart
}

func TestStaffSession_EditFollowingSplitsTheSeriesSoBothRulesStayTrue(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	// Weekly on Tuesdays until a date six weeks on.
	start := s.tomorrowAt(10, 0)
	for start.Weekday() != time.Tuesday {
		start = start.AddDate(0, 0, 1)
	}
	form := sessionFormValues(s, v, start)
	form.Set("repeat", "weekly")
	form.Set("ends", "until")
	form.Set("until", start.AddDate(0, 0, 35).Format(time.DateOnly))
	if r := b.post("/staff/sessions", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d", r.StatusCode)
	}
	series := sessionsTitled(t, s, "Benefits check")
	if len(series) != 6 {
		t.Fatalf("%d sessions, want 6", len(series))
	}
	oldID, _, _ := seriesOf(t, s, series[0].PublicID)

	// From the third on: Wednesdays at 14:00.
	edit := editForm(s, series[2])
	edit.Set("date", series[2].StartsAt.In(s.loc).AddDate(0, 0, 1).Format(time.DateOnly))
	edit.Set("start", "14:00")
	edit.Set("end", "15:00")
	edit.Set("scope", "following")
	if r := b.post("/staff/sessions/"+series[2].PublicID, edit); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: status %d\n%s", r.StatusCode, r.body)
	}
	_, earlierRule, _ := seriesOf(t, s, series[0].PublicID)
	if !strings.HasPrefix(earlierRule, "FREQ=WEEKLY;UNTIL=") {
		t.Errorf("earlier rule %q", earlierRule)
	}
	earlier, err := recur.Expand(earlierRule, series[0].StartsAt, s.loc)
	if err != nil || len(earlier) != 2 {
		t.Errorf("the earlier rule makes %d sessions (%v), want the first 2", len(earlier), err)
	}
	newID, laterRule, dtstart := seriesOf(t, s, series[2].PublicID)
	if newID == oldID {
		t.Fatal("the following sessions are still in the old series")
	}
	later, err := recur.Expand(laterRule, dtstart, s.loc)
	if err != nil {
		t.Fatalf("later rule %q: %v", laterRule, err)
	}
	var got []string
	for _, m := range series[2:] {
		after, _ := s.st.Session(t.Context(), m.PublicID)
		got = append(got, after.StartsAt.In(s.loc).Format("Mon 2 Jan 15:04"))
		if *after.SeriesID != newID {
			t.Errorf("%s is in series %d, want %d", m.PublicID, *after.SeriesID, newID)
		}
	}
	var want []string
	for _, st := range later {
		want = append(want, st.Format("Mon 2 Jan 15:04"))
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") || !strings.HasPrefix(got[0], "Wed") || !strings.HasSuffix(got[0], "14:00") {
		t.Errorf("sessions %v; the new rule %q makes %v", got, laterRule, want)
	}
}

// rulesMatchSessions fails the test unless each series holding a session
// of sessions expands, from its start, to exactly its sessions' starts.
func rulesMatchSessions(t *testing.T, s *site, sessions []model.Session) {
	t.Helper()
	seen := map[int64]bool{}
	for _, m := range sessions {
		id, rule, dtstart := seriesOf(t, s, m.PublicID)
		if seen[id] {
			continue
		}
		seen[id] = true
		want, err := recur.Expand(rule, dtstart, s.loc)
		if err != nil {
			t.Errorf("series %d rule %q: %v", id, rule, err)
			continue
		}
		var starts []string
		if err := s.db.Select(&starts, `SELECT to_char(starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI')
			FROM programme_sessions WHERE series_id = $1 ORDER BY starts_at`, id); err != nil {
			t.Fatal(err)
		}
		var made []string
		for _, w := range want {
			made = append(made, w.Format("2006-01-02 15:04"))
		}
		if strings.Join(starts, ", ") != strings.Join(made, ", ") {
			t.Errorf("series %d: rule %q makes %v, but its sessions are %v", id, rule, made, starts)
		}
	}
}

func TestStaffSession_EditFollowingKeepsEveryRuleTrue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		edit       int // which session (0-based) is edited
		days       int // its date moves by this many days
		start, end string
		series     int // how many series hold the six sessions afterwards
	}{
		{"third to an earlier time", 2, 0, "09:00", "10:00", 2},
		{"third to a later time", 2, 0, "15:00", "16:00", 2},
		{"the first to an earlier time", 0, 0, "09:00", "10:00", 1},
		{"the fourth back eight days", 3, -8, "10:00", "11:00", 2},
		{"the second a day later", 1, 1, "10:00", "11:00", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t)
			b, _ := s.as(model.RoleStaff)
			series := makeSeries(t, s, b, testutil.CreateVenue(t, s.st, model.Venue{}), 6)
			m := series[tc.edit]
			page := b.get("/staff/sessions/" + m.PublicID)
			form := editForm(s, m)
			form.Set("seen", regexpValue(page.body, "seen"))
			form.Set("date", m.StartsAt.In(s.loc).AddDate(0, 0, tc.days).Format(time.DateOnly))
			form.Set("start", tc.start)
			form.Set("end", tc.end)
			form.Set("scope", "following")
			if r := b.post("/staff/sessions/"+m.PublicID, form); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", r.StatusCode, r.body)
			}
			var n int
			if err := s.db.Get(&n, `SELECT count(DISTINCT series_id) FROM programme_sessions`); err != nil || n != tc.series {
				t.Errorf("%d series, want %d (%v)", n, tc.series, err)
			}
			rulesMatchSessions(t, s, series)
		})
	}
}

func TestStaffSession_EditFollowingRefusesToMoveAMonthlySeriesToOtherDays(t *testing.T) {
	t.Parallel()
	s := newSite(t, withNow(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)))
	b, _ := s.as(model.RoleStaff)
	form := sessionFormValues(s, testutil.CreateVenue(t, s.st, model.Venue{}), time.Date(2027, 3, 9, 14, 0, 0, 0, s.loc))
	form.Set("repeat", "monthly")
	form.Set("ends", "count")
	form.Set("count", "4")
	b.post("/staff/sessions", form)
	series := sessionsTitled(t, s, "Benefits check")
	edit := editForm(s, series[1])
	edit.Set("date", series[1].StartsAt.In(s.loc).AddDate(0, 0, 1).Format(time.DateOnly))
	edit.Set("scope", "following")
	r := b.post("/staff/sessions/"+series[1].PublicID, edit)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.StatusCode)
	}
	r.mustContain(t, "A monthly series cannot move to other days all at once")
	// The time alone can change.
	edit.Set("date", series[1].StartsAt.In(s.loc).Format(time.DateOnly))
	edit.Set("start", "15:00")
	edit.Set("end", "16:00")
	if r := b.post("/staff/sessions/"+series[1].PublicID, edit); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("time change: status %d", r.StatusCode)
	}
	rulesMatchSessions(t, s, series)
}

func TestStaffSession_CancelThisAndFollowing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	series := makeSeries(t, s, b, testutil.CreateVenue(t, s.st, model.Venue{}), 4)
	if _, err := s.db.Exec(`UPDATE programme_sessions SET places_booked = 4 WHERE public_id = $1`, series[3].PublicID); err != nil {
		t.Fatal(err)
	}
	b.get("/staff/sessions/"+series[1].PublicID+"/cancel").mustContain(t, "Cancel this and the 2 following sessions (4 places booked in all)")
	form := url.Values{"reason": {"The course ends early."}, "scope": {"following"}}
	if r := b.post("/staff/sessions/"+series[1].PublicID+"/cancel", form); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("without confirming the 4 booked places: status %d, want 422", r.StatusCode)
	}
	form.Set("confirm", "yes")
	r := b.post("/staff/sessions/"+series[1].PublicID+"/cancel", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", r.StatusCode)
	}
	b.get(r.Header.Get("Location")).mustContain(t, "Cancelled 3 sessions of Benefits check.")
	for i, m := range series {
		got, _ := s.st.Session(t.Context(), m.PublicID)
		if want := map[bool]model.SessionStatus{true: model.StatusScheduled, false: model.StatusCancelled}[i == 0]; got.Status != want || (i > 0 && got.CancelReason != "The course ends early.") {
			t.Errorf("session %d: %s (%q), want %s", i, got.Status, got.CancelReason, want)
		}
	}
}

// Moving or cancelling a session with bookings tells the people booked
// and waiting by email, and the staff screen says how many.
func TestStaffSession_ChangesSayHowManyBookingsAreToldByEmail(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.as(model.RoleStaff)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Budgeting basics", Capacity: 10, Start: s.tomorrowAt(10, 0)})
	citizen := s.browser()
	for _, email := range []string{"ann@example.org", "bob@example.org"} {
		form := bookingForm(t, citizen, m)
		form.Set("email", email)
		book(t, citizen, m, form)
	}
	form := bookingForm(t, citizen, m)
	form.Del("email")
	form.Set("phone", "0131 496 0123")
	book(t, citizen, m, form) // no email: nobody to tell

	m, _ = s.st.Session(t.Context(), m.PublicID)
	edit := editForm(s, m)
	edit.Set("start", m.StartsAt.In(s.loc).Add(time.Hour).Format("15:04"))
	edit.Set("end", m.EndsAt.In(s.loc).Add(time.Hour).Format("15:04"))
	r := b.post("/staff/sessions/"+m.PublicID, edit)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: status %d\n%s", r.StatusCode, problems(r.body))
	}
	b.get(r.Header.Get("Location")).mustContain(t, "Saved 1 session. 2 bookings are being told by email.")

	// A change that is not the time or the place tells nobody.
	m, _ = s.st.Session(t.Context(), m.PublicID)
	edit = editForm(s, m)
	edit.Set("title", "Budgeting basics for beginners")
	r = b.post("/staff/sessions/"+m.PublicID, edit)
	b.get(r.Header.Get("Location")).mustContain(t, "Saved 1 session.")
	b.get("/staff/sessions/"+m.PublicID).mustNotContain(t, "being told by email")

	r = b.post("/staff/sessions/"+m.PublicID+"/cancel", url.Values{"reason": {"The room flooded."}, "confirm": {"yes"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: status %d", r.StatusCode)
	}
	b.get(r.Header.Get("Location")).mustContain(t, "2 bookings are being told by email.")
	var kinds []string
	if err := s.db.Select(&kinds, `SELECT args->>'message' FROM river_job WHERE kind = 'mail' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	// (No reminders: the bookings did not ask for them.)
	want := "confirmed confirmed session_changed session_changed session_cancelled session_cancelled"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("queued:\n%s\nwant\n%s", got, want)
	}
}
