// Package ical encodes calendar events as iCalendar (RFC 5545, with the
// calendar name from RFC 7986) for the feeds people subscribe to. It is pure:
// rows in, bytes out, so the store decides what goes in a feed and web decides
// how it is served.
package ical

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"
)

// ProductID names us in PRODID, so a client's bug report or a calendar file
// found in the wild can be traced back to hubbook.
const ProductID = "-//hubbook//hubbook//EN"

// Format is the version of the encoding. A feed's ETag is read from the
// data, not from the bytes, so any change to what this package writes for
// the same data must raise Format, or clients holding an old copy would be
// told it is current. TestFormat_RaisedWhenTheBytesChange checks.
const Format = 1

// Calendar is a VCALENDAR with a name (NAME and X-WR-CALNAME). The name is
// written twice because NAME is the standard (RFC 7986) but Google Calendar,
// Apple Calendar and Outlook still read only X-WR-CALNAME when they title a
// subscribed feed.
type Calendar struct {
	Name   string
	Events []Event
	// Refresh is how often a subscribed client should fetch the calendar
	// again (REFRESH-INTERVAL, and X-PUBLISHED-TTL for Outlook and Apple);
	// zero, for a one-off download, says nothing.
	Refresh time.Duration
}

// Encode writes c as an iCalendar file ready to serve as text/calendar: CRLF
// line ends, lines folded at 75 octets without splitting a character, times
// in UTC, events in the order given. It is METHOD:PUBLISH because a feed
// announces events; it does not invite anyone or ask for replies.
//
// A calendar with no events still encodes, because an empty feed (a space with
// nothing booked) is normal and a subscribing client must not see an error.
// Strictly, RFC 5545 wants at least one component; the clients we serve
// accept none.
//
// It returns an error for an event that would make a broken file: no UID, no
// DTSTAMP, no start, or an end not after the start.
func Encode(c Calendar) ([]byte, error) {
	cal := goical.NewCalendar()
	setText(cal.Props, goical.PropVersion, "2.0")
	setText(cal.Props, goical.PropProductID, ProductID)
	setText(cal.Props, goical.PropMethod, "PUBLISH")
	setText(cal.Props, goical.PropCalendarScale, "GREGORIAN")
	setText(cal.Props, goical.PropName, c.Name)
	setText(cal.Props, "X-WR-CALNAME", c.Name)
	if c.Refresh > 0 {
		// RFC 7986 requires the VALUE parameter here, although DURATION is
		// the property's only type (go-ical would leave it out).
		every := duration(c.Refresh)
		cal.Props.Set(&goical.Prop{Name: goical.PropRefreshInterval, Params: goical.Params{goical.ParamValue: {string(goical.ValueDuration)}}, Value: every})
		setText(cal.Props, "X-PUBLISHED-TTL", every)
	}
	for i, e := range c.Events {
		comp, err := e.component()
		if err != nil {
			return nil, fmt.Errorf("encode calendar %q: event %d (%s): %w", c.Name, i, e.UID, err)
		}
		cal.Children = append(cal.Children, comp)
	}

	var buf bytes.Buffer
	w := &foldWriter{w: &buf}
	if len(cal.Children) == 0 {
		writeEmpty(w, cal.Component)
		return buf.Bytes(), nil
	}
	if err := goical.NewEncoder(w).Encode(cal); err != nil {
		return nil, fmt.Errorf("encode calendar %q: %w", c.Name, err)
	}
	return buf.Bytes(), nil
}

// writeEmpty writes a calendar that has properties but no components, which
// go-ical's encoder refuses ("calendar is empty"). It writes the properties
// the same way the encoder does (sorted by name) so an empty feed looks like a
// full one without its events. The only parameter Encode sets on a
// calendar is REFRESH-INTERVAL's VALUE=DURATION, which needs no quoting.
func writeEmpty(w *foldWriter, comp *goical.Component) {
	fmt.Fprintf(w, "BEGIN:%s\r\n", comp.Name)
	for _, name := range slices.Sorted(maps.Keys(comp.Props)) {
		for _, p := range comp.Props[name] {
			fmt.Fprint(w, p.Name)
			for _, param := range slices.Sorted(maps.Keys(p.Params)) {
				fmt.Fprintf(w, ";%s=%s", param, strings.Join(p.Params[param], ","))
			}
			fmt.Fprintf(w, ":%s\r\n", p.Value)
		}
	}
	fmt.Fprintf(w, "END:%s\r\n", comp.Name)
}

// duration writes d (rounded down to the second) as an RFC 5545 duration the
// way people read it: PT1H, PT1H30M, PT45S, rather than go-ical's PT3600S.
func duration(d time.Duration) string {
	d = d.Truncate(time.Second)
	out := "PT"
	if h := d / time.Hour; h > 0 {
		out += fmt.Sprintf("%dH", h)
	}
	if m := d % time.Hour / time.Minute; m > 0 {
		out += fmt.Sprintf("%dM", m)
	}
	if s := d % time.Minute / time.Second; s > 0 || out == "PT" {
		out += fmt.Sprintf("%dS", s)
	}
	return out
}
