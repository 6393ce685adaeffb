package web

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// maxWalkIns bounds one record of walk-ins: a coach party is still one
// record, a typing slip of 1000 is not.
const maxWalkIns = 100

// walkInPage records people who turned up to a session without booking:
// a count, and at most a first name and a postcode.
type walkInPage struct {
	Layout
	Session model.Session
	// Recorded is how many walk-ins the session has so far, in Records
	// (each can be removed, to put a typing slip right).
	Recorded int
	Records  []model.Booking
	// Places says how many more people the session can take.
	Places string
	// Closed says why walk-ins cannot be recorded (cancelled, not today);
	// the form is not shown.
	Closed string
	// Count, Name and Postcode are the form as typed.
	Count, Name, Postcode string
	Errors                fieldErrors
	// Refused says why the walk-ins were not recorded.
	Refused string
}

// walkInForm shows the walk-ins form for a session today, with how many
// are recorded so far and the places left; on another day it says that
// walk-ins are recorded on the day.
func (s *Server) walkInForm(c *gin.Context) {
	m, ok := s.findSession(c)
	if !ok {
		return
	}
	s.renderWalkIns(c, http.StatusOK, walkInPage{Session: m})
}

// walkInRecord records walk-ins by the signed-in navigator or staff
// member. They take places like bookings, the walk-in reserve included,
// so a room is never filled past its capacity.
func (s *Server) walkInRecord(c *gin.Context) {
	m, ok := s.findSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	p := walkInPage{Session: m, Count: trimmed(c, "count"), Name: trimmed(c, "name"), Postcode: trimmed(c, "postcode")}
	w, errs := readWalkIns(p)
	if errs.Any() {
		p.Errors = errs
		s.renderWalkIns(c, http.StatusUnprocessableEntity, p)
		return
	}
	w.SessionPublicID = m.PublicID
	w.DayStart = deskDayStart(s.deps.Now(), s.deps.Location)
	w.DayEnd = w.DayStart.AddDate(0, 0, 1)
	_, err := s.deps.Store.RecordWalkIns(ctx, actor(c), w)
	var short *model.NotEnoughPlacesError
	switch {
	case err == nil:
		s.flash(c, pluralise(w.Count, "walk-in recorded", "walk-ins recorded")+" at "+m.Title+".")
		c.Redirect(http.StatusSeeOther, "/desk/sessions/"+m.PublicID+"/walk-ins")
		return
	case errors.As(err, &short):
		p.Refused = deskOnlyLeft(short.Left) + ", so " + pluralise(w.Count, "walk-in was", "walk-ins were") + " not recorded. Record as many as there are places, or ask staff before letting more in."
	case errors.Is(err, model.ErrRegisterClosed):
		p.Refused = "The register of this session is closed, so walk-ins were not recorded. Ask staff to reopen it on the register page."
	case errors.Is(err, model.ErrNotToday), errors.Is(err, model.ErrSessionCancelled):
		// The page says why from the session as it is now.
	default:
		s.failed(c, err)
		return
	}
	if p.Session, err = s.deps.Store.Session(ctx, m.PublicID); s.failed(c, err) {
		return
	}
	s.renderWalkIns(c, http.StatusConflict, p)
}

// readWalkIns checks the walk-ins form: a count from 1 to maxWalkIns, an
// optional short first name and an optional UK postcode.
func readWalkIns(p walkInPage) (store.WalkIns, fieldErrors) {
	var errs fieldErrors
	n, err := strconv.Atoi(p.Count)
	if err != nil || n < 1 || n > maxWalkIns {
		errs.add("count", "Enter how many people walked in, as a number from 1 to "+strconv.Itoa(maxWalkIns))
	}
	if utf8.RuneCountInString(p.Name) > 60 {
		errs.add("name", "Enter a first name of 60 characters or fewer, or leave it blank")
	}
	postcode := normalisePostcode(p.Postcode)
	if postcode != "" && !postcodePattern.MatchString(postcode) {
		errs.add("postcode", "Enter a postcode like EH1 1EG, or leave it blank")
	}
	return store.WalkIns{Count: n, Name: p.Name, Postcode: postcode}, errs
}

// renderWalkIns shows the walk-ins page with status: the count so far,
// the places left and, when walk-ins cannot be recorded, why.
func (s *Server) renderWalkIns(c *gin.Context, status int, p walkInPage) {
	m := p.Session
	bookings, err := s.deps.Store.SessionBookings(c.Request.Context(), m.PublicID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	for _, b := range bookings {
		if b.Source == model.SourceWalkIn && b.Live() {
			p.Recorded += b.PartySize
			p.Records = append(p.Records, b)
		}
	}
	switch {
	case m.Capacity == nil:
		p.Places = "No limit: it is a drop-in"
	case *m.Capacity <= m.PlacesBooked:
		p.Places = "None: the session is full"
	default:
		p.Places = pluralise(*m.Capacity-m.PlacesBooked, "place left", "places left")
	}
	start := deskDayStart(s.deps.Now(), s.deps.Location)
	switch {
	case m.Cancelled():
		p.Closed = "This session is cancelled, so there are no walk-ins to record."
	case m.StartsAt.Before(start) || !m.StartsAt.Before(start.AddDate(0, 0, 1)):
		p.Closed = "Walk-ins are recorded on the day of the session. This session is on " +
			m.StartsAt.In(s.deps.Location).Format("Monday 2 January 2006") + "."
	}
	p.Layout = s.layout(c, "Walk-ins at "+m.Title)
	s.render(c, status, "desk-walk-ins", p)
}
