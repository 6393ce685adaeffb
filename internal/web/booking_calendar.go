package web

import (
	"github.com/gin-gonic/gin"

	"hubbook/internal/ical"
	"hubbook/internal/model"
)

// bookingCalendar is the booking as an .ics file, to add to a phone's or
// computer's calendar (see ical.Booking).
func (s *Server) bookingCalendar(c *gin.Context) {
	page, ok := s.bookingFromLink(c)
	if !ok {
		return
	}
	b := page.Booking
	if b.Status == model.BookingWaitlisted {
		// No calendar entry for a place not yet had: people might come.
		s.notFound(c)
		return
	}
	body, err := ical.Booking(b, s.deps.BaseURL, s.deps.ServicePhone)
	if s.failed(c, err) {
		return
	}
	s.serveCalendar(c, calendarFile{
		tag:      bodyTag(body),
		cache:    "private, no-cache",
		download: b.Reference + ".ics",
		build:    func() ([]byte, error) { return body, nil },
	})
}
