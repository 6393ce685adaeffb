package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hubbook/internal/ical"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// letter is a message's template data, its recipient, and its calendar
// attachment.
type letter struct {
	Letter
	to       string
	calendar []byte
	inline   *inlineImage
}

// letter reads what message a is about, as it is now, and returns the
// data to render it, or an errDrop when it no longer applies.
func (m *Mailer) letter(ctx context.Context, a model.MailArgs) (letter, error) {
	l := letter{Letter: Letter{Kind: a.Message, Service: m.cfg.ServiceName, Phone: m.cfg.ServicePhone}}
	if a.Message == model.MailPasswordReset {
		u, err := m.cfg.Store.User(ctx, a.User)
		switch {
		case errors.Is(err, model.ErrNotFound):
			return l, errDrop{"the account no longer exists"}
		case err != nil:
			return l, err
		case u.Disabled():
			return l, errDrop{"the account is disabled"}
		}
		l.to, l.Name = u.Email, u.Name
		return l, nil
	}
	if a.Message == model.MailSpaceApproved || a.Message == model.MailSpaceDeclined {
		return m.spaceLetter(ctx, a, l)
	}
	b, err := m.cfg.Store.Booking(ctx, store.BookingKey{ID: a.Booking})
	switch {
	case errors.Is(err, model.ErrNotFound):
		return l, errDrop{"the booking no longer exists"}
	case err != nil:
		return l, err
	case b.Email == "":
		return l, errDrop{"the booking has no email address"}
	}
	l.to, l.Name, l.Booking, l.Session = b.Email, b.Name, b, b.Session
	if why := m.stale(a, b); why != "" {
		return l, errDrop{why}
	}
	now := m.cfg.Now()
	s := b.Session
	l.When = when(s.StartsAt, s.EndsAt, now, m.cfg.Location)
	l.Address = strings.Join(append(paragraphs(s.Venue.Address), s.Venue.Postcode), ", ")
	l.SessionURL = absolute(m.cfg.BaseURL, "/sessions/"+s.PublicID)
	if a.Before != nil {
		l.BeforeWhen = when(a.Before.StartsAt, a.Before.EndsAt, now, m.cfg.Location)
		l.BeforeWhere = a.Before.Where
	}
	if a.Message == model.MailReminder {
		l.Soon = soon(s.StartsAt, now, m.cfg.Location)
	}
	if b.TokenSealed != nil && m.cfg.Sealer != nil {
		token, err := m.cfg.Sealer.Open(b.TokenSealed)
		if err != nil {
			// Sealed under another HUBBOOK_SECRET: send without the link.
			m.cfg.Log.Warn("manage link cannot be opened", "booking", b.Reference)
		} else {
			l.ManageURL = absolute(m.cfg.BaseURL, "/bookings/"+token)
			l.FeedbackURL = l.ManageURL + "/feedback"
			// Every booking email can stop the reminders (RFC 8058); the
			// page says so when they are already off.
			l.StopURL = l.ManageURL + "/reminders"
		}
	}
	if a.Message == model.MailFeedback {
		if err := m.cameToSession(ctx, b); err != nil {
			return l, err
		}
	}
	if (a.Message == model.MailConfirmed || a.Message == model.MailPromoted) && m.cfg.CheckIns != nil {
		if err := m.checkInCode(&l, b); err != nil {
			return l, errCannotMake{err}
		}
	}
	if a.Message == model.MailSessionBackOn {
		// Only to people who heard it was off: if that message is still
		// on its way, wait for it to go (or be dropped) first.
		pending, told, err := m.cfg.Store.SessionOffNews(ctx, b.ID)
		switch {
		case err != nil:
			return l, err
		case pending:
			return l, errWait
		case !told:
			return l, errDrop{"never told the session was off"}
		}
	}
	switch a.Message {
	case model.MailConfirmed, model.MailPromoted, model.MailSessionChanged, model.MailSessionCancelled, model.MailSessionBackOn:
		if b.Status != model.BookingConfirmed {
			break // no calendar entry for a place not yet had
		}
		// The same UID each time: a calendar that imported the first
		// updates the event, or marks it cancelled.
		if l.calendar, err = ical.Booking(b, m.cfg.BaseURL, m.cfg.ServicePhone); err != nil {
			return l, errCannotMake{fmt.Errorf("calendar for %s: %w", b.Reference, err)}
		}
	}
	return l, nil
}

// stale says why message a no longer applies to booking b, or "".
func (m *Mailer) stale(a model.MailArgs, b model.Booking) string {
	s := b.Session
	now := m.cfg.Now()
	switch {
	case b.EmailFailedAt != nil && (a.Message == model.MailReminder || a.Message == model.MailFeedback):
		// Routine messages stop; news of a booking or a session is still
		// tried, in case the address works again.
		return "the mail server refused this address before"
	case a.Message == model.MailCancelled:
		return ""
	case a.Message == model.MailSessionCancelled:
		if !s.Cancelled() {
			return "the session was reinstated"
		}
		return ""
	case !now.Before(s.EndsAt) && a.Message != model.MailFeedback:
		return "the session is over"
	case b.Status == model.BookingCancelled:
		return "the booking was cancelled"
	case s.Cancelled():
		return "the session was cancelled"
	}
	switch a.Message {
	case model.MailBookingLink:
		if b.TokenSealed == nil {
			return "the booking keeps no link"
		}
	case model.MailWaitlisted:
		if b.Status != model.BookingWaitlisted {
			return "no longer on the waitlist"
		}
	case model.MailConfirmed, model.MailPromoted:
		if b.Status != model.BookingConfirmed {
			return "the booking is not confirmed"
		}
	case model.MailReminder, model.MailFeedback:
		switch {
		case b.Status != model.BookingConfirmed:
			return "the booking is not confirmed"
		case !s.StartsAt.Equal(a.StartsAt) || !a.EndsAt.IsZero() && !s.EndsAt.Equal(a.EndsAt):
			return "the session moved since this was scheduled"
		case a.Message == model.MailReminder && !b.Reminders:
			return "reminders were turned off"
		case a.Message == model.MailReminder && !now.Before(s.StartsAt):
			return "the session has started"
		case a.Message == model.MailFeedback && now.Before(s.EndsAt):
			return "the session has not ended"
		}
	}
	return ""
}

// spaceLetter is the answer to a space request, to the person who asked:
// dropped when their account is gone or disabled, or when the request has
// since changed (cancelled, or decided again) or is over.
func (m *Mailer) spaceLetter(ctx context.Context, a model.MailArgs, l letter) (letter, error) {
	u, err := m.cfg.Store.User(ctx, a.User)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return l, errDrop{"the account no longer exists"}
	case err != nil:
		return l, err
	case u.Disabled():
		return l, errDrop{"the account is disabled"}
	}
	b, err := m.cfg.Store.SpaceBooking(ctx, a.SpaceBooking, nil)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return l, errDrop{"the space booking no longer exists"}
	case err != nil:
		return l, err
	case a.Message == model.MailSpaceApproved && b.Status != model.SpaceConfirmed:
		return l, errDrop{"the space booking is no longer confirmed"}
	case a.Message == model.MailSpaceDeclined && b.Status != model.SpaceDeclined:
		return l, errDrop{"the space booking is no longer declined"}
	case !m.cfg.Now().Before(b.EndsAt):
		return l, errDrop{"the space booking is over"}
	}
	l.to, l.Name, l.SpaceBooking = u.Email, u.Name, b
	l.When = when(b.StartsAt, b.EndsAt, m.cfg.Now(), m.cfg.Location)
	l.SpaceBookingURL = absolute(m.cfg.BaseURL, "/space-bookings/"+b.PublicID)
	return l, nil
}
