package ical

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London even where the system has no zoneinfo
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatalf("load Europe/London: %v", err)
	}
	return loc
}

// utc is a whole-second UTC time: iCalendar keeps no fractions of a second.
func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// event is a valid event with every field set; cases change what they test.
func event(uid string) Event {
	return Event{
		UID:          uid,
		Sequence:     2,
		Stamp:        utc(2027, 6, 1, 8, 30),
		LastModified: utc(2027, 5, 30, 17, 5),
		Start:        utc(2027, 7, 6, 9, 0),
		End:          utc(2027, 7, 6, 10, 30),
		Summary:      "Money advice drop-in",
		Description:  "Bring a recent letter about your benefits.",
		Location:     "Civic Hub, Central Library",
		URL:          "https://hubbook.example/sessions/42",
		Categories:   []string{"Income maximisation", "Adults"},
	}
}

func encode(t *testing.T, c Calendar) string {
	t.Helper()
	b, err := Encode(c)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return string(b)
}

func decode(t *testing.T, s string) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(strings.NewReader(s)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, s)
	}
	return cal
}

// unfold undoes RFC 5545 folding: a CRLF followed by one space is removed.
func unfold(s string) string {
	return strings.ReplaceAll(s, "\r\n ", "")
}

// fromComponent reads a decoded VEVENT back into an Event, failing on any
// value go-ical cannot parse.
func fromComponent(t *testing.T, comp *goical.Component) Event {
	t.Helper()
	p := comp.Props
	text := func(name string) string {
		s, err := p.Text(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	when := func(name string) time.Time {
		tm, err := p.DateTime(name, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return tm
	}
	var e Event
	e.UID = text(goical.PropUID)
	if prop := p.Get(goical.PropSequence); prop != nil {
		n, err := prop.Int()
		if err != nil {
			t.Fatalf("SEQUENCE: %v", err)
		}
		e.Sequence = n
	}
	e.Stamp = when(goical.PropDateTimeStamp)
	e.LastModified = when(goical.PropLastModified)
	e.Start = when(goical.PropDateTimeStart)
	e.End = when(goical.PropDateTimeEnd)
	e.Summary = text(goical.PropSummary)
	e.Description = text(goical.PropDescription)
	e.Location = text(goical.PropLocation)
	if prop := p.Get(goical.PropURL); prop != nil {
		e.URL = prop.Value
	}
	if prop := p.Get(goical.PropCategories); prop != nil {
		cats, err := prop.TextList()
		if err != nil {
			t.Fatalf("CATEGORIES: %v", err)
		}
		e.Categories = cats
	}
	ev := goical.Event{Component: comp}
	s, err := ev.Status()
	if err != nil {
		t.Fatalf("STATUS: %v", err)
	}
	switch s {
	case goical.EventCancelled:
		e.Status = Cancelled
	case goical.EventTentative:
		e.Status = Tentative
	}
	return e
}

// inUTC is e with its times in UTC, the form they come back in.
func inUTC(e Event) Event {
	for _, tm := range []*time.Time{&e.Stamp, &e.LastModified, &e.Start, &e.End} {
		if !tm.IsZero() {
			*tm = tm.UTC()
		}
	}
	return e
}

func TestEncode_RoundTripsEveryField(t *testing.T) {
	loc := london(t)
	long := event("long")
	long.Summary = strings.Repeat("é", 100) + " 🎉"
	long.Description = strings.Repeat("Café ☕ 🎉, ", 20)

	punct := event("punct")
	punct.Summary = `Café ☕ 🎉, tea; biscuits \ more`
	punct.Description = "Line one\nLine two, with; punctuation \\n not a newline\n\nCafé ☕ 🎉"
	punct.Location = "Room 1, Central Library; floor 2"
	punct.Categories = []string{"Health, wellbeing", "Family;fun", `back\slash`}

	bare := Event{UID: "bare", Stamp: utc(2027, 6, 1, 8, 30), Start: utc(2027, 7, 6, 9, 0), End: utc(2027, 7, 6, 10, 0)}

	cancelled := event("cancelled")
	cancelled.Status = Cancelled
	cancelled.Sequence = 3

	inLondon := event("london")
	inLondon.Start = time.Date(2027, 7, 6, 10, 0, 0, 0, loc)
	inLondon.End = time.Date(2027, 7, 6, 11, 30, 0, 0, loc)
	inLondon.Stamp = time.Date(2027, 1, 12, 9, 0, 0, 0, loc)

	for _, tc := range []struct {
		name string
		cal  Calendar
	}{
		{"every field set", Calendar{Name: "Programme", Events: []Event{event("plain@hubbook")}}},
		{"commas, semicolons, backslashes, emoji and newlines", Calendar{Name: "Café ☕, hub; feed", Events: []Event{punct}}},
		{"long multi-byte text folded over many lines", Calendar{Name: "Long", Events: []Event{long}}},
		{"optional fields omitted", Calendar{Name: "Bare", Events: []Event{bare}}},
		{"cancelled", Calendar{Name: "Cancelled", Events: []Event{cancelled}}},
		{"times in Europe/London come back as the same instants", Calendar{Name: "London", Events: []Event{inLondon}}},
		{"several events keep the order given", Calendar{Name: "Order", Events: []Event{event("c"), punct, event("a"), bare}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal := decode(t, encode(t, tc.cal))
			for _, name := range []string{goical.PropName, "X-WR-CALNAME"} {
				if got, err := cal.Props.Text(name); err != nil || got != tc.cal.Name {
					t.Errorf("%s = %q (%v), want %q", name, got, err, tc.cal.Name)
				}
			}
			if len(cal.Children) != len(tc.cal.Events) {
				t.Fatalf("decoded %d components, want %d", len(cal.Children), len(tc.cal.Events))
			}
			for i, want := range tc.cal.Events {
				got := fromComponent(t, cal.Children[i])
				if want := inUTC(want); !reflect.DeepEqual(got, want) {
					t.Errorf("event %d:\n got %#v\nwant %#v", i, got, want)
				}
			}
		})
	}
}

func TestEncode_EscapesTextValues(t *testing.T) {
	e := event("escape")
	e.Summary = `Café ☕ 🎉, tea; biscuits \ more`
	e.Description = "one\ntwo"
	out := unfold(encode(t, Calendar{Name: "Escape", Events: []Event{e}}))
	for _, want := range []string{
		"\r\nSUMMARY:Café ☕ 🎉\\, tea\\; biscuits \\\\ more\r\n",
		"\r\nDESCRIPTION:one\\ntwo\r\n",
		"\r\nCATEGORIES:Income maximisation,Adults\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestEncode_TextFromABrowserWithCRLFAndControlCharacters(t *testing.T) {
	e := event("crlf")
	e.Description = "one\r\ntwo\rthree\x00four\x7f\tfive"
	e.Summary = "bad \xff byte"
	cal := decode(t, encode(t, Calendar{Name: "Form", Events: []Event{e}}))
	got := fromComponent(t, cal.Children[0])
	if want := "one\ntwo\nthreefour\tfive"; got.Description != want {
		t.Errorf("description %q, want %q", got.Description, want)
	}
	if want := "bad \uFFFD byte"; got.Summary != want {
		t.Errorf("summary %q, want %q", got.Summary, want)
	}
}

func TestEncode_LinesEndWithCRLFAndFoldAt75OctetsWithoutSplittingCharacters(t *testing.T) {
	for _, tc := range []struct {
		name    string
		summary string
	}{
		{"ASCII", strings.Repeat("abcdefghij", 20)},
		{"two-byte é", strings.Repeat("é", 100)},
		{"three-byte ☕ after one ASCII byte", "a" + strings.Repeat("☕", 60)},
		{"three-byte ☕ after two ASCII bytes", "ab" + strings.Repeat("☕", 60)},
		{"four-byte 🎉 after three ASCII bytes", "abc" + strings.Repeat("🎉", 50)},
		{"mixed", strings.Repeat("é🎉☕x", 40)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := event("fold")
			e.Summary = tc.summary
			out := encode(t, Calendar{Name: tc.summary, Events: []Event{e}})

			if !strings.HasSuffix(out, "\r\n") {
				t.Fatalf("output does not end with CRLF")
			}
			lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
			for i, line := range lines {
				if strings.ContainsAny(line, "\r\n") {
					t.Errorf("line %d has a bare CR or LF: %q", i, line)
				}
				if len(line) > maxLineOctets {
					t.Errorf("line %d is %d octets: %q", i, len(line), line)
				}
				if !utf8.ValidString(line) {
					t.Errorf("line %d splits a character: %q", i, line)
				}
			}
			if !strings.Contains(out, "\r\n ") {
				t.Fatalf("nothing was folded; the case tests nothing")
			}
			unfolded := unfold(out)
			if !utf8.ValidString(unfolded) {
				t.Errorf("unfolded output is not valid UTF-8")
			}
			for _, want := range []string{"\r\nSUMMARY:" + tc.summary + "\r\n", "\r\nX-WR-CALNAME:" + tc.summary + "\r\n"} {
				if !strings.Contains(unfolded, want) {
					t.Errorf("unfolded output lacks %q", want)
				}
			}
		})
	}
}

func TestEncode_WritesTimesInUTC(t *testing.T) {
	loc := london(t)
	for _, tc := range []struct {
		name  string
		start time.Time
		want  string
	}{
		{"London summer time (BST) is an hour ahead", time.Date(2027, 7, 6, 10, 0, 0, 0, loc), "DTSTART:20270706T090000Z"},
		{"London winter time (GMT) is UTC", time.Date(2027, 1, 12, 10, 0, 0, 0, loc), "DTSTART:20270112T100000Z"},
		{"a fixed zone named UTC is not time.UTC", time.Date(2027, 7, 6, 10, 0, 0, 0, time.FixedZone("UTC", 0)), "DTSTART:20270706T100000Z"},
		{"UTC stays as it is", utc(2027, 7, 6, 10, 0), "DTSTART:20270706T100000Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := event("utc")
			e.Start, e.End = tc.start, tc.start.Add(time.Hour)
			e.Stamp = tc.start.Add(-time.Hour)
			e.LastModified = tc.start.Add(-2 * time.Hour)
			out := encode(t, Calendar{Name: "Times", Events: []Event{e}})
			if !strings.Contains(out, "\r\n"+tc.want+"\r\n") {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			if strings.Contains(out, "TZID") {
				t.Errorf("output has a TZID:\n%s", out)
			}
			for _, name := range []string{"DTSTAMP", "LAST-MODIFIED", "DTSTART", "DTEND"} {
				i := strings.Index(out, "\r\n"+name+":")
				if i < 0 {
					t.Fatalf("no %s line", name)
				}
				line, _, _ := strings.Cut(out[i+2:], "\r\n")
				if !strings.HasSuffix(line, "Z") {
					t.Errorf("%s not in UTC: %q", name, line)
				}
			}
		})
	}
}

func TestEncode_Status(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  Status
		want    string
		notWant []string
	}{
		{"cancelled", Cancelled, "STATUS:CANCELLED", []string{"STATUS:CONFIRMED", "STATUS:TENTATIVE"}},
		{"tentative", Tentative, "STATUS:TENTATIVE", []string{"STATUS:CONFIRMED", "STATUS:CANCELLED"}},
		{"going ahead", Confirmed, "STATUS:CONFIRMED", []string{"STATUS:CANCELLED", "STATUS:TENTATIVE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := event("status")
			e.Status = tc.status
			out := encode(t, Calendar{Name: "Status", Events: []Event{e}})
			if !strings.Contains(out, "\r\n"+tc.want+"\r\n") {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			for _, not := range tc.notWant {
				if strings.Contains(out, not) {
					t.Errorf("output has %q:\n%s", not, out)
				}
			}
			if got := fromComponent(t, decode(t, out).Events()[0].Component).Status; got != tc.status {
				t.Errorf("decoded status %v, want %v", got, tc.status)
			}
		})
	}
}

func TestEncode_CalendarProperties(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events []Event
	}{
		{"with events", []Event{event("one")}},
		{"with no events, which go-ical alone refuses", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := encode(t, Calendar{Name: "Central Library, programme", Events: tc.events})
			if !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(out, "\r\nEND:VCALENDAR\r\n") {
				t.Errorf("not one VCALENDAR:\n%s", out)
			}
			for _, want := range []string{
				"VERSION:2.0",
				"PRODID:-//hubbook//hubbook//EN",
				"METHOD:PUBLISH",
				"CALSCALE:GREGORIAN",
				`NAME:Central Library\, programme`,
				`X-WR-CALNAME:Central Library\, programme`,
			} {
				if !strings.Contains(out, "\r\n"+want+"\r\n") {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			cal := decode(t, out)
			if got := len(cal.Events()); got != len(tc.events) {
				t.Errorf("decoded %d events, want %d", got, len(tc.events))
			}
		})
	}
}

func TestEncode_RefusesEventsClientsWouldMisread(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Event)
	}{
		{"no UID", func(e *Event) { e.UID = "" }},
		{"no DTSTAMP", func(e *Event) { e.Stamp = time.Time{} }},
		{"no start", func(e *Event) { e.Start = time.Time{} }},
		{"no end", func(e *Event) { e.End = time.Time{} }},
		{"end before start", func(e *Event) { e.End = e.Start.Add(-time.Minute) }},
		{"end at start", func(e *Event) { e.End = e.Start }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := event("bad")
			tc.change(&e)
			if b, err := Encode(Calendar{Name: "Bad", Events: []Event{event("good"), e}}); err == nil {
				t.Errorf("Encode succeeded:\n%s", b)
			}
		})
	}
}

func TestEncode_IsDeterministic(t *testing.T) {
	c := Calendar{Name: "Same", Events: []Event{event("a"), event("b")}}
	first := encode(t, c)
	for range 20 {
		if got := encode(t, c); !bytes.Equal([]byte(got), []byte(first)) {
			t.Fatalf("encodings differ:\n%s\n---\n%s", first, got)
		}
	}
}
