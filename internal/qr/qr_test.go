package qr_test

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"hubbook/internal/qr"
)

const link = "https://hubbook.example.org/check-in/7KQ2MX4P.AbCdEfGhIjKlMnOpQrStUv"

// The SVG is well-formed XML, named by its title for screen readers, and
// draws exactly the dark modules of the code, quiet zone included.
func TestSVG_IsWellFormedTitledAndDrawsTheCode(t *testing.T) {
	c, err := qr.New(link)
	if err != nil {
		t.Fatal(err)
	}
	svg := string(c.SVG(`Check-in code for "HB-7KQ2MX4P" <yours>`, 200))
	var doc struct {
		XMLName xml.Name
		Role    string `xml:"role,attr"`
		Label   string `xml:"aria-label,attr"`
		ViewBox string `xml:"viewBox,attr"`
		Title   string `xml:"title"`
		Path    struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	want := `Check-in code for "HB-7KQ2MX4P" <yours>`
	if doc.XMLName.Local != "svg" || doc.Role != "img" || doc.Title != want || doc.Label != want {
		t.Errorf("svg %q role %q title %q label %q", doc.XMLName.Local, doc.Role, doc.Title, doc.Label)
	}
	n := c.Size()
	if doc.ViewBox != "0 0 "+strconv.Itoa(n)+" "+strconv.Itoa(n) {
		t.Errorf("viewBox %q for %d modules", doc.ViewBox, n)
	}
	// Paint the path's runs back onto a grid and compare with the code.
	grid := make([][]bool, n)
	for i := range grid {
		grid[i] = make([]bool, n)
	}
	run := regexp.MustCompile(`^M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
	for d := doc.Path.D; d != ""; {
		m := run.FindStringSubmatch(d)
		if m == nil || m[3] != m[4] {
			t.Fatalf("unexpected path data at %q", d[:min(len(d), 30)])
		}
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		for i := x; i < x+w; i++ {
			if grid[y][i] {
				t.Fatalf("module %d,%d drawn twice", i, y)
			}
			grid[y][i] = true
		}
		d = d[len(m[0]):]
	}
	q, _ := qrcode.New(link, qrcode.Medium)
	bits := q.Bitmap()
	if len(bits) != n {
		t.Fatalf("%d modules, the library says %d", n, len(bits))
	}
	for y := range n {
		for x := range n {
			if grid[y][x] != bits[y][x] || c.Dark(x, y) != bits[y][x] {
				t.Fatalf("module %d,%d: drawn %v, code %v", x, y, grid[y][x], bits[y][x])
			}
		}
	}
	// The quiet zone is light all round.
	for i := range n {
		if bits[0][i] || bits[n-1][i] || bits[i][0] || bits[i][n-1] {
			t.Fatal("no quiet zone")
		}
	}
}

// The PNG is a picture of the same modules, module pixels each.
func TestPNG_HasTheSameModules(t *testing.T) {
	c, err := qr.New(link)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.PNG(5)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	n := c.Size()
	if w := img.Bounds().Dx(); w != 5*n || img.Bounds().Dy() != 5*n {
		t.Fatalf("image %v for %d modules of 5 px", img.Bounds(), n)
	}
	for y := range n {
		for x := range n {
			r, _, _, _ := img.At(5*x+2, 5*y+2).RGBA()
			if dark := r < 0x8000; dark != c.Dark(x, y) {
				t.Fatalf("module %d,%d: pixel dark %v, code %v", x, y, dark, c.Dark(x, y))
			}
		}
	}
}

// Text too long for any QR code is an error, not a panic.
func TestNew_RefusesTextTooLong(t *testing.T) {
	if _, err := qr.New(strings.Repeat("x", 8000)); err == nil {
		t.Error("no error for 8000 bytes")
	}
}
