package web

import (
	"hubbook/internal/model"
	"hubbook/internal/qr"
)

// feedbackPageCases are the feedback pages' render cases (and the
// booking and session pages with their QR code and feedback link), for
// TestTemplates_EveryPageRendersEmptyAndFull.
func feedbackPageCases(layout, signedIn Layout) map[string][]any {
	full := fullSession()
	code, _ := qr.New("https://hubbook.example.org/sessions/abcdefghjkmn/feedback")
	svg := code.SVG("QR code", 200)
	b := model.Booking{Reference: "HB-7K3Q", Status: model.BookingConfirmed, Source: model.SourceOnline, Name: "Morag",
		Email: "m@example.org", PartySize: 1, Session: full}
	form := feedbackPage{Layout: layout, Session: full, Action: "/sessions/abcdefghjkmn/feedback"}
	invalid := form
	invalid.Score, invalid.Comment = "9", "<b>x</b>"
	invalid.Errors = fieldErrors{{"score", "Choose"}, {"comment", "Too long"}}
	limited := form
	limited.Score, limited.RetryAfter = "3", "10 seconds"
	closed, answered, thanked := form, form, form
	closed.Closed, answered.Answered, thanked.Answered, thanked.Thanked = "Not yet.", true, true, true
	return map[string][]any{
		"feedback": {feedbackPage{}, form, invalid, limited, closed, answered, thanked},
		"feedback-poster": {posterPage{}, posterPage{Layout: signedIn, Session: full,
			URL: "https://hubbook.example.org/sessions/abcdefghjkmn/feedback", QR: svg}},
		"booking": {bookingPage{Layout: layout, Booking: b, Token: "t", New: true, CanChange: true,
			CheckIn: &checkInQR{URL: "https://hubbook.example.org/check-in/x", QR: svg}}},
		"session": {sessionPage{Layout: layout, Session: full, Ended: true, Feedback: true}},
	}
}
