package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WriteCSV writes t as CSV (RFC 4180, CRLF line ends): a header row of the
// columns, then the rows. Numbers are written as plain numbers (54.2 for
// 54.2%, no thousands separators), a number with no value as an empty
// cell, and text through SafeText, so that a spreadsheet never runs what
// someone typed as a formula. It starts with a UTF-8 byte order mark,
// which Excel needs to read accents and other non-ASCII letters.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = SafeText(c)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	record := make([]string, 0, len(t.Columns))
	for _, row := range t.Rows {
		record = record[:0]
		for _, c := range row {
			record = append(record, csvCell(c))
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvCell(c Cell) string {
	switch {
	case c.IsNumber && c.Missing:
		return ""
	case c.IsNumber:
		return strconv.FormatFloat(c.Number, 'f', -1, 64)
	}
	return SafeText(c.Text)
}

// SafeText is text for a spreadsheet cell: text that starts with a
// character a spreadsheet reads as the start of a formula (=, +, -, @, or
// a tab or carriage return, or the full-width forms of the four, which
// some spreadsheets read alike) gets a leading single quote, which
// spreadsheets show as text, as OWASP advises against CSV injection.
func SafeText(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); s != "" && strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

// formulaStarts are the characters that make a cell a formula when first.
const formulaStarts = "=+-@\t\r＝＋－＠"
