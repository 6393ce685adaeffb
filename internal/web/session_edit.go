package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// sessionFormPage is the session form, for staff and for partners.
type sessionFormPage struct {
	Layout
	Form    sessionForm
	Errors  fieldErrors
	Choices sessionChoices
	// Action is where the form posts.
	Action string
	// Session is the session being edited; nil for a new one.
	Session *model.Session
	// Partner is the partner a partner's proposal is fixed to.
	Partner *model.Partner
	// Repeats offers the repeat fields; InSeries the choice of scope.
	Repeats  bool
	InSeries bool
	// Conflict says someone else saved the session since the form opened.
	Conflict bool
	// Following is how many sessions of the series start from this one.
	Following int
	// ReserveHint explains the places held for walk-ins.
	ReserveHint string
}

// renderSessionForm shows the form with its choices (read here unless the
// page has them); status is 200, 409 or 422.
func (s *Server) renderSessionForm(c *gin.Context, status int, title string, page sessionFormPage) {
	// A posted form's handler has read the choices already, to validate.
	if page.Choices.Venues == nil {
		choices, err := s.sessionChoices(c.Request.Context())
		if err != nil {
			s.serverError(c, err)
			return
		}
		page.Choices = choices
	}
	page.Layout = s.layout(c, title)
	page.ReserveHint = reserveHint(s.deps.Booking.ReserveOpens)
	if page.Session != nil && page.Session.SeriesID != nil {
		n, latest, err := s.deps.Store.FollowingInSeries(c.Request.Context(), *page.Session)
		if err != nil {
			s.serverError(c, err)
			return
		}
		page.InSeries, page.Following = true, n
		if page.Form.Seen == "" {
			page.Form.Seen = latest
		}
	}
	s.render(c, status, "session-form", page)
}

// staffSession loads the session named by :id for staff, whatever its
// status, answering 404 itself.
func (s *Server) staffSession(c *gin.Context) (model.Session, bool) {
	return s.sessionFromPath(c, s.deps.Store.Session)
}

// sessionEdit shows a session's edit form.
func (s *Server) sessionEdit(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok {
		return
	}
	s.renderSessionForm(c, http.StatusOK, "Edit "+m.Title, sessionFormPage{
		Form: formFromSession(m, s.deps.Location), Action: "/staff/sessions/" + m.PublicID, Session: &m})
}

// sessionUpdate saves an edit: of this session, or of this and every later
// session of its series. A session someone else saved since the form was
// opened is not overwritten: the form comes back with the edits kept.
func (s *Server) sessionUpdate(c *gin.Context) {
	m, ok := s.staffSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	form := readSessionForm(c)
	page := sessionFormPage{Form: form, Action: "/staff/sessions/" + m.PublicID, Session: &m}
	choices, err := s.sessionChoices(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	page.Choices = choices
	p, errs := form.validate(sessionCheck{choices: choices, loc: s.deps.Location, now: s.deps.Now(), existing: &m})
	following := form.Scope == "following" && m.SeriesID != nil
	if errs.Any() {
		page.Errors = errs
		s.renderSessionForm(c, http.StatusUnprocessableEntity, "Edit "+m.Title, page)
		return
	}
	edit := store.SessionEdit{Fields: p.fields, Version: form.Version, Seen: form.Seen}
	var done store.Changed
	if following {
		shift, retime := s.retimer(m, p.fields)
		done, err = s.deps.Store.UpdateSessionAndFollowing(ctx, actor(c), m.PublicID, edit, shift, retime)
	} else {
		done, err = s.deps.Store.UpdateSession(ctx, actor(c), m.PublicID, edit, nil)
	}
	if errors.Is(err, model.ErrConflict) {
		s.sessionConflict(c, page, nil)
		return
	}
	if msg := clashMessage(err, nil); msg != "" {
		page.Errors.add("space", msg)
		s.renderSessionForm(c, http.StatusConflict, "Edit "+m.Title, page)
		return
	}
	if errors.Is(err, store.ErrMonthlyShift) {
		page.Errors.add("date", "A monthly series cannot move to other days all at once: keep the date and change the time, or change the sessions one at a time")
		s.renderSessionForm(c, http.StatusUnprocessableEntity, "Edit "+m.Title, page)
		return
	}
	if below, ok := errors.AsType[*store.BelowBookedError](err); ok {
		b := below.Session
		if page.Form.Booking == "drop-in" {
			page.Errors.add("booking", fmt.Sprintf("The session on %s already has %s: it cannot become a drop-in. Change only this session, or cancel its bookings first",
				b.StartsAt.In(s.deps.Location).Format("Monday 2 January"), pluralise(b.PlacesBooked+b.WaitlistLength, "place booked or waiting", "places booked or waiting")))
			s.renderSessionForm(c, http.StatusUnprocessableEntity, "Edit "+m.Title, page)
			return
		}
		page.Errors.add("capacity", fmt.Sprintf("The session on %s already has %s: enter %d places or more, or change only this session",
			b.StartsAt.In(s.deps.Location).Format("Monday 2 January"), pluralise(b.PlacesBooked, "place booked", "places booked"), b.PlacesBooked))
		s.renderSessionForm(c, http.StatusUnprocessableEntity, "Edit "+m.Title, page)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.flash(c, "Saved "+pluralise(done.Sessions, "session", "sessions")+"."+told(done.Notified))
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+m.PublicID)
}

// sessionConflict shows the form again, with the person's edits, when
// someone else saved first; saving again overwrites with what they see. A
// partner's page reads the session through its scope.
func (s *Server) sessionConflict(c *gin.Context, page sessionFormPage, scope *store.PartnerScope) {
	var current model.Session
	var err error
	if scope != nil {
		current, err = s.deps.Store.PartnerSession(c.Request.Context(), *scope, page.Session.PublicID)
	} else {
		current, err = s.deps.Store.Session(c.Request.Context(), page.Session.PublicID)
	}
	if isNotFound(err) {
		s.notFound(c)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	page.Session = &current
	page.Conflict = true
	page.Form.Version, page.Form.Seen = store.Version(current.UpdatedAt), ""
	s.renderSessionForm(c, http.StatusConflict, "Edit "+current.Title, page)
}

// retimer gives each later session of a series the edited session's new
// start and end times of day, on its own date moved by as many days as the
// edited session moved: move Tuesday's 10:00 to Wednesday's 14:00 and every
// later Tuesday 10:00 becomes Wednesday 14:00.
func (s *Server) retimer(m model.Session, n store.NewSession) (shift int, retime store.Retime) {
	loc := s.deps.Location
	oldDay := dateOf(m.StartsAt.In(loc))
	shift = daysBetween(oldDay, dateOf(n.StartsAt.In(loc)))
	start := minutesOfDay(n.StartsAt.In(loc))
	end := minutesOfDay(n.EndsAt.In(loc))
	return shift, func(x model.Session) (time.Time, time.Time) {
		day := dateOf(x.StartsAt.In(loc)).AddDate(0, 0, shift)
		return atClock(day, start, loc), atClock(day, end, loc)
	}
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func daysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

func minutesOfDay(t time.Time) int { return t.Hour()*60 + t.Minute() }
