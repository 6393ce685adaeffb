package recur

import (
	"errors"
	"testing"
	"time"

	rrulego "github.com/teambition/rrule-go"
)

func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatalf("load Europe/London: %v", err)
	}
	return loc
}

// at is a London wall-clock time.
func at(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

// day is a form's end date: only its year, month and day matter.
func day(loc *time.Location, y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// expandRule makes the RRULE for rule and expands it, as the handler does.
func expandRule(t *testing.T, rule Rule, first time.Time, loc *time.Location) (string, []time.Time, error) {
	t.Helper()
	s, err := rule.RRULE(first, loc)
	if err != nil {
		return "", nil, err
	}
	times, err := Expand(s, first, loc)
	return s, times, err
}

func TestRRuleGo_KeepsWallClockOnlyWhenDTSTARTIsInLoc(t *testing.T) {
	loc := london(t)
	first := at(loc, 2027, 3, 23, 10, 0)
	next := at(loc, 2027, 3, 30, 10, 0) // after the 28 March change
	for _, tc := range []struct {
		name    string
		dtstart time.Time
		want    time.Time
	}{
		{"DTSTART in London keeps 10:00 local", first, next},
		{"DTSTART in UTC keeps 09:00 UTC, so 11:00 local after the change", first.UTC(), next.Add(time.Hour)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := rrulego.NewRRule(rrulego.ROption{Freq: rrulego.WEEKLY, Dtstart: tc.dtstart, Count: 2})
			if err != nil {
				t.Fatal(err)
			}
			got := r.All()
			if len(got) != 2 || !got[1].Equal(tc.want) {
				t.Fatalf("occurrences %v, want second at %v", got, tc.want)
			}
		})
	}
}

func TestExpand_KeepsLocalTimeAcrossClockChanges(t *testing.T) {
	loc := london(t)
	cases := []struct {
		name      string
		first     time.Time
		wantDays  []int
		wantUTCHs []int
	}{
		{"spring forward on 28 March 2027", at(loc, 2027, 3, 16, 10, 0), []int{16, 23, 30, 6}, []int{10, 10, 9, 9}},
		{"fall back on 31 October 2027", at(loc, 2027, 10, 19, 10, 0), []int{19, 26, 2, 9}, []int{9, 9, 10, 10}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// first given in UTC: Expand must still work in loc.
			_, times, err := expandRule(t, Rule{Frequency: Weekly, Count: 4}, tc.first.UTC(), loc)
			if err != nil {
				t.Fatal(err)
			}
			if len(times) != 4 {
				t.Fatalf("got %d sessions, want 4: %v", len(times), times)
			}
			for i, s := range times {
				if s.Location() != loc {
					t.Errorf("session %d in %v, want %v", i, s.Location(), loc)
				}
				if s.Hour() != 10 || s.Minute() != 0 || s.Day() != tc.wantDays[i] {
					t.Errorf("session %d at %v, want day %d at 10:00 London", i, s, tc.wantDays[i])
				}
				if h := s.UTC().Hour(); h != tc.wantUTCHs[i] {
					t.Errorf("session %d at %02d:00 UTC, want %02d:00", i, h, tc.wantUTCHs[i])
				}
			}
		})
	}
}

func TestExpand_FortnightlyUntilIncludesTheUntilDayOnly(t *testing.T) {
	loc := london(t)
	cases := []struct {
		name      string
		first     time.Time
		until     time.Time
		wantRRULE string
		want      []time.Time
	}{
		{
			"session on the until day is included",
			at(loc, 2027, 3, 17, 14, 0), day(loc, 2027, 3, 31),
			"FREQ=WEEKLY;INTERVAL=2;UNTIL=20270331T225959Z",
			[]time.Time{at(loc, 2027, 3, 17, 14, 0), at(loc, 2027, 3, 31, 14, 0)},
		},
		{
			"late evening session on the until day is included",
			at(loc, 2027, 3, 17, 23, 30), day(loc, 2027, 3, 31),
			"FREQ=WEEKLY;INTERVAL=2;UNTIL=20270331T225959Z",
			[]time.Time{at(loc, 2027, 3, 17, 23, 30), at(loc, 2027, 3, 31, 23, 30)},
		},
		{
			"session the day after the until day is excluded",
			at(loc, 2027, 3, 17, 14, 0), day(loc, 2027, 4, 13),
			"FREQ=WEEKLY;INTERVAL=2;UNTIL=20270413T225959Z",
			[]time.Time{at(loc, 2027, 3, 17, 14, 0), at(loc, 2027, 3, 31, 14, 0)},
		},
		{
			"until parsed as a UTC date means that day in London",
			at(loc, 2027, 10, 27, 9, 0), time.Date(2027, 11, 24, 0, 0, 0, 0, time.UTC),
			"FREQ=WEEKLY;INTERVAL=2;UNTIL=20271124T235959Z",
			[]time.Time{at(loc, 2027, 10, 27, 9, 0), at(loc, 2027, 11, 10, 9, 0), at(loc, 2027, 11, 24, 9, 0)},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, times, err := expandRule(t, Rule{Frequency: Fortnightly, Until: tc.until}, tc.first, loc)
			if err != nil {
				t.Fatal(err)
			}
			if s != tc.wantRRULE {
				t.Errorf("RRULE %q, want %q", s, tc.wantRRULE)
			}
			assertTimes(t, times, tc.want)
		})
	}
}

func TestExpand_MonthlyRepeatsTheNthWeekday(t *testing.T) {
	loc := london(t)
	cases := []struct {
		name      string
		first     time.Time
		wantRRULE string
		wantDays  []int // March to August 2027
	}{
		{"second Tuesday", at(loc, 2027, 3, 9, 18, 0), "FREQ=MONTHLY;BYDAY=+2TU;COUNT=6", []int{9, 13, 11, 8, 13, 10}},
		{"fifth Tuesday becomes the last Tuesday", at(loc, 2027, 3, 30, 18, 0), "FREQ=MONTHLY;BYDAY=-1TU;COUNT=6", []int{30, 27, 25, 29, 27, 31}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, times, err := expandRule(t, Rule{Frequency: Monthly, Count: 6}, tc.first, loc)
			if err != nil {
				t.Fatal(err)
			}
			if s != tc.wantRRULE {
				t.Errorf("RRULE %q, want %q", s, tc.wantRRULE)
			}
			want := make([]time.Time, len(tc.wantDays))
			for i, d := range tc.wantDays {
				want[i] = at(loc, 2027, time.March+time.Month(i), d, 18, 0)
			}
			assertTimes(t, times, want)
		})
	}
}

func TestRRULE_MonthlyByday(t *testing.T) {
	loc := london(t)
	cases := []struct {
		name  string
		first time.Time
		want  string
	}{
		{"first Monday", at(loc, 2027, 3, 1, 10, 0), "FREQ=MONTHLY;BYDAY=+1MO;COUNT=3"},
		{"fourth Tuesday in the last 7 days stays fourth", at(loc, 2027, 2, 23, 10, 0), "FREQ=MONTHLY;BYDAY=+4TU;COUNT=3"},
		{"fifth Monday is the last Monday", at(loc, 2027, 3, 29, 10, 0), "FREQ=MONTHLY;BYDAY=-1MO;COUNT=3"},
		{"weekday is taken in London, not UTC", time.Date(2027, 6, 7, 23, 30, 0, 0, time.UTC), "FREQ=MONTHLY;BYDAY=+2TU;COUNT=3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Rule{Frequency: Monthly, Count: 3}.RRULE(tc.first, loc)
			if err != nil || got != tc.want {
				t.Fatalf("RRULE = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestExpand_RefusesTooManyOrNoSessions(t *testing.T) {
	loc := london(t)
	first := at(loc, 2027, 3, 16, 10, 0)
	cases := []struct {
		name  string
		rrule string
		want  error
	}{
		{"201 sessions", "FREQ=WEEKLY;COUNT=201", ErrTooMany},
		{"a million sessions without making them", "FREQ=WEEKLY;COUNT=1000000", ErrTooMany},
		{"weekly until 5 years away", "FREQ=WEEKLY;UNTIL=20320316T235959Z", ErrTooMany},
		{"weekly until the year 9999", "FREQ=WEEKLY;UNTIL=99991231T235959Z", ErrTooMany},
		{"until before the first session", "FREQ=WEEKLY;UNTIL=20270310T235959Z", ErrEmpty},
		{"until earlier on the first day", "FREQ=WEEKLY;UNTIL=20270316T095959Z", ErrEmpty},
		{"neither COUNT nor UNTIL", "FREQ=WEEKLY", ErrTooMany},
		{"neither COUNT nor UNTIL, monthly", "FREQ=MONTHLY;BYDAY=+3TU", ErrTooMany},
		{"neither COUNT nor UNTIL, a shape we do not make", "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", ErrTooMany},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			times, err := Expand(tc.rrule, first, loc)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Expand(%q) = %d sessions, %v; want %v", tc.rrule, len(times), err, tc.want)
			}
		})
	}
}

func TestExpand_MakesExactlyMaxSessions(t *testing.T) {
	loc := london(t)
	first := at(loc, 2027, 3, 16, 10, 0)
	for _, rule := range []string{"FREQ=WEEKLY;COUNT=200", "FREQ=WEEKLY;UNTIL=20310107T235959Z"} {
		t.Run(rule, func(t *testing.T) {
			times, err := Expand(rule, first, loc)
			if err != nil || len(times) != MaxSessions {
				t.Fatalf("Expand = %d sessions, %v; want %d", len(times), err, MaxSessions)
			}
		})
	}
}

func TestExpand_RefusesRulesItDoesNotMake(t *testing.T) {
	loc := london(t)
	first := at(loc, 2027, 3, 16, 10, 0) // the third Tuesday
	cases := []struct {
		name    string
		rrule   string
		parseOK bool // Parse needs no first session, so cannot see the mismatch
	}{
		{"empty", "", false},
		{"daily", "FREQ=DAILY;COUNT=3", false},
		{"every 3 weeks", "FREQ=WEEKLY;INTERVAL=3;COUNT=3", false},
		{"weekly on two days", "FREQ=WEEKLY;BYDAY=MO,TU;COUNT=3", false},
		{"both COUNT and UNTIL", "FREQ=WEEKLY;COUNT=3;UNTIL=20270331T225959Z", false},
		{"COUNT of zero", "FREQ=WEEKLY;COUNT=0", false},
		{"COUNT twice", "FREQ=WEEKLY;COUNT=3;COUNT=4", false},
		{"UNTIL in local time", "FREQ=WEEKLY;UNTIL=20270331T235959", false},
		{"UNTIL as a date", "FREQ=WEEKLY;UNTIL=20270331", false},
		{"WKST", "FREQ=WEEKLY;WKST=SU;COUNT=3", false},
		{"monthly by day of month", "FREQ=MONTHLY;COUNT=3", false},
		{"fifth Tuesday", "FREQ=MONTHLY;BYDAY=+5TU;COUNT=3", false},
		{"unknown weekday", "FREQ=MONTHLY;BYDAY=+3XX;COUNT=3", false},
		{"empty part", "FREQ=WEEKLY;;COUNT=3", false},
		{"monthly on a weekday that is not the first session's", "FREQ=MONTHLY;BYDAY=+2TU;COUNT=3", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if times, err := Expand(tc.rrule, first, loc); err == nil {
				t.Errorf("Expand(%q) = %v, want an error", tc.rrule, times)
			}
			if r, err := Parse(tc.rrule, loc); (err == nil) != tc.parseOK {
				t.Errorf("Parse(%q) = %+v, %v; want ok %v", tc.rrule, r, err, tc.parseOK)
			}
		})
	}
}

func TestRRULE_RefusesRulesThatMakeTooManyOrNone(t *testing.T) {
	loc := london(t)
	first := at(loc, 2027, 3, 16, 10, 0)
	cases := []struct {
		name string
		rule Rule
		want error
	}{
		{"201 sessions", Rule{Frequency: Weekly, Count: 201}, ErrTooMany},
		{"no end", Rule{Frequency: Weekly}, ErrTooMany},
		{"until before first", Rule{Frequency: Weekly, Until: day(loc, 2027, 3, 15)}, ErrEmpty},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if s, err := tc.rule.RRULE(first, loc); !errors.Is(err, tc.want) {
				t.Fatalf("RRULE = %q, %v; want %v", s, err, tc.want)
			}
		})
	}
}

func TestParse_ReadsBackWhatRRULEMakes(t *testing.T) {
	loc := london(t)
	first := at(loc, 2027, 3, 30, 10, 0)
	until := day(loc, 2027, 12, 21) // after the autumn change
	for _, freq := range []Frequency{Weekly, Fortnightly, Monthly} {
		for _, rule := range []Rule{{Frequency: freq, Count: 12}, {Frequency: freq, Until: until}, {Frequency: freq, Until: first}} {
			t.Run(rule.Describe(first, loc), func(t *testing.T) {
				s, err := rule.RRULE(first, loc)
				if err != nil {
					t.Fatal(err)
				}
				got, err := Parse(s, loc)
				if err != nil {
					t.Fatalf("Parse(%q): %v", s, err)
				}
				wantUntil := rule.Until
				if !wantUntil.IsZero() {
					wantUntil = day(loc, wantUntil.Year(), wantUntil.Month(), wantUntil.Day())
				}
				if got.Frequency != rule.Frequency || got.Count != rule.Count || !got.Until.Equal(wantUntil) {
					t.Fatalf("Parse(%q) = %+v, want %+v", s, got, rule)
				}
			})
		}
	}
}

func TestDescribe_SaysTheRuleInPlainEnglish(t *testing.T) {
	loc := london(t)
	secondTue := at(loc, 2027, 3, 9, 10, 0)
	lastFri := at(loc, 2027, 4, 30, 10, 0)
	cases := []struct {
		name  string
		rule  Rule
		first time.Time
		want  string
	}{
		{"weekly with a count", Rule{Frequency: Weekly, Count: 10}, secondTue, "Every week, 10 sessions"},
		{"one session is singular", Rule{Frequency: Weekly, Count: 1}, secondTue, "Every week, 1 session"},
		{"fortnightly until a date", Rule{Frequency: Fortnightly, Until: day(loc, 2027, 3, 31)}, secondTue, "Every 2 weeks until Wednesday 31 March 2027"},
		{"monthly on the second Tuesday", Rule{Frequency: Monthly, Count: 6}, secondTue, "Monthly on the second Tuesday, 6 sessions"},
		{"monthly on the last Friday", Rule{Frequency: Monthly, Until: day(loc, 2027, 12, 31)}, lastFri, "Monthly on the last Friday until Friday 31 December 2027"},
		{"until date is the date as given, not converted to London", Rule{Frequency: Weekly, Until: time.Date(2027, 12, 31, 0, 0, 0, 0, time.FixedZone("UTC+5", 5*3600))}, secondTue, "Every week until Friday 31 December 2027"},
		{"no end yet says only the repeat", Rule{Frequency: Monthly}, lastFri, "Monthly on the last Friday"},
		{"unknown frequency says nothing", Rule{Frequency: "daily", Count: 3}, secondTue, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.rule.Describe(tc.first, loc); got != tc.want {
				t.Fatalf("Describe = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestValidate_SaysWhatToFixInPlainWords(t *testing.T) {
	loc := london(t)
	first := at(loc, 2027, 3, 17, 14, 0) // Wednesday
	cases := []struct {
		name string
		rule Rule
		want map[string]string
	}{
		{"weekly 10 sessions is valid", Rule{Frequency: Weekly, Count: 10}, map[string]string{}},
		{"monthly until a date is valid", Rule{Frequency: Monthly, Until: day(loc, 2027, 12, 31)}, map[string]string{}},
		{"200 sessions is valid", Rule{Frequency: Weekly, Count: 200}, map[string]string{}},
		{"no frequency", Rule{Count: 10}, map[string]string{"frequency": "Choose how often the sessions repeat"}},
		{"one session is not a series", Rule{Frequency: Weekly, Count: 1}, map[string]string{"count": "Enter how many sessions, from 2 to 200"}},
		{"201 sessions", Rule{Frequency: Weekly, Count: 201}, map[string]string{"count": "A series can have at most 200 sessions: enter a number from 2 to 200"}},
		{"negative count", Rule{Frequency: Weekly, Count: -3}, map[string]string{"count": "Enter how many sessions, from 2 to 200"}},
		{"no end", Rule{Frequency: Weekly}, map[string]string{"count": "Enter how many sessions, or an end date"}},
		{"both ends", Rule{Frequency: Weekly, Count: 3, Until: day(loc, 2027, 5, 1)}, map[string]string{"until": "Enter either how many sessions or an end date, not both"}},
		{"until before first", Rule{Frequency: Weekly, Until: day(loc, 2027, 3, 1)}, map[string]string{"until": "Enter an end date after the first session"}},
		{"until on the first day", Rule{Frequency: Weekly, Until: day(loc, 2027, 3, 17)}, map[string]string{"until": "Enter an end date after the first session"}},
		{"until before the second session", Rule{Frequency: Fortnightly, Until: day(loc, 2027, 3, 27)}, map[string]string{"until": "Enter an end date on or after Wednesday 31 March 2027, the day of the second session"}},
		{"until 5 years away", Rule{Frequency: Weekly, Until: day(loc, 2032, 3, 17)}, map[string]string{"until": "Enter an earlier end date: a series can have at most 200 sessions"}},
		{"no frequency and no end", Rule{}, map[string]string{"frequency": "Choose how often the sessions repeat", "count": "Enter how many sessions, or an end date"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.rule.Validate(first, loc)
			if len(got) != len(tc.want) {
				t.Fatalf("Validate = %v, want %v", got, tc.want)
			}
			for field, msg := range tc.want {
				if got[field] != msg {
					t.Errorf("Validate[%q] = %q, want %q", field, got[field], msg)
				}
			}
		})
	}
}

func assertTimes(t *testing.T, got, want []time.Time) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d sessions %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		if !got[i].Equal(want[i]) || got[i].Location() != want[i].Location() {
			t.Errorf("session %d at %v, want %v", i, got[i], want[i])
		}
	}
}
