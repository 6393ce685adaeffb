package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// deskBookPage is the form a navigator books places with on someone's
// behalf, or why the session cannot be booked.
type deskBookPage struct {
	Layout
	Session model.Session
	// Left is how many places a navigator may book now: the walk-in
	// reserve counts, since navigators may use it.
	Left int
	// Held is how many of those online booking cannot take yet.
	Held   int
	Form   bookingForm
	Errors fieldErrors
	// Closed says why the session cannot be booked; the form is not shown.
	Closed string
	// Already is set when the person's phone or email already holds a
	// booking on the session.
	Already *deskAlready
	// Short says how many places are left when the party did not fit;
	// the form then offers the waiting list.
	Short string
	// FormUsed says the page had already booked someone else (reused with
	// Back); the form now carries a fresh token.
	FormUsed bool
}

// deskAlready points to the booking a person already holds on a session.
type deskAlready struct {
	// Reference is the booking's, when it could be found; SearchURL
	// searches the desk for it either way.
	Reference string
	SearchURL string
}

// deskBookForm shows the form to book on someone's behalf, or says why
// the session cannot be booked (a drop-in, cancelled or started).
func (s *Server) deskBookForm(c *gin.Context) {
	m, ok := s.findSession(c)
	if !ok {
		return
	}
	s.renderDeskBook(c, http.StatusOK, deskBookPage{Session: m, Form: newBookingForm()})
}

// deskBook books places on someone's behalf: a name is enough. The
// navigator may use the walk-in reserve, and is recorded as who booked.
// Whatever goes wrong, what they typed comes back on the form.
func (s *Server) deskBook(c *gin.Context) {
	m, ok := s.findSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	p := deskBookPage{Session: m, Form: readBookingForm(c)}
	req, errs := p.Form.request(m.PublicID, true, s.deps.ServicePhone)
	req.TokenSealed = s.seal(p.Form.Token)
	// A complete form goes to the store even when the page says booking
	// has closed: sent again after the start, it finds its booking.
	if errs.Any() && s.deskClosed(m, s.deps.Now()) != "" {
		s.renderDeskBook(c, http.StatusConflict, p)
		return
	}
	if errs.Any() {
		p.Errors = errs
		s.renderDeskBook(c, http.StatusUnprocessableEntity, p)
		return
	}
	req.Source = model.SourceNavigator
	req.By = actor(c)
	res, err := s.deps.Store.BookPlaces(ctx, req)
	if err == nil {
		// A form sent twice (Repeat) lands on the booking the first made.
		c.Redirect(http.StatusSeeOther, "/desk/bookings/"+res.Reference+"?new=1")
		return
	}
	var short *model.NotEnoughPlacesError
	switch {
	case errors.Is(err, model.ErrFormUsed):
		p.Form.Token = newBookingForm().Token
		p.FormUsed = true
	case errors.Is(err, model.ErrAlreadyBooked):
		if p.Already, err = s.deskAlreadyBooked(ctx, m.PublicID, req, p.Form); err != nil {
			s.serverError(c, err)
			return
		}
	case errors.As(err, &short):
		p.Short = deskOnlyLeft(short.Left)
	case errors.Is(err, model.ErrSessionCancelled), errors.Is(err, model.ErrBookingClosed), errors.Is(err, model.ErrDropIn):
		// The session changed since the form was drawn: the page says how.
		p.Closed = "Booking for this session has closed."
	default:
		s.failed(c, err)
		return
	}
	// Show the session as it is now, with its places.
	if p.Session, err = s.deps.Store.Session(ctx, m.PublicID); s.failed(c, err) {
		return
	}
	s.renderDeskBook(c, http.StatusConflict, p)
}

// renderDeskBook shows the booking page with status, with the places a
// navigator may book and, for a session that cannot be booked, why.
func (s *Server) renderDeskBook(c *gin.Context, status int, p deskBookPage) {
	now := s.deps.Now()
	p.Layout = s.layout(c, "Book "+p.Session.Title+" for someone")
	p.Left = s.deps.Booking.PlacesLeft(p.Session, model.SourceNavigator, now)
	p.Held = s.deps.Booking.Held(p.Session, now)
	if reason := s.deskClosed(p.Session, now); reason != "" {
		p.Closed = reason
	}
	s.render(c, status, "desk-book", p)
}

// deskClosed says in a sentence why a navigator cannot book m at now, or
// "" when they can.
func (s *Server) deskClosed(m model.Session, now time.Time) string {
	switch {
	case m.Cancelled():
		return "This session is cancelled, so nobody can be booked on it."
	case m.DropIn():
		return "This is a drop-in session: there is no need to book. People just turn up, and you can record them as walk-ins on the day."
	case !now.Before(s.deps.Booking.Closes(m, model.SourceNavigator)):
		return "This session has started, so booking has closed. If someone turns up, record them as a walk-in."
	}
	return ""
}

// deskAlreadyBooked finds the live booking on the session publicID that
// holds req's email or phone, and a desk search that finds it.
func (s *Server) deskAlreadyBooked(ctx context.Context, publicID string, req store.BookingRequest, f bookingForm) (*deskAlready, error) {
	a := &deskAlready{}
	// The desk searches by phone or name, not by email.
	q := f.Name
	if f.Phone != "" {
		q = f.Phone
	}
	a.SearchURL = "/desk?q=" + url.QueryEscape(q)
	bookings, err := s.deps.Store.SessionBookings(ctx, publicID)
	if err != nil {
		return nil, err
	}
	for _, b := range bookings {
		if b.Live() && b.Source != model.SourceWalkIn &&
			((req.Email != "" && b.Email == req.Email) || (req.Phone != "" && b.Phone == req.Phone)) {
			a.Reference = b.Reference
			break
		}
	}
	return a, nil
}
