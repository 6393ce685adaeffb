package ical

import (
	"io"
	"unicode/utf8"
)

// maxLineOctets is the longest content line RFC 5545 (section 3.1) allows,
// not counting the CRLF.
const maxLineOctets = 75

// fold is what RFC 5545 puts between the parts of a long line: a line break
// and one space, which a reader removes to get the line back.
var fold = []byte("\r\n ")

// foldWriter folds the content lines written through it at 75 octets, because
// go-ical's encoder writes each line whole however long it is, and some clients
// reject or cut long lines. It folds only before the first byte of a UTF-8
// character, so no character is ever split across two lines (a split character
// shows as garbage in clients that decode each line on its own), and never
// between a backslash and the character it escapes ("\,"): RFC 5545 allows
// it, but a client that unescapes each line before unfolding would not. It
// keeps its place between writes, so a line may arrive in pieces.
type foldWriter struct {
	w   io.Writer
	col int // octets on the current physical line, the leading space of a fold included
	// escaping: the last byte was a backslash that escapes the next one.
	escaping bool
}

// Write copies p to the underlying writer with folds added where a line would
// pass 75 octets. It reports how many bytes of p it wrote before any error.
func (f *foldWriter) Write(p []byte) (int, error) {
	start := 0
	for i, b := range p {
		if b == '\r' {
			continue // the line break is not part of the 75 octets
		}
		if b == '\n' {
			f.col, f.escaping = 0, false
			continue
		}
		if f.escaping { // stays with its backslash, which left room for it
			f.escaping = false
			f.col++
			continue
		}
		need := charLen(b)
		if b == '\\' {
			need, f.escaping = 2, true
		}
		if f.col+need > maxLineOctets {
			if _, err := f.w.Write(p[start:i]); err != nil {
				return start, err
			}
			if _, err := f.w.Write(fold); err != nil {
				return i, err
			}
			start = i
			f.col = len(fold) - len("\r\n")
		}
		f.col++
	}
	if _, err := f.w.Write(p[start:]); err != nil {
		return start, err
	}
	return len(p), nil
}

// charLen is how many octets the character starting with b takes, so a fold
// can leave room for all of it. A byte that cannot start a character (a
// continuation byte, or invalid UTF-8) counts as one: it is either already
// provided for by its first byte or stands alone.
func charLen(b byte) int {
	switch {
	case b < utf8.RuneSelf:
		return 1
	case b&0xE0 == 0xC0:
		return 2
	case b&0xF0 == 0xE0:
		return 3
	case b&0xF8 == 0xF0:
		return 4
	default:
		return 1
	}
}
