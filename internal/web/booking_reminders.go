package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/store"
)

// bookingRemindersForm asks the holder whether to stop the booking's
// reminder emails: the link in every email opens it, and a link followed
// (by a person, or a mail scanner checking it) changes nothing.
func (s *Server) bookingRemindersForm(c *gin.Context) {
	page, ok := s.bookingFromLink(c)
	if !ok {
		return
	}
	page.Title = "Stop reminder emails for this booking?"
	if !page.Booking.Reminders {
		page.Title = "Reminder emails are off"
	}
	s.render(c, http.StatusOK, "booking-reminders", page)
}

// bookingRemindersStop turns off the booking's reminder emails; the
// booking stays as it is. It is also the one-click unsubscribe of RFC
// 8058: mail providers post "List-Unsubscribe=One-Click" here with no
// cookie and no Origin, which the cross-origin check lets through (no
// browser sent it), and get 200.
func (s *Server) bookingRemindersStop(c *gin.Context) {
	page, ok := s.bookingFromLink(c)
	if !ok || !s.parseForm(c) {
		return
	}
	err := s.deps.Store.StopReminders(c.Request.Context(), store.BookingKey{TokenHash: auth.HashToken(page.Token)})
	if s.failed(c, err) {
		return
	}
	page.Booking.Reminders = false
	page.Done = "reminders-off"
	page.Title = "Reminders are off"
	s.render(c, http.StatusOK, "booking-reminders", page)
}
