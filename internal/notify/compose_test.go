package notify

import (
	"testing"
	"time"
)

func TestSoon_SaysTodayTomorrowOrTheDayAcrossTheClockChange(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, london)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct{ start, now, want string }{
		{"2027-03-16 10:00", "2027-03-16 08:00", "today"},
		{"2027-03-17 00:30", "2027-03-16 22:30", "tomorrow"},
		{"2027-03-29 10:00", "2027-03-28 10:00", "tomorrow"}, // the day after the clocks go forward: 23 hours
		{"2027-10-31 10:00", "2027-10-30 23:30", "tomorrow"}, // the clocks go back: a 25-hour day
		{"2027-03-18 10:00", "2027-03-16 10:00", "on Thursday 18 March"},
	} {
		if got := soon(at(c.start), at(c.now), london); got != c.want {
			t.Errorf("start %s, now %s: %q, want %q", c.start, c.now, got, c.want)
		}
	}
	if got := when(at("2027-03-16 10:00"), at("2027-03-16 11:30"), at("2027-01-01 09:00"), london); got != "Tuesday 16 March, 10:00 to 11:30" {
		t.Errorf("when = %q", got)
	}
	if got := when(at("2028-01-04 10:00"), at("2028-01-04 11:00"), at("2027-12-20 09:00"), london); got != "Tuesday 4 January 2028, 10:00 to 11:00" {
		t.Errorf("when next year = %q", got)
	}
}
