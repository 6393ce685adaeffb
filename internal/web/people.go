package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// peoplePage finds a person's data on their request, with the two things
// a navigator can then do: download it for them, or erase it.
type peoplePage struct {
	Layout
	// SearchEmail and SearchPhone are the search as typed (not Phone: the
	// layout's Phone is the service's number in the footer).
	SearchEmail, SearchPhone string
	Errors                   fieldErrors
	// Searched says a search was made; Data is what it found, for Person
	// (the search normalised, carried by the export and erase forms).
	Searched bool
	Person   model.Person
	Data     model.PersonData
	Bookings []personBookingRow
}

// personBookingRow is a booking as the page shows it.
type personBookingRow struct {
	model.PersonBooking
	Status, Attended string
}

// peopleSearch shows the search form and, for an email address or phone
// number, every booking, feedback answer and suggestion linked to it.
func (s *Server) peopleSearch(c *gin.Context) {
	q := c.Request.URL.Query()
	p := peoplePage{SearchEmail: strings.TrimSpace(q.Get("email")), SearchPhone: strings.TrimSpace(q.Get("phone"))}
	if !q.Has("email") && !q.Has("phone") {
		s.renderPeople(c, http.StatusOK, p)
		return
	}
	s.findPerson(c, &p)
}

// peopleFind is the search form sent: a POST, so that the email address
// or phone number stays out of the browser's history and any proxy's log
// (a desk computer is shared).
func (s *Server) peopleFind(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	p := peoplePage{SearchEmail: trimmed(c, "email"), SearchPhone: trimmed(c, "phone")}
	s.findPerson(c, &p)
}

// findPerson reads p's search, finds the person's data and shows it, or
// the form again with what to put right (422).
func (s *Server) findPerson(c *gin.Context, p *peoplePage) bool {
	person, errs, ok := readPerson(p.SearchEmail, p.SearchPhone)
	p.Person, p.Errors = person, append(errs, p.Errors...)
	if !ok {
		s.renderPeople(c, http.StatusUnprocessableEntity, *p)
		return false
	}
	d, err := s.deps.Store.PersonData(c.Request.Context(), p.Person)
	if s.failed(c, err) {
		return false
	}
	p.Searched, p.Data = true, d
	status := p.Errors.status()
	s.renderPeople(c, status, *p)
	return status == http.StatusOK
}

// readPerson checks a search for a person: an email address, a phone
// number or both, normalised as the booking forms store them.
func readPerson(email, phone string) (model.Person, fieldErrors, bool) {
	var errs fieldErrors
	var p model.Person
	if email == "" && phone == "" {
		errs.add("email", "Enter the person's email address or phone number")
		return p, errs, false
	}
	var ok bool
	if p.Email, ok = normaliseEmail(email); !ok {
		errs.add("email", "Enter an email address like name@example.com, or leave it blank")
	}
	if phone != "" {
		if p.Phone = searchPhone(phone); p.Phone == "" {
			errs.add("phone", "Enter a phone number like 07700 900123, or leave it blank")
		}
	}
	return p, errs, !errs.Any()
}

// peopleForm reads the person an export or erase form is for.
func (s *Server) peopleForm(c *gin.Context) (peoplePage, bool) {
	if !s.parseForm(c) {
		return peoplePage{}, false
	}
	p := peoplePage{SearchEmail: trimmed(c, "email"), SearchPhone: trimmed(c, "phone")}
	var ok bool
	if p.Person, p.Errors, ok = readPerson(p.SearchEmail, p.SearchPhone); !ok {
		s.renderPeople(c, http.StatusUnprocessableEntity, p)
		return p, false
	}
	return p, true
}

// peopleExport downloads everything held about a person as JSON, for
// them; the audit log records the export, not whose it was.
func (s *Server) peopleExport(c *gin.Context) {
	p, ok := s.peopleForm(c)
	if !ok {
		return
	}
	d, err := s.deps.Store.PersonExport(c.Request.Context(), actor(c), p.Person)
	if s.failed(c, err) {
		return
	}
	body, err := json.MarshalIndent(struct {
		Service    string    `json:"service"`
		ExportedAt time.Time `json:"exported_at"`
		model.PersonData
	}{s.deps.ServiceName, s.deps.Now().UTC().Truncate(time.Second), d}, "", "  ")
	if s.failed(c, err) {
		return
	}
	name := "personal-data-" + s.deps.Now().In(s.deps.Location).Format(time.DateOnly) + ".json"
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// peopleErase erases a person's data on their request, once the navigator
// confirms they checked it is theirs: their upcoming bookings are
// cancelled (the places go to the waitlist), and their names, contacts,
// postcodes, comments and person key are removed everywhere.
func (s *Server) peopleErase(c *gin.Context) {
	p, ok := s.peopleForm(c)
	if !ok {
		return
	}
	if c.PostForm("confirm") != "yes" {
		p.Errors.add("confirm", "Confirm that you have checked this is the person's own request")
		s.findPerson(c, &p)
		return
	}
	e, err := s.deps.Store.ErasePerson(c.Request.Context(), actor(c), p.Person)
	if s.failed(c, err) {
		return
	}
	s.flash(c, erasedText(e))
	c.Redirect(http.StatusSeeOther, "/desk/people")
}

// erasedText says what erasing did, with no one's details.
func erasedText(e model.Erased) string {
	if e == (model.Erased{}) {
		return "Nothing was found to erase for that email address or phone number."
	}
	text := "Erased: " + pluralise(e.Bookings, "booking", "bookings")
	if e.Cancelled > 0 {
		text += fmt.Sprintf(" (%d upcoming, now cancelled: the places went to anyone waiting)", e.Cancelled)
	}
	return text + ", " + pluralise(e.Comments, "feedback comment", "feedback comments") + ", " +
		pluralise(e.Mail, "outgoing email record", "outgoing email records") + ", " +
		pluralise(e.Suggestions, "suggestion contact", "suggestion contacts") +
		". Attendance and figures are kept without their details."
}

// renderPeople shows the page with status.
func (s *Server) renderPeople(c *gin.Context, status int, p peoplePage) {
	for _, b := range p.Data.Bookings {
		p.Bookings = append(p.Bookings, personBookingRow{PersonBooking: b, Status: peopleStatusText(b.Status),
			Attended: peopleAttendedText(b.Attended)})
	}
	for i, g := range p.Data.Suggestions {
		p.Data.Suggestions[i].Status = peopleSuggestionStatus(g.Status)
	}
	p.Layout = s.layout(c, "Find a person's data")
	s.render(c, status, "people", p)
}

// peopleSuggestionStatus is where a suggestion stands, in words.
func peopleSuggestionStatus(status string) string {
	switch status {
	case "new":
		return "Waiting for staff"
	case "published":
		return "Published"
	case "planned":
		return "Planned"
	case "not_now":
		return "Not now"
	case "merged":
		return "Joined with another suggestion"
	case "removed":
		return "Removed"
	}
	return status
}

func peopleStatusText(st model.BookingStatus) string {
	switch st {
	case model.BookingConfirmed:
		return "Confirmed"
	case model.BookingWaitlisted:
		return "On the waiting list"
	case model.BookingCancelled:
		return "Cancelled"
	}
	return string(st)
}

func peopleAttendedText(n *int) string {
	switch {
	case n == nil:
		return "Not marked"
	case *n == 0:
		return "Did not come"
	}
	return strconv.Itoa(*n) + " came"
}
