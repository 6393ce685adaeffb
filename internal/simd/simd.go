// Package simd reads the Scottish Government's SIMD postcode lookup: the
// CSV that gives each Scottish postcode its data zone and where that data
// zone ranks in the Scottish Index of Multiple Deprivation (rank,
// vigintile, decile, quintile). The real file is a public download of
// about 230,000 rows and dozens of columns; Reader streams it a row at a
// time, finds the columns it needs by loosely matched header names, and
// refuses a wrong or partial file with the line and the reason.
package simd

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Row is one postcode of the lookup. Line is the line of the file it came
// from, for messages about it.
type Row struct {
	Postcode  string
	DataZone  string
	Rank      int
	Vigintile int
	Decile    int
	Quintile  int
	Line      int
}

// FormatError says why a file is not a SIMD postcode lookup, and on which
// line (0 when it is about the file as a whole).
type FormatError struct {
	Line   int
	Reason string
}

func (e *FormatError) Error() string {
	if e.Line == 0 {
		return e.Reason
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
}

// Reader reads a lookup's rows one at a time, so that memory stays the
// same whatever the file's length.
type Reader struct {
	csv  *csv.Reader
	cols [fieldCount]int
	// width is how many fields a row needs to reach every column used.
	width int
	rows  int
}

// Magic numbers of the files people give instead of a CSV, and the byte
// order mark of Excel's "CSV UTF-8".
var (
	zipMagic = []byte("PK\x03\x04")                       // .xlsx (and .ods): a zip
	oleMagic = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") // .xls: an OLE compound file
	utf16LE  = []byte("\xff\xfe")                         // Excel's "Unicode text"
	utf16BE  = []byte("\xfe\xff")
	utf8BOM  = []byte("\xef\xbb\xbf")
)

// The refusals of a file that is not a CSV at all.
const (
	notCSV     = "this is an Excel workbook, not a CSV file: open it in a spreadsheet, save the postcode lookup sheet as CSV (comma delimited), and import that"
	notUTF16   = "the file is UTF-16 text: save the postcode lookup sheet as CSV (comma delimited or CSV UTF-8) instead"
	emptyInput = "the file is empty: it should start with a header line naming the columns (Postcode, DZ, SIMD2020v2_Rank, ...)"
	notCommas  = "the columns are separated by %s, not commas: save the postcode lookup sheet as CSV (comma delimited)"
)

// NewReader reads the header line of r (the first, or one of the first
// few below a title) and finds the columns of the postcode, data zone,
// rank, vigintile, decile and quintile. It refuses an Excel workbook, an
// empty file and a header without those columns. A UTF-8 byte order mark
// and CRLF line endings are fine.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	start, err := br.Peek(8)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read the file: %w", err)
	}
	switch {
	case len(start) == 0:
		return nil, &FormatError{Reason: emptyInput}
	case bytes.HasPrefix(start, zipMagic), bytes.HasPrefix(start, oleMagic):
		return nil, &FormatError{Reason: notCSV}
	case bytes.HasPrefix(start, utf16LE), bytes.HasPrefix(start, utf16BE):
		return nil, &FormatError{Reason: notUTF16}
	case bytes.HasPrefix(start, utf8BOM):
		br.Discard(len(utf8BOM))
	}
	c := csv.NewReader(br)
	c.FieldsPerRecord = -1 // rows are checked for the columns used, with a plain message
	c.ReuseRecord = true
	cols, err := findHeader(c)
	if err != nil {
		return nil, err
	}
	rd := &Reader{csv: c, cols: cols}
	for _, col := range cols {
		rd.width = max(rd.width, col+1)
	}
	return rd, nil
}

// headerLines is how far down the file the header may be: a spreadsheet
// saved as CSV may keep a title line or two above it.
const headerLines = 10

// findHeader reads lines until one names every column needed, and returns
// those columns. When none of the first headerLines does, the refusal is
// about line 1, which should have been the header.
func findHeader(c *csv.Reader) ([fieldCount]int, error) {
	var first error
	for range headerLines {
		header, err := c.Read()
		if errors.Is(err, io.EOF) && first == nil {
			return [fieldCount]int{}, &FormatError{Reason: emptyInput}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return [fieldCount]int{}, csvError(err)
		}
		line, _ := c.FieldPos(0)
		if len(header) == 1 {
			for sep, name := range map[string]string{";": "semicolons", "\t": "tabs", "|": "bars"} {
				if strings.Count(header[0], sep) >= 3 {
					return [fieldCount]int{}, &FormatError{Line: line, Reason: fmt.Sprintf(notCommas, name)}
				}
			}
		}
		cols, err := columns(header, line)
		if err == nil {
			return cols, nil
		}
		if first == nil {
			first = err
		}
	}
	return [fieldCount]int{}, first
}

// Read returns the next postcode, io.EOF after the last, or a
// *FormatError for a row that is not right. Rows with every field blank
// (spreadsheets leave them at the end) are skipped. A file with a header
// and no postcodes is refused when it ends.
func (rd *Reader) Read() (Row, error) {
	for {
		rec, err := rd.csv.Read()
		if errors.Is(err, io.EOF) {
			if rd.rows == 0 {
				return Row{}, &FormatError{Reason: "the file has a header and no postcodes under it"}
			}
			return Row{}, io.EOF
		}
		if err != nil {
			return Row{}, csvError(err)
		}
		line, _ := rd.csv.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) < rd.width {
			return Row{}, &FormatError{Line: line, Reason: fmt.Sprintf("%d fields, too few to reach the %s in column %d",
				len(rec), names[rd.lastField()], rd.width)}
		}
		row, reason := rd.parse(rec)
		if reason != "" {
			return Row{}, &FormatError{Line: line, Reason: reason}
		}
		row.Line = line
		rd.rows++
		return row, nil
	}
}

// Rows is how many postcodes Read has returned.
func (rd *Reader) Rows() int { return rd.rows }

// lastField is the field in the rightmost column used.
func (rd *Reader) lastField() field {
	var last field
	for f, col := range rd.cols {
		if col+1 == rd.width {
			last = field(f)
		}
	}
	return last
}

// dataZonePattern is a data zone code: 2011 zones run from S01006506 to
// S01013481, and the 2022 zones have codes of the same shape. (S02 codes
// are intermediate zones, which a lookup also carries.)
var dataZonePattern = regexp.MustCompile(`^S01[0-9]{6}$`)

// parse checks one row's fields, returning a reason when one is wrong.
func (rd *Reader) parse(rec []string) (Row, string) {
	get := func(f field) string { return strings.TrimSpace(rec[rd.cols[f]]) }
	var row Row
	raw := get(fieldPostcode)
	if raw == "" {
		return row, "no postcode"
	}
	var ok bool
	if row.Postcode, ok = NormalisePostcode(raw); !ok {
		return row, fmt.Sprintf("postcode %q is not a postcode", raw)
	}
	row.DataZone = strings.ToUpper(get(fieldDataZone))
	if !dataZonePattern.MatchString(row.DataZone) {
		return row, fmt.Sprintf("data zone %q is not a data zone code like S01006506", get(fieldDataZone))
	}
	var reason string
	if row.Rank, reason = number(get(fieldRank), "SIMD rank", 1, 0); reason != "" {
		return row, reason
	}
	if row.Vigintile, reason = number(get(fieldVigintile), "vigintile", 1, 20); reason != "" {
		return row, reason
	}
	if row.Decile, reason = number(get(fieldDecile), "decile", 1, 10); reason != "" {
		return row, reason
	}
	if row.Quintile, reason = number(get(fieldQuintile), "quintile", 1, 5); reason != "" {
		return row, reason
	}
	// Columns swapped or shifted show up as figures that disagree.
	if want := (row.Vigintile + 1) / 2; row.Decile != want {
		return row, fmt.Sprintf("decile %d does not go with vigintile %d (which is in decile %d)", row.Decile, row.Vigintile, want)
	}
	if want := (row.Decile + 1) / 2; row.Quintile != want {
		return row, fmt.Sprintf("quintile %d does not go with decile %d (which is in quintile %d)", row.Quintile, row.Decile, want)
	}
	return row, ""
}

// number parses s as a whole number from low to high (no upper limit when
// high is 0), or says why it is not one.
func number(s, what string, low, high int) (int, string) {
	n, err := strconv.Atoi(s)
	switch {
	case s == "":
		return 0, "no " + what
	case high == 0 && (err != nil || n < low):
		return 0, fmt.Sprintf("%s %q is not a whole number of %d or more", what, s, low)
	case high != 0 && (err != nil || n < low || n > high):
		return 0, fmt.Sprintf("%s %q is not %d to %d", what, s, low, high)
	}
	return n, ""
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// csvError turns the CSV reader's errors ("record on line 3: wrong number
// of fields", a stray quote) into a FormatError on their line.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FormatError{Line: pe.Line, Reason: "not valid CSV: " + pe.Err.Error()}
	}
	return fmt.Errorf("read the file: %w", err)
}

// postcodePattern is a full UK postcode, spaced as Royal Mail spaces it.
var postcodePattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$`)

// NormalisePostcode writes a postcode the way bookings and the lookup keep
// it: upper case, with one space before the last three characters
// ("eh11ab" and "EH1  1AB" are "EH1 1AB"). It reports false for anything
// that is not then a full postcode.
func NormalisePostcode(s string) (string, bool) {
	p := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(p) < 5 {
		return s, false
	}
	p = p[:len(p)-3] + " " + p[len(p)-3:]
	return p, postcodePattern.MatchString(p)
}
