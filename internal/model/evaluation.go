package model

import "time"

// Figures are the evaluation's counts for a set of sessions: the whole
// period, or one theme, venue, partner, audience or month of it. They are
// counts only; internal/report turns them into rates and shares.
//
// Held sessions are those in the programme (not cancelled) that have
// ended; everything about bookings and attendance is about confirmed
// bookings on held sessions.
type Figures struct {
	// Sessions is how many sessions were held; CalledOff how many in the
	// period were cancelled.
	Sessions  int `db:"sessions"`
	CalledOff int `db:"called_off"`
	// PlacesOffered is the capacity of held sessions that need booking
	// (drop-ins offer no places).
	PlacesOffered int `db:"places_offered"`
	// Bookings counts online and navigator bookings; PlacesBooked is their
	// places (party sizes).
	Bookings     int `db:"bookings"`
	PlacesBooked int `db:"places_booked"`
	// Attended is the people who came, walk-ins included; WalkIns is the
	// walk-ins among them.
	Attended int `db:"attended"`
	WalkIns  int `db:"walk_ins"`
	// Marked is the online and navigator bookings the register marked,
	// NoShows those marked as not come, Unmarked those not yet marked.
	Marked   int `db:"marked"`
	NoShows  int `db:"no_shows"`
	Unmarked int `db:"unmarked"`
	// People is how many different people (by person key) came; Repeat how
	// many of them came to two or more sessions.
	People int `db:"people"`
	Repeat int `db:"repeat"`
	// Known is the attendances whose postcode had a SIMD decile; Quintile1
	// those from deciles 1 and 2.
	Known     int `db:"known"`
	Quintile1 int `db:"quintile1"`
	// Answers is the feedback answers, ScoreTotal their scores added up.
	Answers    int `db:"answers"`
	ScoreTotal int `db:"score_total"`
}

// Dimension is what a breakdown of the figures is by.
type Dimension string

// The breakdowns of the evaluation.
const (
	ByTheme    Dimension = "theme"
	ByVenue    Dimension = "venue"
	ByPartner  Dimension = "partner"
	ByAudience Dimension = "audience"
	// ByMonth is by London calendar month of the session's start; its keys
	// are "2026-03".
	ByMonth Dimension = "month"
)

// Breakdown is the figures of one theme, venue, partner, audience or month.
type Breakdown struct {
	// Key is the id (or "2026-03" for a month; "" for the library's own
	// sessions, which have no partner), Name what people read.
	Key  string
	Name string
	Figures
}

// Evaluation is everything the evaluation dashboard shows for a period:
// the figures, their breakdowns, the reach over SIMD deciles against a
// baseline period, feedback and recent comments.
type Evaluation struct {
	Total      Figures
	Breakdowns map[Dimension][]Breakdown
	// Deciles are the attendances from each SIMD decile: index 0 is those
	// with no known decile, 1 to 10 the deciles.
	Deciles [11]int
	// Scores are the feedback answers of each score: index 0 unused, 1 to 5.
	Scores   [6]int
	Comments []Comment
	// Baseline is the same figures for the baseline period.
	Baseline        Figures
	BaselineDeciles [11]int
	// SIMD is the SIMD lookup loaded, if any.
	SIMD *SIMDImport
}

// Comment is a feedback answer with a comment, and the session it is about.
type Comment struct {
	Score        int       `db:"score"`
	Comment      string    `db:"comment"`
	At           time.Time `db:"created_at"`
	SessionTitle string    `db:"title"`
	SessionStart time.Time `db:"starts_at"`
}

// SIMDImport is one load of the Scottish Government's SIMD postcode lookup.
type SIMDImport struct {
	Source     string    `db:"source"`
	Postcodes  int       `db:"postcodes"`
	ImportedAt time.Time `db:"imported_at"`
}
