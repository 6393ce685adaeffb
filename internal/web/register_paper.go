package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// registerPaperPage types in a register kept on paper: how many came of
// every booking, in one form, and how many walked in.
type registerPaperPage struct {
	Layout
	Register model.Register
	Rows     []paperRow
	// Closed says why the form is not shown (closed, not yet, cancelled).
	Closed string
	// WalkIns and Close are the rest of the form as typed.
	WalkIns string
	Close   bool
	Errors  fieldErrors
	// Problem says why nothing was saved.
	Problem string
}

// paperRow is one booking in the paper form: Came as typed (or as marked).
type paperRow struct {
	model.Booking
	Field, Came string
}

// paperField is the name of a booking's field in the paper form.
func paperField(ref string) string { return "came-" + ref }

// registerPaperForm shows the paper register form, each field holding
// the booking's mark so far.
func (s *Server) registerPaperForm(c *gin.Context) {
	r, ok := s.loadRegister(c)
	if !ok {
		return
	}
	p := registerPaperPage{Register: r}
	for _, b := range r.Bookings {
		row := paperRow{Booking: b, Field: paperField(b.Reference)}
		if b.Attended != nil {
			row.Came = strconv.Itoa(*b.Attended)
		}
		p.Rows = append(p.Rows, row)
	}
	s.renderPaper(c, http.StatusOK, p)
}

// registerPaper saves a paper register: every mark and the walk-ins at
// once, or nothing; with Close, the register is closed after.
func (s *Server) registerPaper(c *gin.Context) {
	r, ok := s.loadRegister(c)
	if !ok || !s.parseForm(c) {
		return
	}
	p := registerPaperPage{Register: r, WalkIns: trimmed(c, "walk_ins"), Close: c.PostForm("close") == "yes"}
	came := map[string]int{}
	for _, b := range r.Bookings {
		row := paperRow{Booking: b, Field: paperField(b.Reference), Came: trimmed(c, paperField(b.Reference))}
		p.Rows = append(p.Rows, row)
		if row.Came == "" {
			continue
		}
		n, err := strconv.Atoi(row.Came)
		if err != nil || n < 0 || n > b.PartySize {
			p.Errors.add(row.Field, "Enter how many of "+b.Name+"'s party came, from 0 to "+strconv.Itoa(b.PartySize)+", or leave it blank")
			continue
		}
		came[b.Reference] = n
	}
	walkIns := 0
	if p.WalkIns != "" {
		n, err := strconv.Atoi(p.WalkIns)
		if err != nil || n < 0 || n > maxWalkIns {
			p.Errors.add("walk_ins", "Enter how many people walked in, as a number from 0 to "+strconv.Itoa(maxWalkIns))
		}
		walkIns = n
	}
	m := r.Session
	if p.Close && s.deps.Now().Before(m.StartsAt) {
		// Checked before saving: saved, then refused the close, the form
		// sent again would add its walk-ins twice.
		p.Errors.add("close", "The session has not started yet, so the register cannot be closed. Untick this to save the marks now, and close it once the session has started")
	}
	if p.Errors.Any() {
		s.renderPaper(c, http.StatusUnprocessableEntity, p)
		return
	}
	ctx := c.Request.Context()
	scope := registerScope(c)
	if len(came) > 0 || walkIns > 0 {
		err := s.deps.Store.RecordPaperRegister(ctx, actor(c), store.PaperRegister{SessionPublicID: m.PublicID,
			Came: came, WalkIns: walkIns, Scope: scope, Until: s.endOfToday()})
		if err != nil {
			s.paperFailed(c, p, err)
			return
		}
	}
	msg := "The paper register is saved: " + pluralise(len(came), "booking", "bookings") + " marked"
	if walkIns > 0 {
		msg += ", " + pluralise(walkIns, "walk-in", "walk-ins") + " added"
	}
	msg += "."
	if p.Close {
		n, err := s.deps.Store.CloseRegister(ctx, actor(c), m.PublicID, scope)
		if err != nil {
			s.paperFailed(c, p, err)
			return
		}
		msg += " The register is closed"
		if n > 0 {
			msg += ": " + pluralise(n, "booking left blank counts as a no-show", "bookings left blank count as no-shows")
		}
		msg += "."
	}
	s.flash(c, msg)
	c.Redirect(http.StatusSeeOther, registerPath(m.PublicID))
}

// paperFailed answers a paper register the store refused: the form again,
// as typed, with why.
func (s *Server) paperFailed(c *gin.Context, p registerPaperPage, err error) {
	var bad *store.PaperMarkError
	var party *store.PartyError
	var short *model.NotEnoughPlacesError
	status := http.StatusConflict
	errors.As(err, &bad)
	switch {
	case bad != nil && errors.As(err, &party):
		p.Errors.add(paperField(bad.Reference), "Enter from 0 to "+strconv.Itoa(party.PartySize)+": the party is "+strconv.Itoa(party.PartySize))
		s.renderPaper(c, http.StatusUnprocessableEntity, p)
		return
	case errors.As(err, &short):
		p.Problem = deskOnlyLeft(short.Left) + ", so nothing was saved. Enter as many walk-ins as there are places, or ask staff to add places first."
	case bad != nil:
		p.Problem, status = s.registerRefusal(c, p.Register, bad.Reference, bad.Err)
		if p.Problem == "" && isNotFound(bad.Err) {
			p.Problem = bad.Reference + " is no longer on the register. Nothing was saved."
		}
	default:
		p.Problem, status = s.registerRefusal(c, p.Register, "", err)
	}
	if p.Problem == "" {
		s.failed(c, err)
		return
	}
	if !errors.Is(err, model.ErrNotStarted) {
		p.Problem = "Nothing was saved. " + p.Problem
	}
	s.renderPaper(c, status, p)
}

// renderPaper shows the paper register form with status; when the
// register takes no marks, it says why instead.
func (s *Server) renderPaper(c *gin.Context, status int, p registerPaperPage) {
	r := p.Register
	m := r.Session
	switch {
	case m.Cancelled():
		p.Closed = "This session is cancelled, so there is no register to type in."
	case r.Closed():
		p.Closed = "The register is closed, so it cannot be typed in again."
	case !m.StartsAt.Before(s.endOfToday()):
		p.Closed = "A paper register is typed in on the day of the session or after it. This session is on " +
			m.StartsAt.In(s.deps.Location).Format("Monday 2 January") + "."
	}
	p.Layout = s.layout(c, "Type in a paper register: "+m.Title)
	s.render(c, status, "register-paper", p)
}

// registerPrintPage is the register on paper: names, party sizes and
// boxes to tick, and lines for walk-ins.
type registerPrintPage struct {
	Layout
	Register model.Register
	// Boxes are the tick boxes of each booking, one per person.
	Rows []printRow
	// WalkInLines are the empty lines for walk-ins.
	WalkInLines []int
}

type printRow struct {
	model.Booking
	Boxes []int
}

// registerPrint shows the register laid out to print.
func (s *Server) registerPrint(c *gin.Context) {
	r, ok := s.loadRegister(c)
	if !ok {
		return
	}
	p := registerPrintPage{Register: r, WalkInLines: make([]int, 8)}
	for _, b := range r.Bookings {
		p.Rows = append(p.Rows, printRow{Booking: b, Boxes: make([]int, b.PartySize)})
	}
	p.Layout = s.layout(c, "Register to print: "+r.Session.Title)
	s.render(c, http.StatusOK, "register-print", p)
}
