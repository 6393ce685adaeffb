// Package recur turns a repeat chosen on the session form ("every week, 10
// sessions") into an RFC 5545 RRULE to store, and expands a stored RRULE into
// the start times of the sessions it makes. It is pure: no database, no clock.
//
// Times are always worked out in the library's location, so a 10:00 session
// stays at 10:00 across clock changes, and an end date means the end of that
// day where the library is.
package recur

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	rrulego "github.com/teambition/rrule-go"
)

// Frequency is how often a series repeats.
type Frequency string

// The frequencies the form offers. They are few on purpose: each is easy to
// say in plain words and to check, and each always has a session every period.
const (
	Weekly      Frequency = "weekly"
	Fortnightly Frequency = "fortnightly"
	// Monthly repeats on the same nth weekday of each month as the first session
	// (the 2nd Tuesday; a first date in the month's last 7 days that is also the 5th weekday
	// means "the last Tuesday", BYDAY=-1TU, because a 5th Tuesday is missing most months).
	Monthly Frequency = "monthly"
)

// Rule is a repeat as a person chooses it on the form.
type Rule struct {
	Frequency Frequency
	// Exactly one of Count (number of sessions, first included) and Until (a local date,
	// inclusive; only its year/month/day matter) is set. A zero Count or Until means unset.
	Count int
	Until time.Time
}

// MaxSessions is the most sessions one series may make. It keeps a typo in
// an end date from filling the programme with years of sessions.
const MaxSessions = 200

// Sentinel errors for rules the form can produce but the programme must not
// accept; handlers show them as field messages (see Rule.Validate).
var (
	// ErrTooMany means the rule would make more than MaxSessions sessions,
	// or has no end at all.
	ErrTooMany = errors.New("recur: too many sessions")
	// ErrEmpty means the rule makes no session, e.g. Until is before the first date.
	ErrEmpty = errors.New("recur: no sessions")
)

// untilFormat is RFC 5545's UTC date-time, the only UNTIL form allowed with a
// DTSTART that has a TZID.
const untilFormat = "20060102T150405Z"

// RRULE returns the rule as an RFC 5545 RRULE value (without the "RRULE:" prefix), for
// the first session starting at first (in loc): e.g. "FREQ=WEEKLY;COUNT=10",
// "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270331T225959Z", "FREQ=MONTHLY;BYDAY=+2TU;COUNT=6".
// UNTIL is the end of the Until day in loc, expressed in UTC as RFC 5545 requires when DTSTART has a TZID.
// A monthly rule needs first to know which weekday of the month it repeats on.
func (r Rule) RRULE(first time.Time, loc *time.Location) (string, error) {
	parts := []string{}
	switch r.Frequency {
	case Weekly:
		parts = append(parts, "FREQ=WEEKLY")
	case Fortnightly:
		parts = append(parts, "FREQ=WEEKLY", "INTERVAL=2")
	case Monthly:
		n, wd := nthWeekday(first.In(loc))
		parts = append(parts, "FREQ=MONTHLY", fmt.Sprintf("BYDAY=%+d%s", n, weekdayCodes[wd]))
	default:
		return "", fmt.Errorf("recur: unknown frequency %q", r.Frequency)
	}
	switch {
	case r.Count != 0 && !r.Until.IsZero():
		return "", errors.New("recur: rule has both a count and an end date")
	case r.Count < 0:
		return "", fmt.Errorf("recur: count %d: %w", r.Count, ErrEmpty)
	case r.Count > MaxSessions:
		return "", fmt.Errorf("recur: count %d: %w", r.Count, ErrTooMany)
	case r.Count > 0:
		parts = append(parts, "COUNT="+strconv.Itoa(r.Count))
	case r.Until.IsZero():
		return "", fmt.Errorf("recur: rule has neither a count nor an end date: %w", ErrTooMany)
	case civilDate(r.Until).Before(civilDate(first.In(loc))):
		return "", fmt.Errorf("recur: end date before first session: %w", ErrEmpty)
	default:
		parts = append(parts, "UNTIL="+endOfDay(r.Until, loc).UTC().Format(untilFormat))
	}
	return strings.Join(parts, ";"), nil
}

// Expand returns the start times of every session of rrule (as stored, the RRULE value)
// whose first session starts at first, in loc: each at the same local wall-clock time as
// the first, across clock changes (a 10:00 session stays at 10:00 in summer and winter).
// It returns ErrTooMany if there would be more than MaxSessions and ErrEmpty if none.
// It must never loop forever: a rule with neither COUNT nor UNTIL is ErrTooMany.
//
// Only rules of the shapes RRULE makes are expanded: with arbitrary BY* parts
// rrule-go can search to the year 9999 for an occurrence that never comes.
// A rule whose first occurrence is not first (a monthly BYDAY that does not
// match first's weekday) is an error, because the series would silently lose
// the session the person chose.
func Expand(rrule string, first time.Time, loc *time.Location) ([]time.Time, error) {
	s, err := parse(rrule)
	if err != nil {
		return nil, err
	}
	start := first.In(loc).Truncate(time.Second)
	// DTSTART must carry loc: rrule-go builds each occurrence with
	// time.Date(..., Dtstart.Location()), which is what keeps the wall-clock time.
	rr, err := s.build(start)
	if err != nil {
		return nil, fmt.Errorf("recur: expand %q: %w", rrule, err)
	}
	next := rr.Iterator()
	var times []time.Time
	for t, ok := next(); ok; t, ok = next() {
		if len(times) == MaxSessions {
			return nil, fmt.Errorf("recur: expand %q: %w", rrule, ErrTooMany)
		}
		times = append(times, t)
	}
	if len(times) == 0 {
		return nil, fmt.Errorf("recur: expand %q: %w", rrule, ErrEmpty)
	}
	if !times[0].Equal(start) {
		return nil, fmt.Errorf("recur: expand %q: first occurrence %s is not the first session %s",
			rrule, times[0].Format(time.RFC3339), start.Format(time.RFC3339))
	}
	return times, nil
}

// Parse reads a stored RRULE back into the Rule the form shows, for rules RRULE makes;
// anything else is an error. loc turns UNTIL back into the local end date.
func Parse(rrule string, loc *time.Location) (Rule, error) {
	s, err := parse(rrule)
	if err != nil {
		return Rule{}, err
	}
	r := Rule{Frequency: s.frequency, Count: s.count}
	if !s.until.IsZero() {
		y, m, d := s.until.In(loc).Date()
		r.Until = time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	return r, nil
}

// spec is a stored RRULE of one of the shapes RRULE makes.
type spec struct {
	frequency Frequency
	nth       int          // monthly only: 1 to 4, or -1 for the last
	weekday   time.Weekday // monthly only
	count     int
	until     time.Time // UTC instant
}

// parse reads rule strictly: only the parts RRULE writes, each once.
func parse(rule string) (spec, error) {
	parts, err := splitParts(rule)
	if err != nil {
		return spec{}, err
	}
	var s spec
	if err := s.parseEnd(parts); err != nil {
		return spec{}, fmt.Errorf("recur: rule %q: %w", rule, err)
	}
	if err := s.parseRepeat(parts); err != nil {
		return spec{}, fmt.Errorf("recur: rule %q: %w", rule, err)
	}
	return s, nil
}

// splitParts splits an RRULE value into its NAME=value parts.
func splitParts(rule string) (map[string]string, error) {
	rule = strings.TrimPrefix(strings.TrimSpace(rule), "RRULE:")
	parts := map[string]string{}
	for part := range strings.SplitSeq(rule, ";") {
		name, value, ok := strings.Cut(part, "=")
		if !ok || name == "" || value == "" {
			return nil, fmt.Errorf("recur: rule %q: malformed part %q", rule, part)
		}
		if _, dup := parts[name]; dup {
			return nil, fmt.Errorf("recur: rule %q: %s given twice", rule, name)
		}
		parts[name] = value
	}
	return parts, nil
}

// parseEnd reads COUNT or UNTIL. It checks the end first so that an endless
// rule is ErrTooMany whatever else is wrong with it.
func (s *spec) parseEnd(parts map[string]string) error {
	count, hasCount := parts["COUNT"]
	until, hasUntil := parts["UNTIL"]
	switch {
	case hasCount && hasUntil:
		return errors.New("both COUNT and UNTIL")
	case hasCount:
		n, err := strconv.Atoi(count)
		if err != nil || n < 1 {
			return fmt.Errorf("bad COUNT %q", count)
		}
		if n > MaxSessions {
			return fmt.Errorf("COUNT %d: %w", n, ErrTooMany)
		}
		s.count = n
	case hasUntil:
		t, err := time.Parse(untilFormat, until)
		if err != nil {
			return fmt.Errorf("bad UNTIL %q: want UTC like 20270331T225959Z", until)
		}
		s.until = t
	default:
		return fmt.Errorf("neither COUNT nor UNTIL: %w", ErrTooMany)
	}
	return nil
}

// parseRepeat reads FREQ, INTERVAL and BYDAY and rejects any other part.
func (s *spec) parseRepeat(parts map[string]string) error {
	known := map[string]bool{"FREQ": true, "INTERVAL": true, "BYDAY": true, "COUNT": true, "UNTIL": true}
	for name := range parts {
		if !known[name] {
			return fmt.Errorf("unsupported part %s", name)
		}
	}
	interval, byday := parts["INTERVAL"], parts["BYDAY"]
	switch {
	case parts["FREQ"] == "WEEKLY" && byday == "" && (interval == "" || interval == "1"):
		s.frequency = Weekly
	case parts["FREQ"] == "WEEKLY" && byday == "" && interval == "2":
		s.frequency = Fortnightly
	case parts["FREQ"] == "MONTHLY" && byday != "" && (interval == "" || interval == "1"):
		s.frequency = Monthly
		return s.parseByday(byday)
	default:
		return fmt.Errorf("unsupported repeat FREQ=%s INTERVAL=%s BYDAY=%s", parts["FREQ"], interval, byday)
	}
	return nil
}

// parseByday reads a single nth weekday such as +2TU or -1FR.
func (s *spec) parseByday(byday string) error {
	if len(byday) < 3 {
		return fmt.Errorf("bad BYDAY %q", byday)
	}
	code := byday[len(byday)-2:]
	n, err := strconv.Atoi(byday[:len(byday)-2])
	if err != nil || !(n >= 1 && n <= 4 || n == -1) {
		return fmt.Errorf("bad BYDAY %q: want +1 to +4 or -1 and a weekday", byday)
	}
	for wd, c := range weekdayCodes {
		if c == code {
			s.nth, s.weekday = n, time.Weekday(wd)
			return nil
		}
	}
	return fmt.Errorf("bad BYDAY %q: unknown weekday", byday)
}

// build makes the rrule-go rule starting at start, which must be in the
// library's location.
func (s spec) build(start time.Time) (*rrulego.RRule, error) {
	opt := rrulego.ROption{Freq: rrulego.WEEKLY, Dtstart: start, Count: s.count, Until: s.until}
	switch s.frequency {
	case Fortnightly:
		opt.Interval = 2
	case Monthly:
		opt.Freq = rrulego.MONTHLY
		opt.Byweekday = []rrulego.Weekday{rruleWeekdays[s.weekday].Nth(s.nth)}
	}
	return rrulego.NewRRule(opt)
}

// weekdayCodes are RFC 5545's weekday names, indexed by time.Weekday.
var weekdayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// rruleWeekdays are rrule-go's weekdays, indexed by time.Weekday.
var rruleWeekdays = [7]rrulego.Weekday{rrulego.SU, rrulego.MO, rrulego.TU, rrulego.WE, rrulego.TH, rrulego.FR, rrulego.SA}

// nthWeekday says which weekday of its month t falls on: 1 to 4, or -1 for
// a 5th weekday, which is always also the last.
func nthWeekday(t time.Time) (int, time.Weekday) {
	n := (t.Day()-1)/7 + 1
	if n == 5 {
		n = -1
	}
	return n, t.Weekday()
}

// civilDate is t's calendar date where t is, as midnight UTC, so dates from
// different locations compare by day alone.
func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// endOfDay is the last second of date's calendar day in loc. The day is
// taken from date as it is, not converted to loc: a form's date means that
// day wherever it was parsed.
func endOfDay(date time.Time, loc *time.Location) time.Time {
	y, m, d := date.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc).Add(-time.Second)
}
