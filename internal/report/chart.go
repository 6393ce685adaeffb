package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// BarChart is a bar chart of one or more series over categories (months,
// deciles), drawn as SVG on the server so that it needs no JavaScript. It
// is an image with a title and a description for screen readers; the page
// puts the table of its figures beside it, and each bar also carries its
// value as a tooltip. A second series is hatched as well as coloured, so
// colour is never the only way to tell the series apart.
type BarChart struct {
	// ID is unique on the page: the ids of the title, description and
	// hatching are made from it.
	ID string
	// Title names the chart; Desc says in words what it shows.
	Title, Desc string
	// Categories label the groups of bars; Years, when set, is a second,
	// smaller line under each label ("" for none).
	Categories []string
	Years      []string
	Series     []Series
	// Percent marks values that are percentages: the axis reads 0% to 100%.
	Percent bool
}

// Series is one set of bars, one value per category.
type Series struct {
	Name   string
	Values []float64
}

// The chart's geometry, in SVG user units (CSS pixels at full size).
const (
	chartLeft    = 52
	chartRight   = 12
	chartTop     = 16
	chartLegend  = 28
	chartPlot    = 200
	chartBottom  = 44
	chartMinWide = 320
	// chartNatural is the width a chart is drawn at, before it is scaled
	// to its container.
	chartNatural = 720
)

// seriesFills are the fills of the series, in order: the design system's
// blue, and a dark grey hatching.
var seriesFills = []string{"#0065bd", "url(#%s-hatch)"}

// SVG draws the chart: an <svg role="img"> labelled by its <title> and
// <desc>, scaled to the width of its container.
func (c BarChart) SVG() template.HTML {
	n := max(len(c.Categories), 1)
	bars := max(len(c.Series), 1)
	// Groups share the chart's natural width, so that text keeps about the
	// same size whatever the number of bars; many bars make it wider.
	groupW := max(bars*14+12, (chartNatural-chartLeft-chartRight)/n)
	barW := min((groupW-12)/bars, 40)
	if bars == 1 {
		barW = min(groupW*2/3, 48)
	}
	pad := (groupW - bars*barW) / 2
	top := chartTop
	if len(c.Series) > 1 {
		top += chartLegend
	}
	width := max(chartLeft+n*groupW+chartRight, chartMinWide)
	height := top + chartPlot + chartBottom
	peak, step := c.scale()

	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="hb-chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc" font-size="12">`,
		width, height, esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	fmt.Fprintf(&b, `<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="#333333"/></pattern></defs>`, esc(c.ID))
	fill := func(i int) string {
		if i == 0 {
			return seriesFills[0]
		}
		return fmt.Sprintf(seriesFills[1], esc(c.ID))
	}
	// Legend, when there is more than one series.
	if len(c.Series) > 1 {
		x := chartLeft
		for i, s := range c.Series {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="14" height="14" fill="%s" stroke="#333333"/>`, x, chartTop-4, fill(i))
			fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#333333">%s</text>`, x+20, chartTop+8, esc(s.Name))
			x += 40 + 7*len(s.Name)
		}
	}
	// Axis lines and labels.
	plotBottom := top + chartPlot
	for v := 0.0; v <= peak+step/2; v += step {
		y := plotBottom - int(math.Round(v/peak*chartPlot))
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#d0d0d0"/>`, chartLeft, width-chartRight, y, y)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="#333333">%s</text>`, chartLeft-6, y+4, c.axisLabel(v))
	}
	// Bars, with their values as tooltips, and the category labels.
	for i, cat := range c.Categories {
		x0 := chartLeft + i*groupW + pad
		for j, s := range c.Series {
			v := 0.0
			if i < len(s.Values) {
				v = s.Values[i]
			}
			h := int(math.Round(v / peak * chartPlot))
			tip := cat
			if i < len(c.Years) && c.Years[i] != "" {
				tip += " " + c.Years[i]
			}
			if s.Name != "" {
				tip += ", " + s.Name
			}
			tip += ": " + c.valueText(v)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#333333" stroke-width="0.5"><title>%s</title></rect>`,
				x0+j*barW, plotBottom-h, barW, h, fill(j), esc(tip))
		}
		mid := x0 + bars*barW/2
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#333333">%s</text>`, mid, plotBottom+16, esc(cat))
		if i < len(c.Years) && c.Years[i] != "" {
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#333333" font-size="10">%s</text>`, mid, plotBottom+30, esc(c.Years[i]))
		}
	}
	fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#333333"/>`, chartLeft, width-chartRight, plotBottom, plotBottom)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every piece of text above is escaped
}

// scale returns the top of the value axis and the step between its lines:
// four or five steps of 1, 2 or 5 times a power of ten, at least 1.
func (c BarChart) scale() (peak, step float64) {
	top := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			top = max(top, v)
		}
	}
	if c.Percent && top > 50 {
		return 100, 25
	}
	if top <= 0 {
		return 4, 1
	}
	raw := top / 4
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * pow
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*pow >= raw {
			step = m * pow
			break
		}
	}
	step = math.Max(step, 1)
	if step != math.Trunc(step) { // whole numbers on the axis
		step = math.Ceil(step)
	}
	return step * math.Ceil(top/step), step
}

func (c BarChart) axisLabel(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if c.Percent {
		return s + "%"
	}
	return Thousands(int(v))
}

func (c BarChart) valueText(v float64) string {
	if c.Percent {
		return strconv.FormatFloat(round1(v), 'f', 1, 64) + "%"
	}
	return Thousands(int(math.Round(v)))
}
