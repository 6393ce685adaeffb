package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// Feedback from the session page is limited per client address: generous,
// since everyone at a session on the library's wifi shares one address,
// but enough to stop a script filling the figures.
const (
	feedbackEvery = 10 * time.Second
	feedbackTries = 30
)

// feedbackPage is the pulse survey: "How useful was this session?" from 1
// to 5, and an optional comment; or, when it cannot be answered, why.
type feedbackPage struct {
	Layout
	Session model.Session
	// Action is where the form posts (and the page's own address).
	Action string
	// Closed says why the form is not shown: the session has not started,
	// was long ago, was called off, or the booking had no place.
	Closed string
	// Answered: this booking or browser has already answered. Thanked:
	// the answer just given was kept.
	Answered, Thanked bool
	// Score and Comment are the form as typed; Errors its problems.
	Score, Comment string
	Errors         fieldErrors
	// RetryAfter says how long to wait after too many answers from one
	// network.
	RetryAfter string
}

// Scores are the answers to choose from, each a number with its words.
func (feedbackPage) Scores() []option {
	out := make([]option, 0, model.MaxScore)
	for n := model.MinScore; n <= model.MaxScore; n++ {
		out = append(out, option{Value: strconv.Itoa(n), Label: model.ScoreLabel(n)})
	}
	return out
}

// MaxComment is the longest comment kept, for the page's hint.
func (feedbackPage) MaxComment() int { return model.MaxFeedbackComment }

// feedbackClosed says why m takes no feedback at now, or "".
func feedbackClosed(m model.Session, now time.Time) string {
	switch m.FeedbackOpening(now) {
	case model.FeedbackNotYet:
		return "This session has not started yet. Come back to tell us how useful it was once it has started."
	case model.FeedbackOver:
		return "This session was more than 30 days ago, so we are no longer asking about it. Thank you all the same."
	case model.FeedbackCalledOff:
		return "This session did not go ahead, so there is nothing to tell us about it."
	}
	return ""
}

// readFeedback checks the survey as posted: a score from 1 to 5 and a
// comment of at most MaxFeedbackComment characters.
func readFeedback(p *feedbackPage, c *gin.Context) (int, bool) {
	p.Score, p.Comment = trimmed(c, "score"), multiline(c, "comment")
	score, err := strconv.Atoi(p.Score)
	if err != nil || model.ScoreLabel(score) == "" {
		p.Errors.add("score", "Choose how useful the session was, from 1 (not useful) to 5 (very useful)")
	}
	if kept := withoutControls(p.Comment); kept != p.Comment {
		// PostgreSQL keeps no NUL in text; nobody types the others.
		p.Comment = kept
		p.Errors.add("comment", "Remove the control characters that came with your comment: we have taken them out below, so check it and send it again")
	} else if n := utf8.RuneCountInString(p.Comment); n > model.MaxFeedbackComment {
		p.Errors.add("comment", "Keep your comment to "+strconv.Itoa(model.MaxFeedbackComment)+
			" characters or fewer: it has "+strconv.Itoa(n))
	}
	return score, !p.Errors.Any()
}

// withoutControls is text without its control characters, line breaks
// and tabs apart.
func withoutControls(text string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, text)
}

// bookingFeedbackForm is the survey the feedback email links to, for the
// booking whose manage token is in the path: no sign-in, one answer.
func (s *Server) bookingFeedbackForm(c *gin.Context) {
	page, b, ok := s.bookingFeedbackPage(c)
	if !ok {
		return
	}
	if page.Closed == "" {
		_, err := s.deps.Store.BookingFeedback(c.Request.Context(), b.ID)
		switch {
		case err == nil:
			page.Answered, page.Thanked = true, c.Query("done") == "1"
		case !isNotFound(err):
			s.serverError(c, err)
			return
		}
	}
	s.render(c, http.StatusOK, "feedback", page)
}

// bookingFeedback keeps the booking's answer; a second answer changes
// nothing and says so.
func (s *Server) bookingFeedback(c *gin.Context) {
	page, b, ok := s.bookingFeedbackPage(c)
	if !ok || !s.parseForm(c) {
		return
	}
	if page.Closed != "" {
		s.render(c, http.StatusConflict, "feedback", page)
		return
	}
	score, valid := readFeedback(&page, c)
	if !valid {
		s.render(c, http.StatusUnprocessableEntity, "feedback", page)
		return
	}
	err := s.deps.Store.RecordBookingFeedback(c.Request.Context(), b.ID, score, page.Comment)
	s.feedbackRecorded(c, page, err)
}

// bookingFeedbackPage reads the booking from its link (the booking pages'
// 404 for a bad or expired one) and says whether it may answer: a
// confirmed booking of a session that has started, until 30 days after.
func (s *Server) bookingFeedbackPage(c *gin.Context) (feedbackPage, model.Booking, bool) {
	bp, ok := s.bookingFromLink(c)
	if !ok {
		return feedbackPage{}, model.Booking{}, false
	}
	b := bp.Booking
	page := feedbackPage{Layout: s.layout(c, "How useful was "+b.Session.Title+"?"), Session: b.Session,
		Action: bp.URL() + "/feedback", Closed: feedbackClosed(b.Session, s.deps.Now())}
	if page.Closed == "" && b.Status != model.BookingConfirmed {
		page.Closed = "This booking did not have a place at the session, so there is nothing to tell us about it."
	}
	return page, b, true
}

// sessionFeedbackForm is the survey on a session's page, for people who
// walked in (they have no emailed link): one answer per browser.
func (s *Server) sessionFeedbackForm(c *gin.Context) {
	page, ok := s.sessionFeedbackPage(c)
	if !ok {
		return
	}
	if page.Closed == "" {
		if key, known := knownBrowser(c); known {
			_, err := s.deps.Store.BrowserFeedback(c.Request.Context(), page.Session.ID, key)
			switch {
			case err == nil:
				page.Answered, page.Thanked = true, c.Query("done") == "1"
			case !isNotFound(err):
				s.serverError(c, err)
				return
			}
		}
	}
	s.render(c, http.StatusOK, "feedback", page)
}

// sessionFeedback keeps an answer from the session's page, rate limited
// per client address; a second answer from the same browser changes
// nothing and says so.
func (s *Server) sessionFeedback(c *gin.Context) {
	page, ok := s.sessionFeedbackPage(c)
	if !ok || !s.parseForm(c) {
		return
	}
	if wait, refused := s.limited(c, s.feedbackLimit, "feedback"); refused {
		page.RetryAfter = wait
		readFeedback(&page, c) // kept, to send again
		page.Errors = nil
		s.render(c, http.StatusTooManyRequests, "feedback", page)
		return
	}
	if page.Closed != "" {
		s.render(c, http.StatusConflict, "feedback", page)
		return
	}
	score, valid := readFeedback(&page, c)
	if !valid {
		s.render(c, http.StatusUnprocessableEntity, "feedback", page)
		return
	}
	err := s.deps.Store.RecordSessionFeedback(c.Request.Context(), page.Session.ID, s.browserKey(c), score, page.Comment)
	s.feedbackRecorded(c, page, err)
}

// sessionFeedbackPage reads the public session in the path and says
// whether it takes feedback now.
func (s *Server) sessionFeedbackPage(c *gin.Context) (feedbackPage, bool) {
	m, ok := s.findSession(c)
	if !ok {
		return feedbackPage{}, false
	}
	return feedbackPage{Layout: s.layout(c, "How useful was "+m.Title+"?"), Session: m,
		Action: "/sessions/" + url.PathEscape(m.PublicID) + "/feedback", Closed: feedbackClosed(m, s.deps.Now())}, true
}

// feedbackRecorded answers a kept answer with 303 to the thank-you, and
// an answer already given with 409 and the page saying so.
func (s *Server) feedbackRecorded(c *gin.Context, page feedbackPage, err error) {
	switch {
	case errors.Is(err, model.ErrAlreadyAnswered):
		page.Answered, page.Score, page.Comment = true, "", ""
		s.render(c, http.StatusConflict, "feedback", page)
	case s.failed(c, err):
	default:
		c.Redirect(http.StatusSeeOther, page.Action+"?done=1")
	}
}
