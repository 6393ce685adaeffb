package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// validPublicID matches what random_public_id makes; anything else is a 404
// without a database query.
var validPublicID = regexp.MustCompile(`^[a-z0-9]{8,32}$`)

type sessionPage struct {
	Layout
	Session model.Session
	// Ended reports whether the session is already over.
	Ended bool
	// Feedback reports whether the session takes feedback now (it has
	// started): the page links to its feedback form.
	Feedback bool
	// BackURL returns to the programme as the person left it (filters, page).
	BackURL string
	// Booking is the "Book a place" part of the page.
	Booking bookingPanel
}

// bookingPanel is what the session page says about booking online, and
// the booking form with what the person typed and its problems.
type bookingPanel struct {
	// Open reports that online booking is open: the form is shown.
	Open bool
	// Closed reports that online booking has closed before the session ends.
	Closed bool
	// Left is how many places online booking can take now; Held is how
	// many more are kept for people who come on the day.
	Left, Held int
	Form       bookingForm
	Errors     fieldErrors
	// What went wrong with a booking sent: already booked, not enough
	// places, or too many posts from this address (wait RetryAfter).
	AlreadyBooked bool
	// FormUsed says the form had made a booking for someone else: it now
	// carries a fresh token.
	FormUsed   bool
	NotEnough  *model.NotEnoughPlacesError
	RetryAfter string
	// Changed says the session changed while the person was booking.
	Changed string
	// Assisted links a navigator to booking on someone's behalf.
	Assisted bool
}

// sessionShow is one session with everything a person needs to decide, to
// book a place and to get there.
func (s *Server) sessionShow(c *gin.Context) {
	session, ok := s.findSession(c)
	if !ok {
		return
	}
	page := s.sessionPage(c, session)
	if page.Booking.Open {
		// The form carries a fresh token: no cache may hand it to another.
		c.Header("Cache-Control", "no-store")
	}
	s.render(c, http.StatusOK, "session", page)
}

// sessionPage is the page of session as it stands now, with an empty
// booking form when online booking is open.
func (s *Server) sessionPage(c *gin.Context, m model.Session) sessionPage {
	now := s.deps.Now()
	rules := s.deps.Booking
	p := sessionPage{
		Layout:   s.layout(c, m.Title),
		Session:  m,
		Ended:    m.Ended(now),
		Feedback: m.FeedbackOpening(now) == model.FeedbackOpen,
		BackURL:  backToProgramme(c),
	}
	if p.Ended || m.Cancelled() || m.DropIn() {
		return p
	}
	u, _ := currentUser(c)
	p.Booking.Assisted = u.Is(model.RoleNavigator, model.RoleStaff, model.RoleAdmin) && now.Before(m.StartsAt)
	if !now.Before(rules.Closes(m, model.SourceOnline)) {
		p.Booking.Closed = true
		return p
	}
	p.Booking.Open = true
	p.Booking.Left = rules.PlacesLeft(m, model.SourceOnline, now)
	p.Booking.Held = rules.Held(m, now)
	p.Booking.Form = newBookingForm()
	return p
}

// findSession loads the public session named by the :id parameter,
// answering 404 or the error page itself when it cannot. Proposals are not
// public.
func (s *Server) findSession(c *gin.Context) (model.Session, bool) {
	return s.sessionFromPath(c, func(ctx context.Context, id string) (model.Session, error) {
		m, err := s.deps.Store.Session(ctx, id)
		if err == nil && !m.Status.Public() {
			return model.Session{}, model.ErrNotFound
		}
		return m, err
	})
}

// sessionFromPath loads the session named by the :id parameter with load
// (which decides who may see what), answering 404 for a malformed or
// unknown id and the error page for anything else.
func (s *Server) sessionFromPath(c *gin.Context, load func(ctx context.Context, publicID string) (model.Session, error)) (model.Session, bool) {
	id := c.Param("id")
	if !validPublicID.MatchString(id) {
		s.notFound(c)
		return model.Session{}, false
	}
	m, err := load(c.Request.Context(), id)
	switch {
	case isNotFound(err):
		s.notFound(c)
		return model.Session{}, false
	case err != nil:
		s.serverError(c, err)
		return model.Session{}, false
	}
	return m, true
}

// backToProgramme is the programme page the person came from, filters and
// page kept, when the Referer is our own programme; otherwise the programme.
func backToProgramme(c *gin.Context) string {
	ref, err := url.Parse(c.GetHeader("Referer"))
	if err != nil || ref.Host != c.Request.Host || ref.Path != "/" {
		return "/"
	}
	return (&url.URL{Path: "/", RawQuery: ref.RawQuery}).String()
}
