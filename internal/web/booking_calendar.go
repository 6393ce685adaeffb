package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"hubbook/internal/ical"
	"hubbook/internal/model"
)

// bookingCalendar is the booking as an .ics file, to add to a phone's or
// computer's calendar. Its UID is the booking's reference, which never
// changes and says nothing about the person; it carries no manage link.
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
	m := b.Session
	where := []string{}
	if m.Space != nil {
		where = append(where, m.Space.Name)
	}
	where = append(where, m.Venue.Name, m.Venue.Address, m.Venue.Postcode)
	base := strings.TrimRight(s.deps.BaseURL.String(), "/")
	// Calendars are often shared, so the file leaves out the manage link.
	desc := fmt.Sprintf("Your booking %s: %s.\nTo change or cancel it, use the link from your booking, or call %s with your reference.",
		b.Reference, pluralise(b.PartySize, "place", "places"), s.deps.ServicePhone)
	if m.Summary != "" {
		desc = m.Summary + "\n\n" + desc
	}
	modified := b.UpdatedAt
	if m.UpdatedAt.After(modified) {
		modified = m.UpdatedAt
	}
	body, err := ical.Encode(ical.Calendar{Name: m.Title, Events: []ical.Event{{
		UID:          strings.ToLower(b.Reference) + "@" + s.deps.BaseURL.Host,
		Sequence:     m.Sequence,
		Stamp:        s.deps.Now(),
		LastModified: modified,
		Start:        m.StartsAt,
		End:          m.EndsAt,
		Summary:      m.Title,
		Description:  desc,
		Location:     strings.Join(where, ", "),
		URL:          base + "/sessions/" + m.PublicID,
		Categories:   []string{m.Theme.Name},
		Cancelled:    !b.Live() || m.Status == model.StatusCancelled,
	}}})
	if s.failed(c, err) {
		return
	}
	c.Header("Content-Type", "text/calendar; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="`+b.Reference+`.ics"`)
	http.ServeContent(c.Writer, c.Request, b.Reference+".ics", modified, bytes.NewReader(body))
}
