package model

import "time"

// MailKind names one kind of email: which template it is drawn from and
// what it is about.
type MailKind string

// The kinds of email hubbook sends.
const (
	MailConfirmed        MailKind = "confirmed"         // a booking confirmed
	MailWaitlisted       MailKind = "waitlisted"        // joined the waitlist
	MailPromoted         MailKind = "promoted"          // a place came up
	MailChanged          MailKind = "changed"           // the party changed
	MailCancelled        MailKind = "cancelled"         // the booking cancelled
	MailSessionChanged   MailKind = "session_changed"   // staff moved the session
	MailSessionCancelled MailKind = "session_cancelled" // staff called it off
	MailSessionBackOn    MailKind = "session_back_on"   // staff reinstated it
	MailReminder         MailKind = "reminder"          // before the session
	MailFeedback         MailKind = "feedback"          // after it
	MailPasswordReset    MailKind = "password_reset"    // a staff account's reset link
	MailBookingLink      MailKind = "booking_link"      // a lost manage link, sent again
	MailSpaceApproved    MailKind = "space_approved"    // staff approved a space request
	MailSpaceDeclined    MailKind = "space_declined"    // staff declined a space request
)

// Label is the kind as staff read it on the outgoing mail page.
func (k MailKind) Label() string {
	switch k {
	case MailConfirmed:
		return "Booking confirmed"
	case MailWaitlisted:
		return "On the waitlist"
	case MailPromoted:
		return "A place came up"
	case MailChanged:
		return "Booking changed"
	case MailCancelled:
		return "Booking cancelled"
	case MailSessionChanged:
		return "Session changed"
	case MailSessionCancelled:
		return "Session cancelled"
	case MailSessionBackOn:
		return "Session back on"
	case MailReminder:
		return "Reminder"
	case MailFeedback:
		return "Feedback request"
	case MailPasswordReset:
		return "Password reset"
	case MailBookingLink:
		return "Booking link sent again"
	case MailSpaceApproved:
		return "Space request approved"
	case MailSpaceDeclined:
		return "Space request declined"
	}
	return string(k)
}

// MailArgs is one email waiting to be sent: a job, inserted in the
// transaction of the change that causes it. The worker reads the booking
// or account again when it sends, so an email says what is true then, and
// is dropped when it no longer applies.
type MailArgs struct {
	Message MailKind `json:"message"`
	// Key names this one message, for the sent-ledger and the job's
	// uniqueness: "booking/42/reminder/24h0m0s/1767261600".
	Key     string `json:"key" river:"unique"`
	Booking int64  `json:"booking,omitempty"`
	User    int64  `json:"user,omitempty"`
	// SpaceBooking is the public id of the space booking a space request's
	// answer is about (sent to User, who asked).
	SpaceBooking string `json:"space_booking,omitempty"`
	// StartsAt is the session start a reminder or feedback request was
	// scheduled for: when the session has moved since, the message is
	// dropped (the move scheduled new ones).
	StartsAt time.Time `json:"starts_at,omitzero"`
	// EndsAt is the session end a feedback request was scheduled for.
	EndsAt time.Time `json:"ends_at,omitzero"`
	// Before is what a session change changed from.
	Before *SessionPlace `json:"before,omitempty"`
}

// Kind is the job kind River files MailArgs under.
func (MailArgs) Kind() string { return "mail" }

// SessionPlace is when and where a session was, for the email that says
// it moved.
type SessionPlace struct {
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Where    string    `json:"where"`
}

// MailStatus is what happened to a message.
type MailStatus string

// The states of a message in the outgoing mail log.
const (
	MailSending  MailStatus = "sending"  // an attempt began and has not ended
	MailRetrying MailStatus = "retrying" // a temporary failure; it will be tried again
	MailSent     MailStatus = "sent"     // the mail server accepted it
	MailFailed   MailStatus = "failed"   // refused for good, or out of attempts
	MailDropped  MailStatus = "dropped"  // no longer applied when its time came
)

// MailLogEntry is one message in the outgoing mail log.
type MailLogEntry struct {
	ID        int64      `db:"id"`
	Key       string     `db:"key"`
	Kind      MailKind   `db:"kind"`
	BookingID *int64     `db:"booking_id"`
	Reference *string    `db:"reference"`
	Recipient string     `db:"recipient"`
	Subject   string     `db:"subject"`
	Status    MailStatus `db:"status"`
	Attempts  int        `db:"attempts"`
	LastError string     `db:"last_error"`
	Note      string     `db:"note"`
	MessageID string     `db:"message_id"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	SentAt    *time.Time `db:"sent_at"`
}
