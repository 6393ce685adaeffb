package recur

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ordinals name the nth weekday of a month the way people say it.
var ordinals = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}

// dateLayout writes a date the way people say it: "Wednesday 31 March 2027".
const dateLayout = "Monday 2 January 2006"

// Describe says the rule in plain English for people: "Every week, 10 sessions",
// "Every 2 weeks until Wednesday 31 March 2027", "Monthly on the second Tuesday, 6 sessions",
// "Monthly on the last Friday until ...". It describes what the person chose, so a
// rule Validate would refuse is still described as far as it goes; an unknown
// frequency says nothing ("").
func (r Rule) Describe(first time.Time, loc *time.Location) string {
	var s string
	switch r.Frequency {
	case Weekly:
		s = "Every week"
	case Fortnightly:
		s = "Every 2 weeks"
	case Monthly:
		n, wd := nthWeekday(first.In(loc))
		s = fmt.Sprintf("Monthly on the %s %s", ordinals[n], wd)
	default:
		return ""
	}
	switch {
	case r.Count == 1:
		s += ", 1 session"
	case r.Count > 1:
		s += ", " + strconv.Itoa(r.Count) + " sessions"
	case !r.Until.IsZero():
		s += " until " + r.Until.Format(dateLayout)
	}
	return s
}

// Validate returns a map from form field ("frequency", "count", "until") to a plain-words
// message for each problem ("Enter how many sessions, from 2 to 200", "Enter an end date after the first session"), empty when valid.
// A series has at least 2 sessions (one session is not a series) and at most
// MaxSessions; for an end date that means working the sessions out.
func (r Rule) Validate(first time.Time, loc *time.Location) map[string]string {
	errs := map[string]string{}
	switch r.Frequency {
	case Weekly, Fortnightly, Monthly:
	default:
		errs["frequency"] = "Choose how often the sessions repeat"
	}
	switch {
	case r.Count != 0 && !r.Until.IsZero():
		errs["until"] = "Enter either how many sessions or an end date, not both"
	case r.Count != 0:
		switch {
		case r.Count > MaxSessions:
			errs["count"] = fmt.Sprintf("A series can have at most %d sessions: enter a number from 2 to %d", MaxSessions, MaxSessions)
		case r.Count < 2:
			errs["count"] = fmt.Sprintf("Enter how many sessions, from 2 to %d", MaxSessions)
		}
	case r.Until.IsZero():
		errs["count"] = "Enter how many sessions, or an end date"
	case !civilDate(r.Until).After(civilDate(first.In(loc))):
		errs["until"] = "Enter an end date after the first session"
	case errs["frequency"] == "":
		if msg := r.untilProblem(first, loc); msg != "" {
			errs["until"] = msg
		}
	}
	return errs
}

// untilProblem works out the sessions an end-date rule makes and says what is
// wrong if there are too many or too few.
func (r Rule) untilProblem(first time.Time, loc *time.Location) string {
	rrule, err := r.RRULE(first, loc)
	if err != nil {
		return "Enter an end date after the first session"
	}
	times, err := Expand(rrule, first, loc)
	switch {
	case errors.Is(err, ErrTooMany):
		return fmt.Sprintf("Enter an earlier end date: a series can have at most %d sessions", MaxSessions)
	case err != nil:
		return "Enter an end date after the first session"
	case len(times) < 2:
		two, _ := Rule{Frequency: r.Frequency, Count: 2}.RRULE(first, loc) // valid: Frequency was checked
		second, err := Expand(two, first, loc)
		if err != nil || len(second) < 2 {
			return "Enter a later end date, so there are at least 2 sessions"
		}
		return "Enter an end date on or after " + second[1].Format(dateLayout) + ", the day of the second session"
	}
	return ""
}
