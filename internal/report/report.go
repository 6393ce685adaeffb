// Package report turns the evaluation's counts into what people read: rates
// and shares, tables (shown on the dashboard and downloaded as CSV) and
// bar charts drawn as accessible SVG on the server. It is pure Go: the
// counts come from internal/store, and nothing here reads the database.
package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Rate is a share: Num out of Den. A rate of nothing (Den 0) has no value,
// and reads as a dash rather than as 0%.
type Rate struct{ Num, Den int }

// Value returns the rate as a fraction, and false when Den is 0.
func (r Rate) Value() (float64, bool) {
	if r.Den == 0 {
		return 0, false
	}
	return float64(r.Num) / float64(r.Den), true
}

// Percent returns the rate in percent rounded to one decimal place, and
// false when it has no value.
func (r Rate) Percent() (float64, bool) {
	v, ok := r.Value()
	return round1(v * 100), ok
}

// round1 rounds to one decimal place, halves away from zero.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// Cell is one cell of a table: text as people read it on the page and, for
// a number, the number a spreadsheet gets.
type Cell struct {
	// Text is what the page shows ("1,234", "54.2%", "Health").
	Text string
	// Number is the cell's value for CSV when IsNumber: a count, a percent
	// (54.2 for 54.2%) or a score; a number with no value (a rate of
	// nothing) has IsNumber and Missing, and is empty in CSV.
	Number   float64
	IsNumber bool
	Missing  bool
}

// noValue is what the page shows for a rate of nothing.
const noValue = "–"

// Text is a cell of words: a name, a title, a comment.
func Text(s string) Cell { return Cell{Text: s} }

// Count is a cell of a whole number, shown with thousands separators.
func Count(n int) Cell { return Cell{Text: Thousands(n), Number: float64(n), IsNumber: true} }

// Percent is a cell of a rate in percent, one decimal place ("54.2%").
func Percent(r Rate) Cell {
	p, ok := r.Percent()
	if !ok {
		return Cell{Text: noValue, IsNumber: true, Missing: true}
	}
	return Cell{Text: strconv.FormatFloat(p, 'f', 1, 64) + "%", Number: p, IsNumber: true}
}

// Average is a cell of total/n to one decimal place ("3.8"), or no value
// when n is 0.
func Average(total, n int) Cell {
	if n == 0 {
		return Cell{Text: noValue, IsNumber: true, Missing: true}
	}
	v := round1(float64(total) / float64(n))
	return Cell{Text: strconv.FormatFloat(v, 'f', 1, 64), Number: v, IsNumber: true}
}

// Points is a cell of the change from rate a (before) to rate b (after) in
// percentage points, signed ("+33.3", "-5.0"), or no value when either has
// none.
func Points(before, after Rate) Cell {
	b, okB := before.Value()
	a, okA := after.Value()
	if !okA || !okB {
		return Cell{Text: noValue, IsNumber: true, Missing: true}
	}
	v := round1((a - b) * 100)
	if v == 0 {
		v = 0 // no "-0.0"
	}
	text := strconv.FormatFloat(v, 'f', 1, 64)
	if v > 0 {
		text = "+" + text
	}
	return Cell{Text: text, Number: v, IsNumber: true}
}

// Thousands writes n with commas between thousands: 30000 is "30,000".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Table is one table of the dashboard, shown on the page and downloaded
// as Name.csv.
type Table struct {
	// Name is the table's file name without .csv: "themes".
	Name string
	// Caption says what the table is, for the page and screen readers.
	Caption string
	Columns []string
	// Rows are the rows; each row's first cell heads it.
	Rows [][]Cell
}

// FileName is the table's download name for a period: the service's
// figures are dated so that downloads of different periods keep apart.
func (t Table) FileName(from, to string) string {
	return fmt.Sprintf("evaluation-%s-%s-to-%s.csv", t.Name, from, to)
}
