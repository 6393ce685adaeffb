package model

import "time"

// Anonymised counts what one retention run removed: bookings made
// anonymous, feedback comments emptied, outgoing mail log entries that no
// longer name their recipient, and suggestions whose contact was removed.
type Anonymised struct {
	Bookings    int `json:"bookings"`
	Comments    int `json:"comments"`
	Mail        int `json:"mail"`
	Suggestions int `json:"suggestions"`
}

// Any reports whether the run removed anything.
func (a Anonymised) Any() bool {
	return a.Bookings+a.Comments+a.Mail+a.Suggestions > 0
}

// Person is who a request about personal data is for: a normalised email
// address (lower case) and/or phone number (E.164). At least one is set.
type Person struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// PersonData is everything the service holds that is linked to a person:
// what a navigator shows, exports or erases on the person's request.
type PersonData struct {
	Person      Person             `json:"person"`
	Bookings    []PersonBooking    `json:"bookings"`
	Feedback    []PersonFeedback   `json:"feedback"`
	Suggestions []PersonSuggestion `json:"suggestions"`
}

// Empty reports whether nothing was found.
func (d PersonData) Empty() bool {
	return len(d.Bookings) == 0 && len(d.Feedback) == 0 && len(d.Suggestions) == 0
}

// PersonBooking is one of a person's bookings as the request shows it:
// the booking's own details, with its session's title and times.
type PersonBooking struct {
	Reference    string        `json:"reference"`
	SessionID    string        `json:"session_id"`
	Session      string        `json:"session"`
	StartsAt     time.Time     `json:"starts_at"`
	EndsAt       time.Time     `json:"ends_at"`
	Status       BookingStatus `json:"status"`
	Source       BookingSource `json:"source"`
	Name         string        `json:"name"`
	Email        string        `json:"email"`
	Phone        string        `json:"phone"`
	PartySize    int           `json:"party_size"`
	Children     *int          `json:"children"`
	Attended     *int          `json:"attended"`
	Postcode     string        `json:"postcode"`
	AccessNeeds  string        `json:"access_needs"`
	Reminders    bool          `json:"reminders"`
	CreatedAt    time.Time     `json:"created_at"`
	CancelledAt  *time.Time    `json:"cancelled_at"`
	AnonymisedAt *time.Time    `json:"anonymised_at"`
}

// PersonFeedback is feedback a person gave through one of their bookings.
type PersonFeedback struct {
	Reference string    `json:"booking_reference"`
	Session   string    `json:"session"`
	Score     int       `json:"score"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

// PersonSuggestion is a suggestion a person left their contact with.
type PersonSuggestion struct {
	PublicID     string    `json:"id"`
	What         string    `json:"what"`
	Status       string    `json:"status"`
	ContactName  string    `json:"contact_name"`
	ContactEmail string    `json:"contact_email"`
	ContactPhone string    `json:"contact_phone"`
	CreatedAt    time.Time `json:"created_at"`
}

// Erased counts what erasing a person's data did.
type Erased struct {
	// Cancelled is how many of the bookings were live on a session still
	// to come, and were cancelled first (their places went to the waitlist).
	Cancelled   int
	Bookings    int
	Comments    int
	Mail        int
	Suggestions int
}
