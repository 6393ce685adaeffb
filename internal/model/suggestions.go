package model

import (
	"errors"
	"time"
)

// Expected refusals when staff decide on a suggestion, or someone supports
// one. The web layer shows each as a message next to the field at fault.
var (
	// ErrReasonNeeded: "not now" is always said with a reason, which the
	// public sees.
	ErrReasonNeeded = errors.New("a reason is needed to say not now")
	// ErrNoSessions: a suggestion is planned with at least one session.
	ErrNoSessions = errors.New("no session chosen for the plan")
	// ErrMergeIntoItself: a suggestion cannot join itself.
	ErrMergeIntoItself = errors.New("a suggestion cannot be merged into itself")
	// ErrMergeTarget: the suggestion to join is not public (new, removed)
	// or has itself joined another.
	ErrMergeTarget = errors.New("that suggestion cannot take others")
	// ErrNotSupportable: the suggestion is public but no longer gathers
	// support ("not now", or merged into another).
	ErrNotSupportable = errors.New("suggestion no longer takes support")
)

// UnknownSessionError names a session given for a plan that is not in the
// programme (no such session, a proposal, or a declined one).
type UnknownSessionError struct {
	PublicID string
}

func (e *UnknownSessionError) Error() string { return "no session " + e.PublicID + " in the programme" }

// SuggestionStatus is where a suggestion stands.
type SuggestionStatus string

// The statuses of a suggestion. New ones wait for staff and are not
// public; published, planned and not-now ones are; a merged one points to
// the one it joined; a removed one (spam, abuse) is hidden.
const (
	SuggestionNew       SuggestionStatus = "new"
	SuggestionPublished SuggestionStatus = "published"
	SuggestionPlanned   SuggestionStatus = "planned"
	SuggestionNotNow    SuggestionStatus = "not_now"
	SuggestionMerged    SuggestionStatus = "merged"
	SuggestionRemoved   SuggestionStatus = "removed"
)

// SuggestionStatuses are every status, in the order staff see them.
var SuggestionStatuses = []SuggestionStatus{SuggestionNew, SuggestionPublished, SuggestionPlanned, SuggestionNotNow, SuggestionMerged, SuggestionRemoved}

// Public reports whether the public sees a suggestion with this status.
func (s SuggestionStatus) Public() bool {
	return s == SuggestionPublished || s == SuggestionPlanned || s == SuggestionNotNow
}

// Supportable reports whether a suggestion with this status takes support.
func (s SuggestionStatus) Supportable() bool {
	return s == SuggestionPublished || s == SuggestionPlanned
}

// Suggestion is a session or topic someone asked for, with what staff made
// of it. Contact details are for staff only: public pages never show them.
type Suggestion struct {
	ID        int64
	PublicID  string
	What      string
	Details   string
	Theme     *Theme
	Venue     *Venue // nil: any venue
	WhenSuits string
	// ContactName, ContactEmail (lower case) and ContactPhone (E.164) are
	// optional, used only to reply.
	ContactName  string
	ContactEmail string
	ContactPhone string
	Status       SuggestionStatus
	// Response is staff's public answer: why not now, or what was done.
	Response string
	// MergedInto is the public id of the suggestion this one joined.
	MergedInto string
	// DecidedBy is the name of the staff member who last decided.
	DecidedBy string
	DecidedAt *time.Time
	CreatedAt time.Time
	// AnonymisedAt is when its contact details were erased.
	AnonymisedAt *time.Time
	// Supporters is how many browsers support it.
	Supporters int
	// Sessions answer a planned suggestion (only public id, title, times,
	// venue name and status are filled in).
	Sessions []Session
}

// SuggestionFilter narrows a list of suggestions.
type SuggestionFilter struct {
	// Statuses: any of these; none means every status.
	Statuses []SuggestionStatus
	// ThemeSlug and VenueSlug narrow to a topic or a venue; a suggestion
	// for any venue matches every venue.
	ThemeSlug string
	VenueSlug string
	// Limit bounds the list; 0 means no limit.
	Limit int
}
