package ical

import (
	"bytes"
	"strings"
	"testing"
)

func TestFoldWriter(t *testing.T) {
	a75 := strings.Repeat("a", 75)
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"75 octets stay on one line", a75 + "\r\n", a75 + "\r\n"},
		{"76 octets fold after 75", a75 + "b\r\n", a75 + "\r\n b\r\n"},
		{"a continuation line holds 74 octets after its space", a75 + strings.Repeat("b", 75) + "\r\n", a75 + "\r\n " + strings.Repeat("b", 74) + "\r\n b\r\n"},
		{"a two-byte character that would cross 75 moves whole", strings.Repeat("a", 74) + "é\r\n", strings.Repeat("a", 74) + "\r\n é\r\n"},
		{"a four-byte character that would cross 75 moves whole", strings.Repeat("a", 72) + "🎉\r\n", strings.Repeat("a", 72) + "\r\n 🎉\r\n"},
		{"a four-byte character that ends at 75 stays", strings.Repeat("a", 71) + "🎉\r\n", strings.Repeat("a", 71) + "🎉\r\n"},
		{"an escape that would cross 75 moves whole", strings.Repeat("a", 74) + `\,b` + "\r\n", strings.Repeat("a", 74) + "\r\n " + `\,b` + "\r\n"},
		{"an escaped backslash moves whole", strings.Repeat("a", 73) + `\\\\` + "\r\n", strings.Repeat("a", 73) + `\\` + "\r\n " + `\\` + "\r\n"},
		{"an escape that ends at 75 stays", strings.Repeat("a", 73) + `\;` + "\r\n", strings.Repeat("a", 73) + `\;` + "\r\n"},
		{"each line counts from its start", "short\r\n" + a75 + "\r\n", "short\r\n" + a75 + "\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var whole bytes.Buffer
			if _, err := (&foldWriter{w: &whole}).Write([]byte(tc.in)); err != nil {
				t.Fatal(err)
			}
			if got := whole.String(); got != tc.want {
				t.Errorf("one write:\n got %q\nwant %q", got, tc.want)
			}

			var pieces bytes.Buffer
			fw := &foldWriter{w: &pieces}
			for i := range len(tc.in) {
				if n, err := fw.Write([]byte{tc.in[i]}); n != 1 || err != nil {
					t.Fatalf("byte %d: wrote %d, %v", i, n, err)
				}
			}
			if got := pieces.String(); got != tc.want {
				t.Errorf("byte by byte:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
