package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode"

	"github.com/wneessen/go-mail"

	"hubbook/internal/model"
)

// kinds are the messages with templates: email/KIND.txt (its "subject" and
// "text") and email/KIND.html (its "body").
var kinds = []model.MailKind{
	model.MailConfirmed, model.MailWaitlisted, model.MailPromoted, model.MailChanged, model.MailCancelled,
	model.MailSessionChanged, model.MailSessionCancelled, model.MailSessionBackOn, model.MailReminder, model.MailFeedback,
	model.MailPasswordReset, model.MailBookingLink, model.MailSpaceApproved, model.MailSpaceDeclined,
}

// letters are the parsed email templates.
type letters struct {
	text map[model.MailKind]*texttemplate.Template
	html map[model.MailKind]*htmltemplate.Template
}

// parseLetters parses every kind's templates with the shared layout and
// footer, so that a missing or broken one stops the start.
func parseLetters(fsys fs.FS) (*letters, error) {
	l := &letters{text: map[model.MailKind]*texttemplate.Template{}, html: map[model.MailKind]*htmltemplate.Template{}}
	for _, k := range kinds {
		t, err := texttemplate.New("").ParseFS(fsys, "email/layout.txt", "email/"+string(k)+".txt")
		if err != nil {
			return nil, fmt.Errorf("parse email template %s.txt: %w", k, err)
		}
		h, err := htmltemplate.New("").Funcs(htmltemplate.FuncMap{"lines": paragraphs}).ParseFS(fsys, "email/layout.html", "email/"+string(k)+".html")
		if err != nil {
			return nil, fmt.Errorf("parse email template %s.html: %w", k, err)
		}
		l.text[k], l.html[k] = t, h
	}
	return l, nil
}

// paragraphs splits text at blank lines and line ends, dropping empty
// ones: a description typed with line breaks reads as paragraphs.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Letter is what an email's templates are given.
type Letter struct {
	Kind model.MailKind
	// Name is whom the email is to.
	Name    string
	Service string
	Phone   string
	// Booking and its Session, for a booking's messages.
	Booking model.Booking
	Session model.Session
	// When is the session's day and times as people say them: "Tuesday 3
	// March, 10:00 to 11:30"; Address is its venue's.
	When    string
	Address string
	// ManageURL changes or cancels the booking; empty when the booking
	// keeps no link (then the email points to the desk and the phone).
	ManageURL  string
	SessionURL string
	// StopURL turns reminders off (List-Unsubscribe).
	StopURL string
	// Before is how a changed session was: its day and times, and place.
	BeforeWhen, BeforeWhere string
	// Soon says when a reminder's session is: "tomorrow", "today".
	Soon string
	// ResetURL and ResetExpires are a password reset's link and when it
	// stops working.
	ResetURL     string
	ResetExpires string
	// FeedbackURL is where the feedback request asks for a score.
	FeedbackURL string
	// CheckInURL is a confirmation's (or a promotion's) check-in link, and CheckInImage the
	// address (cid:) of its QR code, embedded in the message.
	CheckInURL   string
	CheckInImage htmltemplate.URL
	// SpaceBooking is the space request an answer is about, and
	// SpaceBookingURL its page.
	SpaceBooking    model.SpaceBooking
	SpaceBookingURL string
}

// rendered is an email's subject and parts.
type rendered struct {
	Subject string
	Text    string
	HTML    string
}

func (l *letters) render(d Letter) (rendered, error) {
	var subject, text, html bytes.Buffer
	t, h := l.text[d.Kind], l.html[d.Kind]
	if t == nil || h == nil {
		return rendered{}, fmt.Errorf("no email template for %q", d.Kind)
	}
	if err := t.ExecuteTemplate(&subject, "subject", d); err != nil {
		return rendered{}, err
	}
	if err := t.ExecuteTemplate(&text, "text", d); err != nil {
		return rendered{}, err
	}
	if err := h.ExecuteTemplate(&html, "layout", d); err != nil {
		return rendered{}, err
	}
	return rendered{Subject: oneLine(subject.String()), Text: text.String(), HTML: html.String()}, nil
}

// oneLine makes s safe for a header: control characters (a CR or LF
// smuggled in through a name or a title) become spaces, and runs of space
// one.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// when is a session's day and times in loc: "Tuesday 3 March, 10:00 to
// 11:30" (with the year when it is not this year's).
func when(start, end, now time.Time, loc *time.Location) string {
	start, end = start.In(loc), end.In(loc)
	day := start.Format("Monday 2 January")
	if start.Year() != now.In(loc).Year() {
		day = start.Format("Monday 2 January 2006")
	}
	return day + ", " + start.Format("15:04") + " to " + end.Format("15:04")
}

// messageID is the Message-ID of the message key: the same on every try,
// so that a receiving server can drop a second copy.
func (m *Mailer) messageID(key string) string {
	var sum []byte
	if m.cfg.IDs != nil {
		sum = m.cfg.IDs.Sum(key)
	} else {
		h := sha256.Sum256([]byte(key))
		sum = h[:]
	}
	return hex.EncodeToString(sum[:16]) + "@" + m.cfg.BaseURL.Hostname()
}

// envelope is a rendered email's addressing and extras.
type envelope struct {
	From, To, ToName string
	MessageID        string
	// StopURL, when set, is the one-click reminder opt-out (RFC 8058).
	StopURL string
	// Calendar, when set, is attached as invite.ics.
	Calendar []byte
	// Inline, when set, is an image the HTML part shows by its Content-ID.
	Inline *inlineImage
}

// inlineImage is a PNG embedded in a message (multipart/related), named
// by its Content-ID.
type inlineImage struct {
	Name, ContentID string
	PNG             []byte
}

// build makes the message to send: headers from e (a name with CR or LF
// cannot add a header), a plain-text part and an HTML alternative.
func build(e envelope, r rendered, now time.Time) (*mail.Msg, error) {
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := m.From(e.From); err != nil {
		return nil, fmt.Errorf("from %q: %w", e.From, err)
	}
	if err := m.AddToFormat(oneLine(e.ToName), e.To); err != nil {
		return nil, fmt.Errorf("to %q: %w", e.To, err)
	}
	m.Subject(r.Subject)
	m.SetMessageIDWithValue(e.MessageID)
	m.SetDateWithValue(now)
	if e.StopURL != "" {
		m.SetGenHeader("List-Unsubscribe", "<"+e.StopURL+">")
		m.SetGenHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBodyString(mail.TypeTextPlain, r.Text)
	m.AddAlternativeString(mail.TypeTextHTML, r.HTML)
	if e.Inline != nil {
		err := m.EmbedReader(e.Inline.Name, bytes.NewReader(e.Inline.PNG),
			mail.WithFileContentType(mail.ContentType("image/png")), mail.WithFileContentID("<"+e.Inline.ContentID+">"))
		if err != nil {
			return nil, err
		}
	}
	if e.Calendar != nil {
		err := m.AttachReader("invite.ics", bytes.NewReader(e.Calendar),
			mail.WithFileContentType("text/calendar; charset=utf-8; method=PUBLISH"))
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

// absolute is path under base.
func absolute(base *url.URL, path string) string {
	return strings.TrimRight(base.String(), "/") + path
}

// soon is when a session starting at start is, seen from now: "today",
// "tomorrow", or its day.
func soon(start, now time.Time, loc *time.Location) string {
	start, now = start.In(loc), now.In(loc)
	midnight := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc) }
	// Rounded: a day across a clock change is 23 or 25 hours.
	switch midnight(start).Sub(midnight(now)).Round(24 * time.Hour) {
	case 0:
		return "today"
	case 24 * time.Hour:
		return "tomorrow"
	}
	return "on " + start.Format("Monday 2 January")
}
