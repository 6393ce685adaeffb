package web

import (
	"time"

	"hubbook/internal/model"
)

// registerPageCases are the register pages, empty and full: open with
// marks, closed, before the day, cancelled; the paper form with errors
// and refused; the print; and the check-in page, to mark, marked and
// refused.
func registerPageCases(layout, signedIn Layout) map[string][]any {
	m := fullSession()
	cancelled := m
	cancelled.Status = model.StatusCancelled
	came, none := 2, 0
	closed := m.StartsAt.Add(2 * time.Hour)
	bookings := []model.Booking{
		{Reference: "HB-7K4M", Name: "Ann Example", PartySize: 3, Attended: &came, Session: m},
		{Reference: "HB-9PQR", Name: "Bob Example", PartySize: 1, Attended: &none, Session: m},
		{Reference: "HB-ABCD", Name: "Cat Example", PartySize: 2, Session: m},
	}
	walkIns := []model.Booking{{Reference: "HB-WXYZ", Source: model.SourceWalkIn, Name: "Morag", PartySize: 2, CreatedByName: "Ada"}}
	open := model.Register{Session: m, Bookings: bookings, WalkIns: walkIns}
	shut := model.Register{Session: m, Bookings: bookings, ClosedAt: &closed, ClosedByName: "Ada"}
	rows := func(r model.Register) []registerRow {
		var out []registerRow
		for _, b := range r.Bookings {
			out = append(out, registerRow{Booking: b, Some: []int{1, 2}[:max(b.PartySize-1, 0)]})
		}
		return out
	}
	paperRows := []paperRow{{Booking: bookings[0], Field: "came-HB-7K4M", Came: "9"}, {Booking: bookings[2], Field: "came-HB-ABCD"}}
	return map[string][]any{
		"register": {
			registerPage{},
			registerPage{Layout: signedIn, Register: open, Totals: open.Totals(), Rows: rows(open), CanMark: true, CanClose: true, Back: "/desk",
				Reference: "zz", Count: "x", Errors: fieldErrors{{"reference", "Enter the reference"}, {"count", "Enter how many"}},
				Problem: "HB-QQQQ is a booking for another session, not this one. Nothing was changed."},
			registerPage{Layout: signedIn, Register: shut, Totals: shut.Totals(), Rows: rows(shut), CanReopen: true, Back: "/staff"},
			registerPage{Layout: layout, Register: model.Register{Session: m}, NotYet: "Monday 29 March", Back: "/partner"},
			registerPage{Layout: layout, Register: model.Register{Session: cancelled}},
		},
		"register-paper": {
			registerPaperPage{},
			registerPaperPage{Layout: signedIn, Register: open, Rows: paperRows, WalkIns: "lots", Close: true,
				Errors: fieldErrors{{"came-HB-7K4M", "Enter from 0 to 3"}, {"walk_ins", "Enter how many"}}, Problem: "Nothing was saved."},
			registerPaperPage{Layout: signedIn, Register: shut, Closed: "The register is closed, so it cannot be typed in again."},
		},
		"register-print": {
			registerPrintPage{},
			registerPrintPage{Layout: signedIn, Register: open, WalkInLines: make([]int, 3),
				Rows: []printRow{{Booking: bookings[0], Boxes: make([]int, 3)}, {Booking: bookings[1], Boxes: make([]int, 1)}}},
		},
		"check-in": {
			checkInPage{},
			checkInPage{Layout: signedIn, Booking: bookings[2], Code: "ABCD.x"},
			checkInPage{Layout: signedIn, Booking: bookings[0], Code: "7K4M.x", Arrived: "came (2 of 3)"},
			checkInPage{Layout: signedIn, Booking: bookings[1], Code: "9PQR.x"},
			checkInPage{Layout: signedIn, Problem: "This check-in link is not valid."},
			checkInPage{Layout: signedIn, Booking: bookings[0], Problem: "This booking is for Diabetes on Monday 29 March 2027."},
		},
	}
}
