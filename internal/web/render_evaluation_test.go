package web

import (
	"time"

	"hubbook/internal/model"
	"hubbook/internal/report"
)

// evaluationPageCases are the evaluation dashboard: empty, a form with
// every problem, the full staff page and a partner's own.
func evaluationPageCases(signedIn Layout) map[string][]any {
	at := time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC)
	f := model.Figures{Sessions: 4, CalledOff: 1, PlacesOffered: 24, Bookings: 8, PlacesBooked: 13, Attended: 14, WalkIns: 6,
		Marked: 7, NoShows: 1, Unmarked: 1, People: 4, Repeat: 1, Known: 12, Quintile1: 8, Answers: 5, ScoreTotal: 19}
	e := model.Evaluation{Total: f, Baseline: model.Figures{Known: 3, Quintile1: 1},
		Breakdowns: map[model.Dimension][]model.Breakdown{
			model.ByTheme:   {{Key: "1", Name: "Health", Figures: f}},
			model.ByPartner: {{Key: "", Figures: f}, {Key: "2", Name: "<b>Partner</b>", Figures: f}},
			model.ByMonth:   {{Key: "2027-03", Name: "2027-03", Figures: f}},
		},
		Deciles: [11]int{2, 4, 4, 0, 0, 1, 0, 0, 0, 0, 3}, Scores: [6]int{0, 0, 1, 1, 1, 2},
		Comments: []model.Comment{{Score: 5, Comment: "=HYPERLINK(\"x\") <b>great</b>", At: at, SessionTitle: "Health walk", SessionStart: at}},
		SIMD:     &model.SIMDImport{Source: "simd.csv", Postcodes: 227000, ImportedAt: at}}
	d := report.Build(e, report.Options{Months: []string{"2027-02", "2027-03"}})
	full := evaluationPage{Layout: signedIn, Action: "/staff/evaluation", Dashboard: &d, SIMD: e.SIMD, Comments: e.Comments,
		LibraryName: report.LibraryName, Query: evaluationQuery{From: "2026-04-01", To: "2027-03-31", Period: "1 April 2026 to 31 March 2027",
			Baseline: "1 April 2025 to 31 March 2026", Theme: "health"},
		Choices: evaluationChoices{Venues: []model.Venue{{Slug: "central", Name: "Central"}}, Themes: []model.Theme{{Slug: "health", Name: "Health"}},
			Audiences: []model.Audience{{Slug: "adults", Name: "Adults"}}, Partners: []model.Partner{{Slug: "p", Name: "P"}}}}
	full.Tables, full.Downloads = evaluationTables(full.Action, "theme=health", d)
	own := full
	own.Own, own.Action, own.SIMD, own.Comments = true, "/partner/evaluation", nil, nil
	pd := report.Build(model.Evaluation{}, report.Options{Partner: true})
	own.Dashboard = &pd
	own.Tables, own.Downloads = evaluationTables(own.Action, "", pd)
	problems := evaluationPage{Layout: signedIn, Action: "/staff/evaluation", Query: evaluationQuery{From: "31-02-2027", Venue: "nowhere",
		Errors: fieldErrors{{"from", "Enter the first date"}, {"to", "Last before first"}, {"baseline_from", "Bad"}, {"baseline_to", "Bad"},
			{"venue", "No venue"}, {"theme", "No topic"}, {"audience", "No audience"}, {"partner", "No partner"}}}}
	return map[string][]any{"evaluation": {evaluationPage{}, problems, full, own}}
}
