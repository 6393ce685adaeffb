package ical

import (
	"errors"
	"strconv"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"
)

// Event is one VEVENT. Its UID and Sequence are what let a subscribed client
// update the event it already shows instead of adding a second one, so the
// caller keeps UID stable for the life of the session or booking and raises
// Sequence whenever the event changes in a way people should notice.
type Event struct {
	UID          string    // stable, reveals nothing personal
	Sequence     int       // SEQUENCE: raise it when the time, place or status changes
	Stamp        time.Time // DTSTAMP: when this copy was made
	LastModified time.Time // LAST-MODIFIED; zero: omitted
	Start, End   time.Time // DTSTART and DTEND, written in UTC whatever their location
	Summary      string    // zero: omitted
	Description  string    // plain text, may contain newlines; zero: omitted
	Location     string    // zero: omitted
	URL          string    // zero: omitted
	Categories   []string  // empty: omitted
	Status       Status
}

// Status is an event's STATUS: whether it is going ahead.
type Status int

// The statuses an event can have. The zero value is Confirmed.
const (
	Confirmed Status = iota // going ahead
	Tentative               // not yet decided (a partner's proposal)
	Cancelled               // called off: clients strike it through or remove it
)

// component turns e into a VEVENT, refusing what clients would reject or
// misread.
func (e Event) component() (*goical.Component, error) {
	switch {
	case e.UID == "":
		return nil, errors.New("no UID")
	case e.Stamp.IsZero():
		return nil, errors.New("no DTSTAMP")
	case e.Start.IsZero():
		return nil, errors.New("no start")
	case !e.End.After(e.Start):
		return nil, errors.New("end not after start")
	}

	ev := goical.NewEvent()
	p := ev.Props
	setText(p, goical.PropUID, e.UID)
	p.Set(&goical.Prop{Name: goical.PropSequence, Params: goical.Params{}, Value: strconv.Itoa(e.Sequence)})
	setUTC(p, goical.PropDateTimeStamp, e.Stamp)
	if !e.LastModified.IsZero() {
		setUTC(p, goical.PropLastModified, e.LastModified)
	}
	setUTC(p, goical.PropDateTimeStart, e.Start)
	setUTC(p, goical.PropDateTimeEnd, e.End)
	for name, value := range map[string]string{
		goical.PropSummary:     e.Summary,
		goical.PropDescription: e.Description,
		goical.PropLocation:    e.Location,
	} {
		if value != "" {
			setText(p, name, value)
		}
	}
	if e.URL != "" {
		p.Set(&goical.Prop{Name: goical.PropURL, Params: goical.Params{}, Value: e.URL})
	}
	if len(e.Categories) > 0 {
		cats := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			cats[i] = cleanText(c)
		}
		prop := goical.NewProp(goical.PropCategories)
		prop.SetTextList(cats)
		p.Set(prop)
	}
	switch e.Status {
	case Cancelled:
		ev.SetStatus(goical.EventCancelled)
	case Tentative:
		ev.SetStatus(goical.EventTentative)
	default:
		ev.SetStatus(goical.EventConfirmed)
	}
	return ev.Component, nil
}

// setUTC writes t as a UTC date-time ("20270706T090000Z"). go-ical would write
// any other location as a local time with a TZID, and a TZID with no VTIMEZONE
// to define it makes some clients drop the event or guess the zone.
func setUTC(p goical.Props, name string, t time.Time) {
	p.SetDateTime(name, t.UTC())
}

// setText sets a TEXT property, escaped by go-ical, after cleanText. It drops
// the VALUE=TEXT parameter go-ical adds to properties it has no default type
// for (X-WR-CALNAME), since TEXT is the default for unknown properties anyway
// and the bare form is what clients expect.
func setText(p goical.Props, name, value string) {
	prop := goical.NewProp(name)
	prop.SetText(cleanText(value))
	prop.Params.Del(goical.ParamValue)
	p.Set(prop)
}

// cleanText makes s safe as an iCalendar TEXT value. Text typed into a browser
// arrives with CRLF line ends, and go-ical escapes LF but refuses a CR, so
// every line end becomes LF. Other control characters are not allowed in TEXT
// (RFC 5545 section 3.3.11) and are dropped, and invalid UTF-8 is replaced,
// so one odd character cannot break a whole feed.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7F {
			return -1
		}
		return r
	}, s)
}
