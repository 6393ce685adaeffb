package web_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// calendar decodes r as an iCalendar answer, failing the test unless it is
// one.
func calendar(t *testing.T, r response) *goical.Calendar {
	t.Helper()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200:\n%s", r.StatusCode, r.body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	cal, err := goical.NewDecoder(strings.NewReader(r.body)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, r.body)
	}
	return cal
}

// summaries are the events' SUMMARY values, in order.
func summaries(t *testing.T, cal *goical.Calendar) []string {
	t.Helper()
	var out []string
	for _, e := range cal.Events() {
		s, err := e.Props.Text(goical.PropSummary)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestFeedProgramme_IsASubscribableCalendarNarrowedLikeTheProgramme(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	central := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	hub := testutil.CreateVenue(t, s.st, model.Venue{Name: "Community Hub"})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Money advice", Venue: central, Theme: "income-maximisation", Start: s.tomorrowAt(10, 0)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Diabetes group", Venue: hub, Theme: "health", Audience: "adults", Start: s.tomorrowAt(11, 0)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Called off", Venue: hub, Theme: "health", Start: s.tomorrowAt(12, 0), Status: model.StatusCancelled})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Not yet approved", Venue: hub, Start: s.tomorrowAt(13, 0), Status: model.StatusProposed})

	r := s.get("/feeds/programme.ics")
	cal := calendar(t, r)
	if got := strings.Join(summaries(t, cal), "|"); got != "Money advice|Diabetes group|Called off" {
		t.Errorf("whole programme: %s", got)
	}
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "Test Libraries" {
		t.Errorf("X-WR-CALNAME %q", name)
	}
	if etag := r.Header.Get("ETag"); !strings.HasPrefix(etag, `"`) || len(etag) < 20 {
		t.Errorf("ETag %q, want a strong one", etag)
	}
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") {
		t.Errorf("Cache-Control %q", cc)
	}
	r.mustContain(t, "\r\nSTATUS:CANCELLED\r\n", "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n")

	narrowed := calendar(t, s.get("/feeds/programme.ics?venue="+hub.Slug+"&theme=health&audience=adults&from=2020-01-01&page=3"))
	if got := strings.Join(summaries(t, narrowed), "|"); got != "Diabetes group" {
		t.Errorf("hub, health, adults: %s", got)
	}
	if name, _ := narrowed.Props.Text("X-WR-CALNAME"); name != "Test Libraries: Community Hub, Health, Adults" {
		t.Errorf("narrowed X-WR-CALNAME %q", name)
	}
}

func TestFeedProgramme_UnknownFiltersAre400WithWhatExists(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	r := s.get("/feeds/programme.ics?venue=atlantis&theme=" + v.Slug + "&audience=adults")
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", r.StatusCode)
	}
	r.mustContain(t, `There is no venue called "atlantis"`, v.Slug, `There is no topic called "`+v.Slug+`"`, "healthy-weight")
	r.mustNotContain(t, "audience called")
	if r.Header.Get("ETag") != "" {
		t.Error("a 400 carries an ETag")
	}
	twice := s.get("/feeds/programme.ics?audience=adults&audience=families")
	if twice.StatusCode != http.StatusBadRequest {
		t.Fatalf("audience twice: status %d, want 400", twice.StatusCode)
	}
	twice.mustContain(t, "Give audience once")
}

func TestFeeds_AnswerNotModifiedUntilSomethingChanges(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Before", Venue: v, Start: s.tomorrowAt(10, 0)})
	paths := []string{"/feeds/programme.ics", "/sessions/" + m.PublicID + "/calendar.ics"}
	for _, path := range paths {
		// A version seen for the first time has no Last-Modified yet: a
		// change in the same second would look no newer.
		if r := s.get(path); r.Header.Get("Last-Modified") != "" {
			t.Errorf("%s: a new version has Last-Modified %q", path, r.Header.Get("Last-Modified"))
		}
	}
	time.Sleep(1100 * time.Millisecond)
	for _, path := range paths {
		first := s.get(path)
		calendar(t, first)
		etag, modified := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
		if _, err := http.ParseTime(modified); err != nil {
			t.Errorf("%s: Last-Modified %q: %v", path, modified, err)
		}
		if again := s.get(path); again.Header.Get("ETag") != etag || again.body != first.body {
			t.Errorf("%s: a second answer with nothing changed differs", path)
		}
		for _, header := range [][2]string{{"If-None-Match", etag}, {"If-Modified-Since", modified}} {
			r := s.get(path, header[0], header[1])
			if r.StatusCode != http.StatusNotModified || r.body != "" {
				t.Errorf("%s with %s: status %d, %d bytes; want 304 and nothing", path, header[0], r.StatusCode, len(r.body))
			}
		}
		if r := s.get(path, "If-None-Match", `"something-else"`); r.StatusCode != http.StatusOK {
			t.Errorf("%s with another ETag: status %d", path, r.StatusCode)
		}
	}

	// A session leaving a narrowed feed changes it too, though nothing in
	// it is newer: the ETag and Last-Modified follow.
	other := testutil.CreateVenue(t, s.st, model.Venue{})
	narrow := "/feeds/programme.ics?venue=" + v.Slug
	s.get(narrow)
	time.Sleep(1100 * time.Millisecond)
	held := s.get(narrow)
	if _, err := s.db.Exec(`UPDATE programme_sessions SET venue_id = $2 WHERE id = $1`, m.ID, other.ID); err != nil {
		t.Fatal(err)
	}
	for _, header := range [][2]string{{"If-None-Match", held.Header.Get("ETag")}, {"If-Modified-Since", held.Header.Get("Last-Modified")}} {
		r := s.get(narrow, header[0], header[1])
		if got := summaries(t, calendar(t, r)); len(got) != 0 {
			t.Errorf("with %s after the session left: %q", header[0], got)
		}
	}
	if _, err := s.db.Exec(`UPDATE programme_sessions SET venue_id = $2 WHERE id = $1`, m.ID, v.ID); err != nil {
		t.Fatal(err)
	}

	before := s.get("/feeds/programme.ics")
	if _, err := s.db.Exec(`UPDATE programme_sessions SET title = 'After' WHERE id = $1`, m.ID); err != nil {
		t.Fatal(err)
	}
	after := s.get("/feeds/programme.ics", "If-None-Match", before.Header.Get("ETag"))
	if got := summaries(t, calendar(t, after)); len(got) != 1 || got[0] != "After" {
		t.Errorf("after the change: %q", got)
	}
	if after.Header.Get("ETag") == before.Header.Get("ETag") {
		t.Error("the ETag did not change with the title")
	}
	if r := s.get("/feeds/programme.ics", "If-Modified-Since", before.Header.Get("Last-Modified")); r.StatusCode != http.StatusOK {
		t.Errorf("If-Modified-Since before the change: status %d, want 200", r.StatusCode)
	}
}

func TestFeedSpace_ShowsWhatIsOnAndNothingAboutWhoBooked(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	room := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Learning Room"})
	elsewhere := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Other Room"})
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: "Job club", Venue: v, Space: &room, Start: s.tomorrowAt(10, 0)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Elsewhere", Venue: v, Space: &elsewhere, Start: s.tomorrowAt(10, 0)})
	_, hash := auth.NewToken()
	if _, err := s.st.BookPlaces(t.Context(), store.BookingRequest{SessionPublicID: m.PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: "Annie Oakley", Email: "annie@example.org", Phone: "+447700900123", PartySize: 2}); err != nil {
		t.Fatal(err)
	}

	r := s.get("/feeds/spaces/" + room.Slug + ".ics")
	cal := calendar(t, r)
	if got := strings.Join(summaries(t, cal), "|"); got != "Job club" {
		t.Errorf("room feed: %s", got)
	}
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "Learning Room, Central Library" {
		t.Errorf("X-WR-CALNAME %q", name)
	}
	r.mustNotContain(t, "Annie", "Oakley", "annie@", "7700900123", "Booked:")

	for _, path := range []string{"/feeds/spaces/" + room.Slug, "/feeds/spaces/no-such-room.ics", "/feeds/spaces/Bad%20Slug.ics"} {
		if r := s.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, r.StatusCode)
		}
	}
}

func TestFeedPrivate_ATokenOpensItsOwnersFeedOnly(t *testing.T) {
	t.Parallel()
	var log capturedLog
	s := newSite(t, withCapturedLog(&log))
	ctx := t.Context()
	v := testutil.CreateVenue(t, s.st, model.Venue{})
	partnerUser := testutil.CreateUser(t, s.st, model.User{Role: model.RolePartner})
	org := model.Partner{ID: *partnerUser.PartnerID}
	staffer := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	ours := testutil.CreateSession(t, s.st, testutil.Session{Title: "Our group", Venue: v, Partner: &org, Capacity: 12, Start: s.tomorrowAt(10, 0)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "Our idea", Venue: v, Partner: &org, Status: model.StatusProposed, Start: s.tomorrowAt(11, 0)})
	testutil.CreateSession(t, s.st, testutil.Session{Title: "The library's", Venue: v, Start: s.tomorrowAt(12, 0)})
	_, hash := auth.NewToken()
	if _, err := s.st.BookPlaces(ctx, store.BookingRequest{SessionPublicID: ours.PublicID, Source: model.SourceOnline,
		TokenHash: hash, Name: "Ann", Email: "ann@example.org", PartySize: 3}); err != nil {
		t.Fatal(err)
	}
	partnerToken, partnerHash := auth.NewToken()
	if err := s.st.ReplaceFeedToken(ctx, model.Actor{ID: partnerUser.ID}, model.FeedOwner{PartnerID: org.ID}, partnerHash, nil); err != nil {
		t.Fatal(err)
	}
	staffToken, staffHash := auth.NewToken()
	if err := s.st.ReplaceFeedToken(ctx, model.Actor{ID: staffer.ID}, model.FeedOwner{UserID: staffer.ID}, staffHash, nil); err != nil {
		t.Fatal(err)
	}

	partnerFeed := "/feeds/partners/" + partnerToken + ".ics"
	r := s.get(partnerFeed)
	if got := strings.Join(summaries(t, calendar(t, r)), "|"); got != "Our group|Our idea" {
		t.Errorf("partner feed: %s", got)
	}
	r.mustContain(t, "Booked: 3 of 12 places.", "\r\nSTATUS:TENTATIVE\r\n")
	r.mustNotContain(t, "Ann", "ann@example.org")
	if cc := r.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "private") {
		t.Errorf("partner feed Cache-Control %q, want private", cc)
	}

	venueFeed := "/feeds/venues/" + v.Slug + "/" + staffToken + ".ics"
	if got := strings.Join(summaries(t, calendar(t, s.get(venueFeed))), "|"); got != "Our group|Our idea|The library's" {
		t.Errorf("staff venue feed: %s", got)
	}

	made, _ := auth.NewToken()
	for _, path := range []string{
		"/feeds/partners/" + staffToken + ".ics",                   // a staff token is not a partner's
		"/feeds/venues/" + v.Slug + "/" + partnerToken + ".ics",    // nor the reverse
		"/feeds/venues/no-such-venue/" + staffToken + ".ics",       // an unknown venue
		"/feeds/partners/" + made + ".ics",                         // a token never issued
		"/feeds/partners/" + partnerToken,                          // without .ics
		"/feeds/partners/short.ics",                                // not a token at all
		"/feeds/partners/" + partnerToken + ".ics/more",            // a path under it
		"/feeds/venues/" + v.Slug + "/" + staffToken + ".ics/more", // likewise
	} {
		if r := s.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, r.StatusCode)
		}
	}

	// A rotated token is the same 404 as one that never was.
	never := s.get("/feeds/partners/" + made + ".ics")
	if err := s.st.ReplaceFeedToken(ctx, model.Actor{ID: partnerUser.ID}, model.FeedOwner{PartnerID: org.ID}, auth.HashToken(made), nil); err != nil {
		t.Fatal(err)
	}
	rotated := s.get(partnerFeed)
	if rotated.StatusCode != http.StatusNotFound || rotated.body != never.body {
		t.Errorf("the rotated-out address: status %d; want the same 404 page as an address never made", rotated.StatusCode)
	}
	calendar(t, s.get("/feeds/partners/"+made+".ics"))

	for _, token := range []string{partnerToken, staffToken, made} {
		if strings.Contains(log.String(), token) {
			t.Errorf("the access log holds a feed token")
		}
	}
}

func TestSessionCalendar_IsOneEventToSave(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := testutil.CreateSession(t, s.st, testutil.Session{Title: `Tea, cake; chat \ 🎉`, Start: s.tomorrowAt(10, 0)})
	proposal := testutil.CreateSession(t, s.st, testutil.Session{Status: model.StatusProposed})
	r := s.get("/sessions/" + m.PublicID + "/calendar.ics")
	cal := calendar(t, r)
	if got := summaries(t, cal); len(got) != 1 || got[0] != m.Title {
		t.Errorf("events %q, want the one session with its title exactly", got)
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="`+m.PublicID+`.ics"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	start, err := cal.Events()[0].DateTimeStart(time.UTC)
	if err != nil || !start.Equal(m.StartsAt) {
		t.Errorf("DTSTART %v, %v; want %v", start, err, m.StartsAt)
	}
	if r := s.get("/sessions/" + proposal.PublicID + "/calendar.ics"); r.StatusCode != http.StatusNotFound {
		t.Errorf("a proposal's calendar file: status %d, want 404", r.StatusCode)
	}
}

func TestFeeds_GzipIsARepresentationWithItsOwnETag(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for i := range 30 { // enough to be worth compressing
		testutil.CreateSession(t, s.st, testutil.Session{Title: fmt.Sprint("Session ", i), Start: s.tomorrowAt(9, i)})
	}
	plain := s.get("/feeds/programme.ics")
	zipped := s.get("/feeds/programme.ics", "Accept-Encoding", "br, gzip")
	if ce := zipped.Header.Get("Content-Encoding"); ce != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", ce)
	}
	if plain.Header.Get("Content-Encoding") != "" {
		t.Errorf("a client that does not accept gzip got %q", plain.Header.Get("Content-Encoding"))
	}
	r, err := gzip.NewReader(strings.NewReader(zipped.body))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(r)
	if err != nil || string(unzipped) != plain.body {
		t.Fatalf("the gzipped feed is not the feed: %v", err)
	}
	ptag, ztag := plain.Header.Get("ETag"), zipped.Header.Get("ETag")
	if ztag != strings.TrimSuffix(ptag, `"`)+`-gzip"` {
		t.Errorf("ETags %s and %s: want the gzipped one to be its own", ptag, ztag)
	}
	for _, tc := range []struct {
		encoding, tag string
		want          int
	}{
		{"gzip", ztag, http.StatusNotModified},
		{"gzip", ptag, http.StatusOK},
		{"", ptag, http.StatusNotModified},
		{"", ztag, http.StatusOK},
		{"gzip;q=0", ptag, http.StatusNotModified},
	} {
		if r := s.get("/feeds/programme.ics", "Accept-Encoding", tc.encoding, "If-None-Match", tc.tag); r.StatusCode != tc.want {
			t.Errorf("Accept-Encoding %q, If-None-Match %s: status %d, want %d", tc.encoding, tc.tag, r.StatusCode, tc.want)
		}
	}
}

func TestFeeds_ShowSpaceBookingsToThoseWhoMaySeeThem(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := t.Context()
	v := testutil.CreateVenue(t, s.st, model.Venue{Name: "Central Library"})
	hall := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Hall"})
	stage := testutil.CreateSpace(t, s.st, v, model.Space{Name: "Stage", Kind: model.SpaceZone, ParentID: &hall.ID})
	partnerUser := testutil.CreateUser(t, s.st, model.User{Role: model.RolePartner})
	ours := model.Partner{ID: *partnerUser.PartnerID}
	theirs := testutil.CreatePartner(t, s.st, model.Partner{Name: "Other Agency"})
	at := s.tomorrowAt(10, 0)
	book := func(sp model.Space, partner *int64, status model.SpaceBookingStatus, purpose string, hours int) {
		t.Helper()
		from := at.Add(time.Duration(hours) * time.Hour)
		if _, err := s.st.BookSpace(ctx, model.Actor{}, store.SpaceBookingRequest{SpaceID: sp.ID, PartnerID: partner, Status: status,
			Purpose: purpose, StartsAt: from, EndsAt: from.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	spaceFeed := "/feeds/spaces/" + stage.Slug + ".ics"
	before := s.get(spaceFeed)
	book(stage, &ours.ID, model.SpaceConfirmed, "Our drama group", 0)
	book(hall, &theirs.ID, model.SpaceRequested, "Their confidential clinic", 2)

	// A zone's public feed: what is on in it and in its room, as "Booked".
	r := s.get(spaceFeed, "If-None-Match", before.Header.Get("ETag"))
	if got := strings.Join(summaries(t, calendar(t, r)), "|"); got != "Booked|Booked" {
		t.Errorf("the stage's feed: %s", got)
	}
	r.mustNotContain(t, "drama", "confidential", "Other Agency")

	// A partner's feed: its own bookings, with what for.
	partnerToken, hash := auth.NewToken()
	if err := s.st.ReplaceFeedToken(ctx, model.Actor{}, model.FeedOwner{PartnerID: ours.ID}, hash, nil); err != nil {
		t.Fatal(err)
	}
	r = s.get("/feeds/partners/" + partnerToken + ".ics")
	if got := strings.Join(summaries(t, calendar(t, r)), "|"); got != "Our drama group" {
		t.Errorf("the partner's feed: %s", got)
	}

	// Staff see everything at the venue, a waiting request as tentative.
	staffer := testutil.CreateUser(t, s.st, model.User{Role: model.RoleStaff})
	staffToken, staffHash := auth.NewToken()
	if err := s.st.ReplaceFeedToken(ctx, model.Actor{}, model.FeedOwner{UserID: staffer.ID}, staffHash, nil); err != nil {
		t.Fatal(err)
	}
	r = s.get("/feeds/venues/" + v.Slug + "/" + staffToken + ".ics")
	if got := strings.Join(summaries(t, calendar(t, r)), "|"); got != "Our drama group|Their confidential clinic" {
		t.Errorf("the staff feed: %s", got)
	}
	r.mustContain(t, "\r\nSTATUS:TENTATIVE\r\n", "For Other Agency.")

	// The public programme shows sessions only.
	s.get("/feeds/programme.ics").mustNotContain(t, "drama", "Booked")
}
