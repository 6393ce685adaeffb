package web

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
	"hubbook/static"
	"hubbook/templates"
)

// deskPageCases returns, by page template name, the data each of the
// desk's pages is rendered with, empty and with everything filled in.
func deskPageCases(signedIn Layout) map[string][]any {
	full := fullSession()
	full.WaitlistLength, full.WalkInReserve = 2, 2
	cancelled := full
	cancelled.Status = model.StatusCancelled
	children := 1
	at := time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC)
	booking := model.Booking{ID: 1, Reference: "HB-7K3Q", Status: model.BookingConfirmed, Source: model.SourceNavigator,
		Name: "Morag", Email: "morag@example.org", Phone: "+447911123456", PartySize: 3, Children: &children,
		AccessNeeds: "A ramp.\nA chair.", Reminders: true, Postcode: "EH1 1EG", CreatedByName: "Nina", CreatedAt: at, Session: full}
	waiting := booking
	waiting.Status, waiting.Email, waiting.Phone, waiting.Children, waiting.CreatedByName = model.BookingWaitlisted, "", "", nil, ""
	gone := booking
	gone.Status, gone.CancelledAt, gone.Session = model.BookingCancelled, &at, cancelled
	form := bookingForm{Token: "t", Name: "Morag", Email: "m@example.org", Phone: "07911 123456", Adults: "2", Children: "1",
		AccessNeeds: "Ramp", Postcode: "EH1 1EG", Reminders: true}
	var errs fieldErrors
	for _, f := range []string{"name", "email", "phone", "adults", "children", "access_needs", "postcode", "reminders", "count"} {
		errs.add(f, "Problem with "+f)
	}
	history := []deskEvent{{What: "Booked for 3 people", Who: "Nina", When: "Friday 20 March 2027, 10:00"}}
	return map[string][]any{
		"desk": {deskPage{Layout: signedIn, Searched: true}, deskPage{Layout: signedIn, Searched: true, Query: "nobody"},
			deskPage{Layout: signedIn, Searched: true, Query: "mor", Found: []model.Booking{booking, waiting, gone}, Today: []model.Session{full, cancelled}}},
		"desk-book": {deskBookPage{}, deskBookPage{Layout: signedIn, Session: full, Left: 9, Form: form, Errors: errs},
			deskBookPage{Layout: signedIn, Session: full, Form: form, Already: &deskAlready{Reference: "HB-7K3Q", SearchURL: "/desk?q=x"}, Short: "Only 1 place left"},
			deskBookPage{Layout: signedIn, Session: cancelled, Closed: "Cancelled."}},
		"desk-booking": {deskBookingPage{}, deskBookingPage{Layout: signedIn, Booking: booking, Party: "3 people", History: history, New: true},
			deskBookingPage{Layout: signedIn, Booking: waiting, New: true, Adults: "x", Errors: errs, Short: "Only 1 place left", Problem: "No."},
			deskBookingPage{Layout: signedIn, Booking: gone, History: history}},
		"desk-slip": {deskSlipPage{}, deskSlipPage{Layout: signedIn, Booking: booking, Party: "3 people", CallPhone: "0131 496 0001"},
			deskSlipPage{Layout: signedIn, Booking: waiting}, deskSlipPage{Layout: signedIn, Booking: gone}},
		"desk-walk-ins": {walkInPage{}, walkInPage{Layout: signedIn, Session: full, Recorded: 4, Places: "8 places left", Count: "x",
			Name: "Morag", Postcode: "eh1", Errors: errs, Refused: "Only 1 place left"}, walkInPage{Layout: signedIn, Session: cancelled, Closed: "Cancelled."}},
	}
}

// TestDeskTemplates_RenderEmptyAndFull renders every desk page with each
// of its cases: with lang, a skip link and one h1.
func TestDeskTemplates_RenderEmptyAndFull(t *testing.T) {
	t.Parallel()
	// A store over no database: the pages are rendered directly.
	s, err := New(Deps{Store: store.New(nil), Location: testutil.London(t), BaseURL: &url.URL{Scheme: "http", Host: "localhost"},
		ServiceName: "Test", ServicePhone: "0131 496 0000", Templates: templates.FS, Static: static.FS})
	if err != nil {
		t.Fatal(err)
	}
	admin := model.User{ID: 1, Name: "Ada", Role: model.RoleAdmin}
	signedIn := Layout{Title: "T", Service: "Test", Phone: "0131 496 0000", Path: "/desk", User: &admin, Flash: "Saved."}
	for name, cases := range deskPageCases(signedIn) {
		tmpl, ok := s.pages[name]
		if !ok {
			t.Errorf("no page template %q", name)
			continue
		}
		for i, d := range cases {
			var buf bytes.Buffer
			if err := tmpl.ExecuteTemplate(&buf, "base", d); err != nil {
				t.Errorf("%s case %d: %v", name, i, err)
				continue
			}
			html := buf.String()
			if !strings.Contains(html, `<html lang="en-GB"`) || !strings.Contains(html, `href="#main-content"`) || strings.Count(html, "<h1") != 1 {
				t.Errorf("%s case %d: missing lang, skip link or exactly one h1", name, i)
			}
		}
	}
}
