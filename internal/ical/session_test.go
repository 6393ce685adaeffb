package ical

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
	"time"

	"hubbook/internal/model"
)

var base, _ = url.Parse("https://hubbook.example/")

// session is a whole session as the store reads it, with every field an
// event shows set.
func session(t *testing.T) model.Session {
	loc := london(t)
	capacity := 20
	return model.Session{
		ID: 7, PublicID: "k3mx9pq2rt7w",
		Title:           `Cook, eat; talk \ 🎉 Café`,
		Summary:         "Cooking on a budget.",
		Description:     "We cook together.\nBring a container.",
		Theme:           model.Theme{Name: "Healthy weight"},
		Audience:        model.Audience{Name: "Adults"},
		Venue:           model.Venue{Name: "Central Library", Address: "1 High Street, Dundee", Postcode: "DD1 1AA"},
		Space:           &model.Space{Name: "Kitchen"},
		Partner:         &model.Partner{ID: 3, Name: "NHS Tayside"},
		StartsAt:        time.Date(2027, 7, 6, 10, 0, 0, 0, loc),
		EndsAt:          time.Date(2027, 7, 6, 11, 30, 0, 0, loc),
		BookingRequired: true, Capacity: &capacity, PlacesBooked: 12, WaitlistLength: 3,
		AccessNotes: "Step-free.",
		Status:      model.StatusScheduled,
		Sequence:    3,
		UpdatedAt:   time.Date(2027, 6, 1, 8, 30, 5, 0, time.UTC),
	}
}

func TestSession_RoundTripsThroughGoICal(t *testing.T) {
	m := session(t)
	out := encode(t, Calendar{Name: "Feed", Events: []Event{Session(m, base, Public)}})
	got := fromComponent(t, decode(t, out).Events()[0].Component)
	if got.UID != "session-k3mx9pq2rt7w@hubbook.example" {
		t.Errorf("UID %q", got.UID)
	}
	if got.Summary != m.Title {
		t.Errorf("SUMMARY %q, want %q", got.Summary, m.Title)
	}
	if !got.Start.Equal(m.StartsAt) || !got.End.Equal(m.EndsAt) {
		t.Errorf("times %v to %v, want %v to %v", got.Start, got.End, m.StartsAt, m.EndsAt)
	}
	if got.Start.Hour() != 9 { // 10:00 in summer in London is 09:00 UTC
		t.Errorf("start %v, want 09:00 UTC", got.Start)
	}
	if !got.Stamp.Equal(m.UpdatedAt) || !got.LastModified.Equal(m.UpdatedAt) {
		t.Errorf("DTSTAMP %v, LAST-MODIFIED %v, want both %v", got.Stamp, got.LastModified, m.UpdatedAt)
	}
	if got.Sequence != 3 || got.Status != Confirmed {
		t.Errorf("SEQUENCE %d, STATUS %v", got.Sequence, got.Status)
	}
	if want := "Kitchen, Central Library, 1 High Street, Dundee, DD1 1AA"; got.Location != want {
		t.Errorf("LOCATION %q, want %q", got.Location, want)
	}
	if got.URL != "https://hubbook.example/sessions/k3mx9pq2rt7w" {
		t.Errorf("URL %q", got.URL)
	}
	if len(got.Categories) != 1 || got.Categories[0] != "Healthy weight" {
		t.Errorf("CATEGORIES %q", got.Categories)
	}
	for _, want := range []string{"Cooking on a budget.", "We cook together.\nBring a container.", "For: Adults.", "Run by NHS Tayside.",
		"Booking needed: https://hubbook.example/sessions/k3mx9pq2rt7w", "Access: Step-free."} {
		if !strings.Contains(got.Description, want) {
			t.Errorf("DESCRIPTION lacks %q:\n%s", want, got.Description)
		}
	}
}

func TestSession_BookingFiguresOnlyInPrivateFeeds(t *testing.T) {
	m := session(t)
	figures := "Booked: 12 of 20 places. Waiting list: 3 people."
	if d := Session(m, base, Public).Description; strings.Contains(d, "Booked") {
		t.Errorf("public description has booking figures:\n%s", d)
	}
	if d := Session(m, base, Private).Description; !strings.Contains(d, figures) {
		t.Errorf("private description lacks %q:\n%s", figures, d)
	}
	m.BookingRequired, m.Capacity = false, nil
	d := Session(m, base, Private).Description
	if strings.Contains(d, "Booked") || !strings.Contains(d, "Drop in: no need to book.") {
		t.Errorf("drop-in description:\n%s", d)
	}
}

func TestSession_StatusSaysWhatIsGoingAhead(t *testing.T) {
	for _, tc := range []struct {
		status model.SessionStatus
		detail Detail
		want   Status
		says   string
	}{
		{model.StatusScheduled, Public, Confirmed, "Booking needed"},
		{model.StatusCancelled, Public, Cancelled, "Cancelled: The cook is ill."},
		{model.StatusProposed, Private, Tentative, "Proposed: waiting for staff to approve it."},
		{model.StatusDeclined, Private, Cancelled, "This proposal was declined."},
	} {
		t.Run(string(tc.status), func(t *testing.T) {
			m := session(t)
			m.Status, m.CancelReason = tc.status, "The cook is ill."
			e := Session(m, base, tc.detail)
			if e.Status != tc.want {
				t.Errorf("status %v, want %v", e.Status, tc.want)
			}
			if !strings.Contains(e.Description, tc.says) {
				t.Errorf("description lacks %q:\n%s", tc.says, e.Description)
			}
			if tc.status != model.StatusScheduled && strings.Contains(e.Description, "Booking needed") {
				t.Errorf("a session not going ahead invites booking:\n%s", e.Description)
			}
		})
	}
}

func TestSessions_IsASubscribableCalendar(t *testing.T) {
	out, err := Feed("Central Library", []model.FeedSession{{Session: session(t)}}, nil, base, Public)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H", "NAME:Central Library", "X-WR-CALNAME:Central Library", "METHOD:PUBLISH"} {
		if !strings.Contains(string(out), "\r\n"+want+"\r\n") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	cal := decode(t, string(out))
	prop := cal.Props.Get("REFRESH-INTERVAL")
	if prop == nil {
		t.Fatal("go-ical finds no REFRESH-INTERVAL")
	}
	if d, err := prop.Duration(); err != nil || d != time.Hour {
		t.Errorf("REFRESH-INTERVAL decodes as %v, %v", d, err)
	}

	// An empty feed (a room with nothing on) is a calendar too.
	empty, err := Feed("Quiet room", nil, nil, base, Public)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(empty), "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n") {
		t.Errorf("empty feed lacks REFRESH-INTERVAL:\n%s", empty)
	}
	decode(t, string(empty))
}

func TestSessions_StampIsTheLastChangeToAnythingTheEventSays(t *testing.T) {
	m := session(t)
	later := m.UpdatedAt.Add(time.Hour)
	for _, tc := range []struct {
		name    string
		changed time.Time
		want    time.Time
	}{
		{"the session itself", time.Time{}, m.UpdatedAt},
		{"its venue or bookings since", later, later},
		{"nothing newer", m.UpdatedAt.Add(-time.Hour), m.UpdatedAt},
	} {
		out, err := Feed("Feed", []model.FeedSession{{Session: m, Changed: tc.changed}}, nil, base, Private)
		if err != nil {
			t.Fatal(err)
		}
		got := fromComponent(t, decode(t, string(out)).Events()[0].Component)
		if !got.Stamp.Equal(tc.want) || !got.LastModified.Equal(tc.want) {
			t.Errorf("%s: DTSTAMP %v, LAST-MODIFIED %v, want %v", tc.name, got.Stamp, got.LastModified, tc.want)
		}
	}
}

// spaceBooking is a partner's confirmed booking with buffers.
func spaceBooking(t *testing.T) model.SpaceBooking {
	m := session(t)
	people := 8
	return model.SpaceBooking{
		PublicID: "booked2345", Kind: model.SpaceForBooking, Status: model.SpaceConfirmed,
		Space: *m.Space, Venue: m.Venue, Partner: m.Partner, Purpose: "Debt clinic; by referral", Attendees: &people,
		StartsAt: m.StartsAt.Add(2 * time.Hour), EndsAt: m.EndsAt.Add(2 * time.Hour), Before: 15 * time.Minute, After: 30 * time.Minute,
		Sequence: 1, UpdatedAt: m.UpdatedAt,
	}
}

func TestSpaceBooking_SaysWhatTheViewerMaySee(t *testing.T) {
	b := spaceBooking(t)
	out, err := Feed("Kitchen", []model.FeedSession{{Session: session(t)}}, []model.SpaceBooking{b, b.SeenBy(0)}, base, Private)
	if err != nil {
		t.Fatal(err)
	}
	events := decode(t, string(out)).Events()
	if len(events) != 3 {
		t.Fatalf("%d events", len(events))
	}
	full := fromComponent(t, events[1].Component)
	if full.UID != "space-booking-booked2345@hubbook.example" || full.Summary != "Debt clinic; by referral" || full.Sequence != 1 {
		t.Errorf("the booking: %+v", full)
	}
	for _, want := range []string{"For NHS Tayside.", "8 people expected.", "15 minutes before to 30 minutes after"} {
		if !strings.Contains(full.Description, want) {
			t.Errorf("description lacks %q:\n%s", want, full.Description)
		}
	}
	hidden := fromComponent(t, events[2].Component)
	if hidden.Summary != "Booked" || strings.Contains(hidden.Description, "NHS") || strings.Contains(hidden.Description, "people") || hidden.URL != "" {
		t.Errorf("as the public sees it: %+v", hidden)
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour: "PT1H", 90 * time.Minute: "PT1H30M", 45 * time.Second: "PT45S",
		26*time.Hour + 5*time.Second: "PT26H5S", 0: "PT0S",
	} {
		if got := duration(d); got != want {
			t.Errorf("duration(%v) = %q, want %q", d, got, want)
		}
	}
}

// formatDigest is the SHA-256 of a sample feed as this package writes it at
// Format. If this test fails, the encoding changed: raise Format (so
// clients holding the old bytes are sent the new ones: feed ETags are read
// from the data and Format, not from the bytes) and then update both.
const (
	formatChecked = 1
	formatDigest  = "8a3cdf4e14ba2e99db2073e376d38b18535f012f1580e7773006e8ce4e256197"
)

func TestFormat_RaisedWhenTheBytesChange(t *testing.T) {
	m := session(t)
	cancelled := session(t)
	cancelled.PublicID, cancelled.Status, cancelled.CancelReason = "cancelled2345", model.StatusCancelled, "Snow."
	proposed := session(t)
	proposed.PublicID, proposed.Status, proposed.Space, proposed.Partner = "proposed2345", model.StatusProposed, nil, nil
	declined := session(t)
	declined.PublicID, declined.Status = "declined2345", model.StatusDeclined
	dropIn := session(t)
	dropIn.PublicID, dropIn.BookingRequired, dropIn.Capacity, dropIn.AccessNotes = "dropin2345", false, nil, ""
	booked := spaceBooking(t)
	waiting, closed := booked, booked
	waiting.PublicID, waiting.Status = "waiting2345", model.SpaceRequested
	closed.PublicID, closed.Kind, closed.Purpose, closed.Partner = "closed2345", model.SpaceClosed, "Bank holiday", nil
	bookings := []model.SpaceBooking{booked, waiting, closed, booked.SeenBy(0)}
	var all []byte
	for _, d := range []Detail{Public, Private} {
		for _, list := range [][]model.Session{{m, cancelled, proposed, declined, dropIn}, nil} {
			var sessions []model.FeedSession
			for _, m := range list {
				sessions = append(sessions, model.FeedSession{Session: m})
			}
			out, err := Feed("Sample, feed", sessions, bookings, base, d)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, out...)
		}
	}
	sum := sha256.Sum256(all)
	got := hex.EncodeToString(sum[:])
	if Format != formatChecked || got != formatDigest {
		t.Errorf("the encoding is %s at Format %d; this test knows %s at Format %d.\n"+
			"If the bytes changed, raise ical.Format, then set formatChecked and formatDigest here.",
			got, Format, formatDigest, formatChecked)
	}
}
