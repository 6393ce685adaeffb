package notify

import (
	"context"
	htmltemplate "html/template"
	"net/url"
	"strings"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/qr"
)

// A feedback request waits for the register: while a session's register
// is open and unmarked, the request is put off by feedbackRecheck, for up
// to feedbackWaitForRegister after the session's end (a paper register
// is often typed in a day or two later).
const (
	feedbackRecheck         = 6 * time.Hour
	feedbackWaitForRegister = 3 * 24 * time.Hour
)

// cameToSession decides whether a feedback request goes to booking b:
// only to people the register says came. A no-show is dropped; a booking
// not yet marked waits for the register while it may still be typed in,
// and is dropped after.
func (m *Mailer) cameToSession(ctx context.Context, b model.Booking) error {
	switch {
	case b.Attended != nil && *b.Attended > 0:
		return nil
	case b.Attended != nil:
		return errDrop{"marked as not come (a no-show)"}
	}
	closed, err := m.cfg.Store.RegisterClosedFor(ctx, b.SessionID)
	switch {
	case err != nil:
		return err
	case closed:
		return errDrop{"the register was closed without marking this booking"}
	case m.cfg.Now().Sub(b.Session.EndsAt) < feedbackWaitForRegister:
		return errLater{feedbackRecheck, "the register is not marked yet"}
	}
	return errDrop{"the register was never marked"}
}

// checkInCode puts booking b's check-in link and its QR code (an image
// embedded in the message) into confirmation l.
func (m *Mailer) checkInCode(l *letter, b model.Booking) error {
	code := auth.CheckInCode(m.cfg.CheckIns, b.Reference, b.Session.PublicID)
	l.CheckInURL = absolute(m.cfg.BaseURL, "/check-in/"+url.PathEscape(code))
	c, err := qr.New(l.CheckInURL)
	if err != nil {
		return err
	}
	png, err := c.PNG(6)
	if err != nil {
		return err
	}
	cid := "check-in-" + strings.ToLower(b.Reference) + "@" + m.cfg.BaseURL.Hostname()
	l.inline = &inlineImage{Name: "check-in.png", ContentID: cid, PNG: png}
	l.CheckInImage = htmltemplate.URL("cid:" + cid) // our own reference and host name
	return nil
}
