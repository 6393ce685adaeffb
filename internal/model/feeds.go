package model

import "time"

// FeedFilter says which sessions a calendar feed holds. Exactly one of the
// scopes is usually set; the zero filter is the whole public programme.
//
// A feed holds sessions that ended no earlier than Since, so subscribers keep
// some history, and sessions called off (cancelled, or proposals declined) no
// earlier than CalledOffSince, so that a subscribed calendar learns of the
// cancellation before the event leaves the feed.
type FeedFilter struct {
	VenueID    int64 // sessions at this venue
	ThemeID    int64 // about this theme
	AudienceID int64 // for this audience
	// SpaceID: sessions in this space or any space it is part of or
	// contains (a session in the whole room takes its zones too).
	SpaceID   int64
	PartnerID int64 // delivered by this partner
	// Private includes proposals (as tentative) and declined proposals (as
	// cancelled), and makes the version follow booking counts, which only
	// private feeds show.
	Private        bool
	Since          time.Time
	CalledOffSince time.Time
}

// FeedSession is a session as a feed shows it, with when anything its event
// says last changed: the session, its topic, venue, space or partner, and
// in private feeds its bookings (the figures). Clients compare it
// (LAST-MODIFIED, DTSTAMP) to know that an event they hold has changed.
type FeedSession struct {
	Session
	Changed time.Time
}

// FeedVersion is what a feed's answer depends on, read without building it:
// how many sessions, and a digest of every row it shows. Two answers with
// the same FeedVersion (and the same filter and day) are the same bytes.
type FeedVersion struct {
	Count  int
	Digest string
}

// FeedOwner is whose private feed a token opens: a partner organisation's
// (shared by its users) or one staff member's.
type FeedOwner struct {
	PartnerID int64
	UserID    int64
}

// FeedToken is the live token of a private feed, as its owner's page shows
// it.
type FeedToken struct {
	ID    int64
	Owner FeedOwner
	// Sealed is the token encrypted with HUBBOOK_SECRET, so the address can be
	// shown again; nil when it was made without a sealer.
	Sealed     []byte
	CreatedAt  time.Time
	CreatedBy  string // the name of the person who made it, or ""
	LastUsedAt *time.Time
}
