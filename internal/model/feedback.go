package model

import (
	"errors"
	"time"
)

// ErrAlreadyAnswered means the booking, or the browser, has already given
// its feedback on the session: the first answer stands.
var ErrAlreadyAnswered = errors.New("feedback already given")

// The pulse survey: one question, "How useful was this session?", scored
// from MinScore to MaxScore, and an optional comment.
const (
	MinScore = 1
	MaxScore = 5
	// MaxFeedbackComment is the longest comment kept, in characters.
	MaxFeedbackComment = 2000
	// FeedbackWindow is how long after a session ends its feedback is
	// taken: long enough for a late email, short enough that the answer
	// is about the session.
	FeedbackWindow = 30 * 24 * time.Hour
)

// ScoreLabels are the survey's answers in words, from MinScore up: each
// radio button reads as a number and what it means.
var ScoreLabels = [MaxScore]string{"Not useful", "A little useful", "Quite useful", "Useful", "Very useful"}

// ScoreLabel is score in words, or "" for a score out of range.
func ScoreLabel(score int) string {
	if score < MinScore || score > MaxScore {
		return ""
	}
	return ScoreLabels[score-MinScore]
}

// Feedback is one answer to the pulse survey: from a booking's emailed
// link (BookingID set) or from the form on the session's page.
type Feedback struct {
	ID        int64     `db:"id"`
	SessionID int64     `db:"session_id"`
	BookingID *int64    `db:"booking_id"`
	Score     int       `db:"score"`
	Comment   string    `db:"comment"`
	CreatedAt time.Time `db:"created_at"`
}

// FeedbackOpening is whether a session takes feedback at a moment.
type FeedbackOpening int

// A session takes feedback from its start until FeedbackWindow after its
// end, unless it was called off.
const (
	FeedbackOpen FeedbackOpening = iota
	FeedbackNotYet
	FeedbackOver
	FeedbackCalledOff
)

// FeedbackOpening says whether s takes feedback at now: from when it
// starts (people may leave early) to FeedbackWindow after it ends.
func (s Session) FeedbackOpening(now time.Time) FeedbackOpening {
	switch {
	case s.Cancelled() || s.Status != StatusScheduled:
		return FeedbackCalledOff
	case now.Before(s.StartsAt):
		return FeedbackNotYet
	case now.After(s.EndsAt.Add(FeedbackWindow)):
		return FeedbackOver
	}
	return FeedbackOpen
}
