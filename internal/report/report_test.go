package report_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/report"
)

func TestCells_RatesRoundToOneDecimalAndNothingIsADash(t *testing.T) {
	for _, tc := range []struct {
		name string
		cell report.Cell
		text string
		num  float64
	}{
		{"fill rate", report.Percent(report.Rate{Num: 13, Den: 24}), "54.2%", 54.2},
		{"no-show rate", report.Percent(report.Rate{Num: 1, Den: 7}), "14.3%", 14.3},
		{"all", report.Percent(report.Rate{Num: 5, Den: 5}), "100.0%", 100},
		{"nothing offered", report.Percent(report.Rate{Num: 3, Den: 0}), "–", 0},
		{"average", report.Average(19, 5), "3.8", 3.8},
		{"no answers", report.Average(0, 0), "–", 0},
		{"up", report.Points(report.Rate{Num: 1, Den: 3}, report.Rate{Num: 8, Den: 12}), "+33.3", 33.3},
		{"down", report.Points(report.Rate{Num: 8, Den: 12}, report.Rate{Num: 1, Den: 3}), "-33.3", -33.3},
		{"same", report.Points(report.Rate{Num: 1, Den: 2}, report.Rate{Num: 2, Den: 4}), "0.0", 0},
		{"no baseline", report.Points(report.Rate{}, report.Rate{Num: 1, Den: 2}), "–", 0},
		{"count", report.Count(30000), "30,000", 30000},
		{"small count", report.Count(999), "999", 999},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.cell.Text != tc.text || tc.cell.Number != tc.num || !tc.cell.IsNumber {
				t.Errorf("%+v, want %q (%v)", tc.cell, tc.text, tc.num)
			}
		})
	}
}

func TestSafeText_PrefixesWhatASpreadsheetWouldRun(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x")`: `'=HYPERLINK("http://x")`,
		"+1 great":               "'+1 great",
		"-2+3":                   "'-2+3",
		"@SUM(A1)":               "'@SUM(A1)",
		"\t=1":                   "'\t=1",
		"\r=1":                   "'\r=1",
		"＝1+1":                   "'＝1+1",
		"Great = useful":         "Great = useful",
		"":                       "",
		"Health walk":            "Health walk",
	} {
		if got := report.SafeText(in); got != want {
			t.Errorf("SafeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteCSV_EscapesTextButKeepsNumbersAsNumbers(t *testing.T) {
	tab := report.Table{Name: "feedback", Columns: []string{"Session", "Score", "Change", "Rate", "Comment"}, Rows: [][]report.Cell{
		{report.Text(`=HYPERLINK("http://x")`), report.Count(1234), report.Points(report.Rate{Num: 2, Den: 3}, report.Rate{Num: 1, Den: 3}),
			report.Percent(report.Rate{}), report.Text("+1 great, really")},
	}}
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeffSession,") || !strings.Contains(out, "\r\n") {
		t.Errorf("no byte order mark or CRLF: %q", out)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`'=HYPERLINK("http://x")`, "1234", "-33.3", "", "'+1 great, really"}
	if len(records) != 2 || !slices.Equal(records[1], want) {
		t.Errorf("records %q, want the row %q", records, want)
	}
}

func TestBarChart_IsAnAccessibleImageWithEscapedText(t *testing.T) {
	c := report.BarChart{ID: "chart-x", Title: `People <who> came`, Desc: "A & B", Categories: []string{"Jan", "Feb"},
		Years: []string{"2025", ""}, Series: []report.Series{{Name: "Booked", Values: []float64{3, 7}}, {Name: "Offered", Values: []float64{10, 8}}}}
	svg := string(c.SVG())
	for _, want := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg"`, `role="img"`, `aria-labelledby="chart-x-title chart-x-desc"`,
		`<title id="chart-x-title">People &lt;who&gt; came</title>`, `<desc id="chart-x-desc">A &amp; B</desc>`,
		`<title>Jan 2025, Booked: 3</title>`, `<title>Feb, Offered: 8</title>`, `url(#chart-x-hatch)`, ">Booked</text>", ">2025</text>",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if strings.Count(svg, "<rect x=") != 2+4 { // two legend keys, four bars
		t.Errorf("%d rects", strings.Count(svg, "<rect x="))
	}
}

func TestMonths_EveryCalendarMonthOfThePeriod(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/London")
	got := report.Months(time.Date(2025, 11, 15, 0, 0, 0, 0, loc), time.Date(2026, 3, 1, 0, 0, 0, 0, loc), loc)
	if want := []string{"2025-11", "2025-12", "2026-01", "2026-02"}; !slices.Equal(got, want) {
		t.Errorf("months %q, want %q", got, want)
	}
	if report.MonthName("2026-02") != "February 2026" {
		t.Error(report.MonthName("2026-02"))
	}
}

// The store's hand-counted fixture (see internal/store/evaluation_test.go)
// gives these rates.
func TestBuild_RatesAndTablesOfTheHandCountedFixture(t *testing.T) {
	e := model.Evaluation{
		Total: model.Figures{Sessions: 4, CalledOff: 1, PlacesOffered: 24, Bookings: 8, PlacesBooked: 13, Attended: 14,
			WalkIns: 6, Marked: 7, NoShows: 1, Unmarked: 1, People: 4, Repeat: 1, Known: 12, Quintile1: 8, Answers: 5, ScoreTotal: 19},
		Baseline: model.Figures{Sessions: 1, Attended: 4, Known: 3, Quintile1: 1},
		Breakdowns: map[model.Dimension][]model.Breakdown{
			model.ByPartner: {{Key: "", Name: "", Figures: model.Figures{Sessions: 1, Attended: 3}}},
			model.ByMonth:   {{Key: "2025-02", Name: "2025-02", Figures: model.Figures{Sessions: 2, Attended: 6, PlacesBooked: 4, PlacesOffered: 8}}},
		},
		Deciles:         [11]int{2, 4, 4, 0, 0, 1, 0, 0, 0, 0, 3},
		BaselineDeciles: [11]int{1, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0},
		Scores:          [6]int{0, 0, 1, 1, 1, 2},
	}
	d := report.Build(e, report.Options{Months: []string{"2025-01", "2025-02"}})
	for name, got := range map[string]report.Cell{"fill rate": d.FillRate(), "no-show rate": d.NoShowRate(),
		"repeat share": d.RepeatShare(), "reach": d.ReachShare(), "baseline reach": d.BaselineReachShare(),
		"change": d.ReachChange(), "average": d.AverageScore()} {
		want := map[string]string{"fill rate": "54.2%", "no-show rate": "14.3%", "repeat share": "25.0%", "reach": "66.7%",
			"baseline reach": "33.3%", "change": "+33.3", "average": "3.8"}[name]
		if got.Text != want {
			t.Errorf("%s: %q, want %q", name, got.Text, want)
		}
	}
	var names []string
	for _, tab := range d.Tables {
		names = append(names, tab.Name)
	}
	if want := []string{"summary", "themes", "venues", "partners", "audiences", "months", "deciles", "scores", "feedback"}; !slices.Equal(names, want) {
		t.Errorf("tables %q, want %q", names, want)
	}
	partners, _ := d.Table("partners")
	if partners.Rows[0][0].Text != report.LibraryName {
		t.Errorf("the library's own sessions are called %q", partners.Rows[0][0].Text)
	}
	months, _ := d.Table("months")
	if len(months.Rows) != 2 || months.Rows[0][0].Text != "January 2025" || months.Rows[0][1].Number != 0 || months.Rows[1][7].Text != "6" {
		t.Errorf("months table %+v", months.Rows)
	}
	// Deciles: 1 (most deprived) 4 of 14 = 28.6%, baseline 1 of 4 = 25.0%.
	deciles, _ := d.Table("deciles")
	if r := deciles.Rows[0]; r[1].Text != "4" || r[2].Text != "28.6%" || r[4].Text != "25.0%" || r[5].Text != "+3.6" {
		t.Errorf("decile 1 row %+v", r)
	}
	if r := deciles.Rows[10]; r[0].Text != "Unknown postcode" || r[2].Text != "14.3%" {
		t.Errorf("unknown row %+v", r)
	}
	if _, ok := report.Build(e, report.Options{Partner: true}).Table("partners"); ok {
		t.Error("a partner's dashboard has a table of partners")
	}
	if !strings.Contains(d.DecilesChart.Desc, "66.7%") || len(d.MonthsChart.Categories) != 2 {
		t.Errorf("charts %+v", d.DecilesChart)
	}
}
