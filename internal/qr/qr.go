// Package qr draws QR codes of hubbook's links: as inline SVG for pages
// (sharp at any size, printable, no extra request) and as PNG for emails
// (mail programs show a PNG embedded in the message, not an SVG). The
// encoding itself is github.com/skip2/go-qrcode's.
package qr

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// Code is a QR code: its modules, quiet zone included, dark where true.
type Code struct {
	// Text is what the code says (a URL).
	Text string
	q    *qrcode.QRCode
	bits [][]bool
}

// New encodes text with medium error correction (15% of the code may be
// lost, a smudge or a crease in a printout).
func New(text string) (Code, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return Code{}, fmt.Errorf("encode %q as a QR code: %w", text, err)
	}
	return Code{Text: text, q: q, bits: q.Bitmap()}, nil
}

// Size is how many modules wide (and high) the code is, quiet zone
// included.
func (c Code) Size() int { return len(c.bits) }

// Dark reports whether the module at column x, row y is dark.
func (c Code) Dark(x, y int) bool { return c.bits[y][x] }

// SVG is the code as an inline SVG image px pixels square (it scales with
// its box in CSS), named for screen readers by title: an img role with
// the title as its accessible name. Dark modules are drawn as one path of
// horizontal runs, on a white square that keeps the quiet zone light on a
// dark page.
func (c Code) SVG(title string, px int) template.HTML {
	n := c.Size()
	var b strings.Builder
	t := html.EscapeString(title)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="hb-qr" role="img" aria-label="%s" width="%d" height="%d" viewBox="0 0 %d %d" shape-rendering="crispEdges">`,
		t, px, px, n, n)
	fmt.Fprintf(&b, `<title>%s</title><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, t, n, n)
	for y, row := range c.bits {
		for x := 0; x < n; {
			if !row[x] {
				x++
				continue
			}
			run := 1
			for x+run < n && row[x+run] {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()) // built here from numbers and the escaped title
}

// PNG is the code as a PNG image, module pixels to a module (the quiet
// zone included), black on white.
func (c Code) PNG(module int) ([]byte, error) {
	return c.q.PNG(-max(module, 1))
}
