package report

import (
	"strconv"
	"time"

	"hubbook/internal/model"
)

// Options say how the dashboard is built from the figures.
type Options struct {
	// Months are the calendar months of the period, as "2026-03", so that
	// months with no sessions still show (as zero).
	Months []string
	// Partner is a partner's view of its own sessions: no table of
	// partners.
	Partner bool
	// Location is where comment dates are read (Europe/London).
	Location *time.Location
}

// Dashboard is the evaluation as tables and charts.
type Dashboard struct {
	// Total and Baseline are the counts the headline figures come from.
	Total, Baseline model.Figures
	// Tables are every table, in the page's order; Table finds one by name.
	Tables []Table
	// MonthsChart is the people who came each month, PlacesChart the places
	// booked against the places offered each month, DecilesChart the
	// spread of attendances over SIMD deciles against the baseline.
	MonthsChart, PlacesChart, DecilesChart BarChart
}

// Table returns the table called name ("themes"), and false when there is
// none.
func (d Dashboard) Table(name string) (Table, bool) {
	for _, t := range d.Tables {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}

// FillRate is the places booked out of the places offered.
func (d Dashboard) FillRate() Cell { return Percent(fillRate(d.Total)) }

// NoShowRate is the marked bookings that did not come.
func (d Dashboard) NoShowRate() Cell { return Percent(noShowRate(d.Total)) }

// RepeatShare is the unique people who came to two or more sessions.
func (d Dashboard) RepeatShare() Cell { return Percent(Rate{d.Total.Repeat, d.Total.People}) }

// ReachShare is the attendances from SIMD quintile 1 out of those with a
// known decile.
func (d Dashboard) ReachShare() Cell { return Percent(reach(d.Total)) }

// BaselineReachShare is the quintile 1 share of the baseline period.
func (d Dashboard) BaselineReachShare() Cell { return Percent(reach(d.Baseline)) }

// ReachChange is the change in the quintile 1 share from the baseline, in
// percentage points.
func (d Dashboard) ReachChange() Cell { return Points(reach(d.Baseline), reach(d.Total)) }

// AverageScore is the average feedback score, to one decimal place.
func (d Dashboard) AverageScore() Cell { return Average(d.Total.ScoreTotal, d.Total.Answers) }

func fillRate(f model.Figures) Rate   { return Rate{f.PlacesBooked, f.PlacesOffered} }
func noShowRate(f model.Figures) Rate { return Rate{f.NoShows, f.Marked} }
func reach(f model.Figures) Rate      { return Rate{f.Quintile1, f.Known} }

// LibraryName is what the sessions the library runs itself (no partner)
// are called in the breakdown by partner.
const LibraryName = "Library staff"

// breakdownColumns are the columns of every breakdown after its first.
var breakdownColumns = []string{"Sessions held", "Called off", "Places offered", "Bookings", "Places booked",
	"Fill rate (%)", "People who came", "Walk-ins", "No-show rate (%)", "Not yet marked", "Unique people",
	"Repeat visitors", "From SIMD quintile 1 (%)", "Feedback answers", "Average score (1 to 5)"}

// breakdownRow is a breakdown's figures in the order of breakdownColumns.
func breakdownRow(name string, f model.Figures) []Cell {
	return []Cell{Text(name), Count(f.Sessions), Count(f.CalledOff), Count(f.PlacesOffered), Count(f.Bookings),
		Count(f.PlacesBooked), Percent(fillRate(f)), Count(f.Attended), Count(f.WalkIns), Percent(noShowRate(f)),
		Count(f.Unmarked), Count(f.People), Count(f.Repeat), Percent(reach(f)), Count(f.Answers),
		Average(f.ScoreTotal, f.Answers)}
}

// Build makes the dashboard's tables and charts from e.
func Build(e model.Evaluation, o Options) Dashboard {
	d := Dashboard{Total: e.Total, Baseline: e.Baseline}
	d.Tables = append(d.Tables, summaryTable(e))
	for _, b := range []struct {
		dim           model.Dimension
		name, caption string
		first         string
	}{
		{model.ByTheme, "themes", "By topic", "Topic"},
		{model.ByVenue, "venues", "By venue", "Venue"},
		{model.ByPartner, "partners", "By partner", "Partner"},
		{model.ByAudience, "audiences", "By audience", "Audience"},
	} {
		if b.dim == model.ByPartner && o.Partner {
			continue
		}
		t := Table{Name: b.name, Caption: b.caption, Columns: append([]string{b.first}, breakdownColumns...)}
		for _, r := range e.Breakdowns[b.dim] {
			name := r.Name
			if b.dim == model.ByPartner && r.Key == "" {
				name = LibraryName
			}
			t.Rows = append(t.Rows, breakdownRow(name, r.Figures))
		}
		d.Tables = append(d.Tables, t)
	}
	months := monthsTable(e, o.Months)
	d.Tables = append(d.Tables, months, decilesTable(e), scoresTable(e), commentsTable(e, o.Location))
	d.MonthsChart, d.PlacesChart = monthCharts(e, o.Months)
	d.DecilesChart = decilesChart(e)
	return d
}

func summaryTable(e model.Evaluation) Table {
	f, base := e.Total, e.Baseline
	row := func(name string, c Cell) []Cell { return []Cell{Text(name), c} }
	return Table{Name: "summary", Caption: "The period at a glance", Columns: []string{"Figure", "Value"}, Rows: [][]Cell{
		row("Sessions held", Count(f.Sessions)),
		row("Sessions called off", Count(f.CalledOff)),
		row("Places offered", Count(f.PlacesOffered)),
		row("Bookings", Count(f.Bookings)),
		row("Places booked", Count(f.PlacesBooked)),
		row("Fill rate (%)", Percent(fillRate(f))),
		row("People who came", Count(f.Attended)),
		row("Walk-ins", Count(f.WalkIns)),
		row("Bookings marked", Count(f.Marked)),
		row("No-shows", Count(f.NoShows)),
		row("No-show rate (%)", Percent(noShowRate(f))),
		row("Bookings not yet marked", Count(f.Unmarked)),
		row("Unique people", Count(f.People)),
		row("Repeat visitors (came to 2 or more sessions)", Count(f.Repeat)),
		row("Repeat visitors, share of unique people (%)", Percent(Rate{f.Repeat, f.People})),
		row("Attendances with a known SIMD decile", Count(f.Known)),
		row("Attendances from SIMD quintile 1", Count(f.Quintile1)),
		row("From SIMD quintile 1, this period (%)", Percent(reach(f))),
		row("From SIMD quintile 1, baseline (%)", Percent(reach(base))),
		row("Change from the baseline (percentage points)", Points(reach(base), reach(f))),
		row("Feedback answers", Count(f.Answers)),
		row("Average score (1 to 5)", Average(f.ScoreTotal, f.Answers)),
	}}
}

// monthsTable has a row for every month of the period, in order, with
// zeros for months with no sessions.
func monthsTable(e model.Evaluation, months []string) Table {
	t := Table{Name: "months", Caption: "By month", Columns: append([]string{"Month"}, breakdownColumns...)}
	for _, m := range monthRows(e, months) {
		t.Rows = append(t.Rows, breakdownRow(MonthName(m.Key), m.Figures))
	}
	return t
}

// monthRows are the breakdown by month over every month of the period.
func monthRows(e model.Evaluation, months []string) []model.Breakdown {
	byKey := map[string]model.Figures{}
	for _, b := range e.Breakdowns[model.ByMonth] {
		byKey[b.Key] = b.Figures
	}
	var rows []model.Breakdown
	seen := map[string]bool{}
	for _, m := range months {
		rows = append(rows, model.Breakdown{Key: m, Name: m, Figures: byKey[m]})
		seen[m] = true
	}
	for _, b := range e.Breakdowns[model.ByMonth] {
		if !seen[b.Key] {
			rows = append(rows, b)
		}
	}
	return rows
}

// MonthName is a month key ("2026-03") as people say it: "March 2026".
func MonthName(key string) string {
	t, err := time.Parse("2006-01", key)
	if err != nil {
		return key
	}
	return t.Format("January 2006")
}

// Months returns the keys of the calendar months, in loc, from the one
// holding from to the one holding the last moment before to.
func Months(from, to time.Time, loc *time.Location) []string {
	if !from.Before(to) {
		return nil
	}
	f, l := from.In(loc), to.Add(-time.Nanosecond).In(loc)
	var keys []string
	for m := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, loc); !m.After(l); m = m.AddDate(0, 1, 0) {
		keys = append(keys, m.Format("2006-01"))
	}
	return keys
}

// decileName names a row of the spread: 0 is unknown.
func decileName(i int) string {
	switch i {
	case 0:
		return "Unknown postcode"
	case 1:
		return "1 (most deprived)"
	case 10:
		return "10 (least deprived)"
	}
	return strconv.Itoa(i)
}

// decileOrder is the spread's order: deciles 1 to 10, then unknown.
var decileOrder = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0}

func decilesTable(e model.Evaluation) Table {
	total, baseTotal := sum(e.Deciles[:]), sum(e.BaselineDeciles[:])
	t := Table{Name: "deciles", Caption: "Attendances by SIMD decile, this period and the baseline",
		Columns: []string{"SIMD decile", "Attendances", "Share (%)", "Baseline attendances", "Baseline share (%)", "Change (percentage points)"}}
	for _, i := range decileOrder {
		now, before := Rate{e.Deciles[i], total}, Rate{e.BaselineDeciles[i], baseTotal}
		t.Rows = append(t.Rows, []Cell{Text(decileName(i)), Count(e.Deciles[i]), Percent(now),
			Count(e.BaselineDeciles[i]), Percent(before), Points(before, now)})
	}
	t.Rows = append(t.Rows, []Cell{Text("All attendances"), Count(total), Percent(Rate{total, total}),
		Count(baseTotal), Percent(Rate{baseTotal, baseTotal}), Points(Rate{baseTotal, baseTotal}, Rate{total, total})})
	return t
}

func scoresTable(e model.Evaluation) Table {
	total := sum(e.Scores[1:])
	t := Table{Name: "scores", Caption: "Feedback scores: how useful was this session?", Columns: []string{"Score", "Answers", "Share (%)"}}
	names := []string{"", "1 (not at all useful)", "2", "3", "4", "5 (very useful)"}
	for s := 5; s >= 1; s-- {
		t.Rows = append(t.Rows, []Cell{Text(names[s]), Count(e.Scores[s]), Percent(Rate{e.Scores[s], total})})
	}
	return t
}

func commentsTable(e model.Evaluation, loc *time.Location) Table {
	if loc == nil {
		loc = time.UTC
	}
	t := Table{Name: "feedback", Caption: "Recent comments", Columns: []string{"Answered on", "Session", "Session date", "Score", "Comment"}}
	for _, c := range e.Comments {
		t.Rows = append(t.Rows, []Cell{Text(c.At.In(loc).Format(time.DateOnly)), Text(c.SessionTitle),
			Text(c.SessionStart.In(loc).Format(time.DateOnly)), Count(c.Score), Text(c.Comment)})
	}
	return t
}

func monthCharts(e model.Evaluation, months []string) (came, places BarChart) {
	rows := monthRows(e, months)
	came = BarChart{ID: "chart-months", Title: "People who came each month",
		Series: []Series{{Name: "People who came"}}}
	places = BarChart{ID: "chart-places", Title: "Places booked and places offered each month",
		Series: []Series{{Name: "Places booked"}, {Name: "Places offered"}}}
	busiest, peak := "", -1
	for i, r := range rows {
		t, err := time.Parse("2006-01", r.Key)
		label, year := r.Key, ""
		if err == nil {
			label = t.Format("Jan")
			if i == 0 || t.Month() == time.January {
				year = t.Format("2006")
			}
		}
		for _, c := range []*BarChart{&came, &places} {
			c.Categories = append(c.Categories, label)
			c.Years = append(c.Years, year)
		}
		came.Series[0].Values = append(came.Series[0].Values, float64(r.Attended))
		places.Series[0].Values = append(places.Series[0].Values, float64(r.PlacesBooked))
		places.Series[1].Values = append(places.Series[1].Values, float64(r.PlacesOffered))
		if r.Attended > peak {
			busiest, peak = MonthName(r.Key), r.Attended
		}
	}
	span := ""
	if len(rows) > 0 {
		span = " from " + MonthName(rows[0].Key) + " to " + MonthName(rows[len(rows)-1].Key)
	}
	came.Desc = "Bar chart of the people who came to sessions in each month" + span + "."
	if peak > 0 {
		came.Desc += " The most came in " + busiest + ": " + Thousands(peak) + "."
	}
	places.Desc = "Bar chart comparing, for each month" + span + ", the places booked (solid bars) with the places offered (hatched bars). " +
		"Fill rate over the period: " + Percent(fillRate(e.Total)).Text + "."
	came.Desc += " The figures are in the table by month."
	places.Desc += " The figures are in the table by month."
	return came, places
}

func decilesChart(e model.Evaluation) BarChart {
	total, baseTotal := sum(e.Deciles[:]), sum(e.BaselineDeciles[:])
	c := BarChart{ID: "chart-deciles", Title: "Attendances by SIMD decile: this period and the baseline", Percent: true,
		Series: []Series{{Name: "This period"}, {Name: "Baseline"}}}
	for _, i := range decileOrder {
		label := strconv.Itoa(i)
		if i == 0 {
			label = "?"
		}
		c.Categories = append(c.Categories, label)
		now, _ := Rate{e.Deciles[i], total}.Percent()
		before, _ := Rate{e.BaselineDeciles[i], baseTotal}.Percent()
		c.Series[0].Values = append(c.Series[0].Values, now)
		c.Series[1].Values = append(c.Series[1].Values, before)
	}
	c.Desc = "Bar chart of the share of attendances from each SIMD decile, 1 (most deprived) to 10 (least deprived), " +
		"and ? for postcodes with no known decile: this period (solid bars) against the baseline (hatched bars). " +
		"From SIMD quintile 1 (deciles 1 and 2) this period: " + Percent(reach(e.Total)).Text +
		" of attendances with a known decile; baseline: " + Percent(reach(e.Baseline)).Text + ". The figures are in the table by decile."
	return c
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
