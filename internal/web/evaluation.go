package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/report"
	"hubbook/internal/store"
)

// evaluationComments is how many recent comments the page shows; the
// feedback download has every comment of the period, up to
// evaluationCommentsCSV.
const (
	evaluationComments    = 10
	evaluationCommentsCSV = 10000
)

// maxEvaluationYears bounds a period (and a baseline): the figures of a
// decade are one page still.
const maxEvaluationYears = 10

// evaluationQuery is the dashboard's filters as typed (kept in the form)
// and as the store wants them, with what is wrong with them.
type evaluationQuery struct {
	From, To, BaselineFrom, BaselineTo string
	Venue, Theme, Audience, Partner    string
	Errors                             fieldErrors
	// Period and Baseline are the periods in words: "1 April 2025 to 31
	// March 2026".
	Period, Baseline string
	filter           store.EvaluationFilter
	// first and last are the period's first and last dates, for file names.
	first, last time.Time
}

// evaluationChoices are what the dashboard can be narrowed to.
type evaluationChoices struct {
	Venues    []model.Venue
	Themes    []model.Theme
	Audiences []model.Audience
	// Partners is empty on a partner's own dashboard.
	Partners []model.Partner
}

// evaluationPage is the dashboard.
type evaluationPage struct {
	Layout
	Query   evaluationQuery
	Choices evaluationChoices
	// Own is a partner's view of its own sessions.
	Own bool
	// Action is the dashboard's path; Downloads its tables' CSV links.
	Action    string
	Dashboard *report.Dashboard
	Tables    map[string]evaluationTable
	Downloads []evaluationTable
	SIMD      *model.SIMDImport
	Comments  []model.Comment
	// LibraryName is what the library's own sessions are called by partner.
	LibraryName string
}

// evaluationTable is a table with the link that downloads it.
type evaluationTable struct {
	report.Table
	CSV string
}

// Thousands writes n with thousands separators, for the page.
func (evaluationPage) Thousands(n int) string { return report.Thousands(n) }

// dateField is a date input of the filters.
type dateField struct {
	Name, Label, Value, Error string
}

// DateField is the filters' date input called name, as typed, with its
// error.
func (p evaluationPage) DateField(name, label string) dateField {
	values := map[string]string{"from": p.Query.From, "to": p.Query.To,
		"baseline_from": p.Query.BaselineFrom, "baseline_to": p.Query.BaselineTo}
	return dateField{Name: name, Label: label, Value: values[name], Error: p.Query.Errors.For(name)}
}

// evaluation shows staff the evaluation figures.
func (s *Server) evaluation(c *gin.Context) { s.evaluationPage(c, nil) }

// evaluationCSV downloads one of the dashboard's tables for staff.
func (s *Server) evaluationCSV(c *gin.Context) { s.evaluationDownload(c, nil) }

// partnerEvaluation shows a partner the same figures for its own sessions
// only: the partner comes from the signed-in account, never the query.
func (s *Server) partnerEvaluation(c *gin.Context) {
	scope, _ := partnerScope(c)
	s.evaluationPage(c, &scope)
}

// partnerEvaluationCSV downloads one of the partner's own tables.
func (s *Server) partnerEvaluationCSV(c *gin.Context) {
	scope, _ := partnerScope(c)
	s.evaluationDownload(c, &scope)
}

// evaluationPath is the dashboard's path for staff, or for a partner.
func evaluationPath(scope *store.PartnerScope) string {
	if scope != nil {
		return "/partner/evaluation"
	}
	return "/staff/evaluation"
}

func (s *Server) evaluationPage(c *gin.Context, scope *store.PartnerScope) {
	ctx := c.Request.Context()
	choices, err := s.evaluationChoices(ctx, scope)
	if err != nil {
		s.serverError(c, err)
		return
	}
	q := s.readEvaluationQuery(c.Request.URL.Query(), choices, scope)
	title := "Evaluation figures"
	if scope != nil {
		title = "Your evaluation figures"
	}
	page := evaluationPage{Layout: s.layout(c, title), Query: q, Choices: choices, Own: scope != nil,
		Action: evaluationPath(scope), LibraryName: report.LibraryName}
	if q.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "evaluation", page)
		return
	}
	q.filter.Comments = evaluationComments
	e, err := s.deps.Store.Evaluation(ctx, q.filter)
	if err != nil {
		s.serverError(c, err)
		return
	}
	d := report.Build(e, report.Options{Months: report.Months(q.filter.From, q.filter.To, s.deps.Location),
		Partner: scope != nil, Location: s.deps.Location})
	page.Dashboard, page.SIMD, page.Comments = &d, e.SIMD, e.Comments
	page.Tables, page.Downloads = evaluationTables(page.Action, q.values().Encode(), d)
	s.render(c, http.StatusOK, "evaluation", page)
}

// evaluationTables are the dashboard's tables by name and in order, each
// with its download link for the same query.
func evaluationTables(action, query string, d report.Dashboard) (map[string]evaluationTable, []evaluationTable) {
	byName := map[string]evaluationTable{}
	var list []evaluationTable
	for _, t := range d.Tables {
		link := action + "/" + t.Name + ".csv"
		if query != "" {
			link += "?" + query
		}
		et := evaluationTable{Table: t, CSV: link}
		byName[t.Name] = et
		list = append(list, et)
	}
	return byName, list
}

// evaluationDownload answers GET …/evaluation/NAME.csv with that table of
// the dashboard for the same query: an attachment named for the table and
// the period. An unknown table is not found.
func (s *Server) evaluationDownload(c *gin.Context, scope *store.PartnerScope) {
	ctx := c.Request.Context()
	name, ok := strings.CutSuffix(c.Param("table"), ".csv")
	if !ok || !knownEvaluationTable(name, scope) {
		s.notFound(c)
		return
	}
	choices, err := s.evaluationChoices(ctx, scope)
	if err != nil {
		s.serverError(c, err)
		return
	}
	q := s.readEvaluationQuery(c.Request.URL.Query(), choices, scope)
	if q.Errors.Any() {
		var msgs []string
		for _, p := range q.Errors {
			msgs = append(msgs, p.Message)
		}
		c.Data(http.StatusUnprocessableEntity, "text/plain; charset=utf-8",
			[]byte("The figures could not be downloaded:\n"+strings.Join(msgs, "\n")+"\n"))
		return
	}
	if name == "feedback" {
		q.filter.Comments = evaluationCommentsCSV
	}
	e, err := s.deps.Store.Evaluation(ctx, q.filter)
	if err != nil {
		s.serverError(c, err)
		return
	}
	d := report.Build(e, report.Options{Months: report.Months(q.filter.From, q.filter.To, s.deps.Location),
		Partner: scope != nil, Location: s.deps.Location})
	t, ok := d.Table(name)
	if !ok {
		s.notFound(c)
		return
	}
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, t); err != nil {
		s.serverError(c, err)
		return
	}
	file := t.FileName(q.first.Format(time.DateOnly), q.last.Format(time.DateOnly))
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, file))
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// evaluationTableNames are the tables a dashboard has; a partner's has no
// table of partners.
var evaluationTableNames = []string{"summary", "themes", "venues", "partners", "audiences", "months", "deciles", "scores", "feedback"}

func knownEvaluationTable(name string, scope *store.PartnerScope) bool {
	for _, t := range evaluationTableNames {
		if t == name {
			return !(scope != nil && name == "partners")
		}
	}
	return false
}

// evaluationChoices loads the venues, topics and audiences, and for staff
// the partners, that the figures can be narrowed to.
func (s *Server) evaluationChoices(ctx context.Context, scope *store.PartnerScope) (evaluationChoices, error) {
	v, err := s.vocabulary(ctx)
	if err != nil {
		return evaluationChoices{}, err
	}
	ch := evaluationChoices{Venues: v.Venues, Themes: v.Themes, Audiences: v.Audiences}
	if scope == nil {
		if ch.Partners, err = s.deps.Store.Partners(ctx); err != nil {
			return evaluationChoices{}, err
		}
	}
	return ch, nil
}

// readEvaluationQuery reads the period (from, to: London dates, both
// included; by default the twelve calendar months to today, this one so
// far), the baseline (baseline_from, baseline_to; by default the twelve
// months before the period), and venue, theme, audience and, for staff,
// partner (a partner's slug, or "library" for the library's own
// sessions). A partner's own dashboard ignores any partner in the query.
func (s *Server) readEvaluationQuery(query url.Values, ch evaluationChoices, scope *store.PartnerScope) evaluationQuery {
	loc := s.deps.Location
	now := s.deps.Now()
	get := func(key string) string { return strings.TrimSpace(query.Get(key)) }
	q := evaluationQuery{From: get("from"), To: get("to"), BaselineFrom: get("baseline_from"), BaselineTo: get("baseline_to"),
		Venue: strings.ToLower(get("venue")), Theme: strings.ToLower(get("theme")), Audience: strings.ToLower(get("audience"))}
	if scope == nil {
		q.Partner = strings.ToLower(get("partner"))
	}
	q.filter = store.EvaluationFilter{Now: now, Location: loc, Scope: scope}

	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	from, to, okPeriod := q.readPeriod("from", "to", &q.From, &q.To,
		time.Date(y, m-11, 1, 0, 0, 0, 0, loc), today, "the period")
	baseFrom, baseTo, okBase := q.readPeriod("baseline_from", "baseline_to", &q.BaselineFrom, &q.BaselineTo,
		from.AddDate(-1, 0, 0), from.AddDate(0, 0, -1), "the baseline")
	if okPeriod {
		q.first, q.last = from, to
		q.filter.From, q.filter.To = from, to.AddDate(0, 0, 1)
		q.Period = from.Format("2 January 2006") + " to " + to.Format("2 January 2006")
	}
	if okBase {
		q.filter.BaselineFrom, q.filter.BaselineTo = baseFrom, baseTo.AddDate(0, 0, 1)
		q.Baseline = baseFrom.Format("2 January 2006") + " to " + baseTo.Format("2 January 2006")
	}

	if q.Venue != "" {
		if i := indexOf(ch.Venues, q.Venue, func(v model.Venue) string { return v.Slug }); i >= 0 {
			q.filter.VenueID = ch.Venues[i].ID
		} else {
			q.Errors.add("venue", fmt.Sprintf("There is no venue called %q: choose one from the list", q.Venue))
		}
	}
	if q.Theme != "" {
		if i := indexOf(ch.Themes, q.Theme, func(t model.Theme) string { return t.Slug }); i >= 0 {
			q.filter.ThemeID = ch.Themes[i].ID
		} else {
			q.Errors.add("theme", fmt.Sprintf("There is no topic called %q: choose one from the list", q.Theme))
		}
	}
	if q.Audience != "" {
		if i := indexOf(ch.Audiences, q.Audience, func(a model.Audience) string { return a.Slug }); i >= 0 {
			q.filter.AudienceID = ch.Audiences[i].ID
		} else {
			q.Errors.add("audience", fmt.Sprintf("There is no audience called %q: choose one from the list", q.Audience))
		}
	}
	switch i := indexOf(ch.Partners, q.Partner, func(p model.Partner) string { return p.Slug }); {
	case q.Partner == "":
	case q.Partner == libraryPartner:
		q.filter.Library = true
	case i >= 0:
		q.filter.PartnerID = ch.Partners[i].ID
	default:
		q.Errors.add("partner", fmt.Sprintf("There is no partner called %q: choose one from the list", q.Partner))
	}
	return q
}

// libraryPartner is the partner filter's value for the sessions the library
// runs itself.
const libraryPartner = "library"

// readPeriod reads the dates of fromKey and toKey (each defaulting to
// defFrom and defTo), normalising the text kept in the form (a default is
// filled in, so the form shows the dates in force), and reports whether
// both are usable; what is wrong goes into q.Errors, next to its field.
func (q *evaluationQuery) readPeriod(fromKey, toKey string, fromText, toText *string, defFrom, defTo time.Time, what string) (from, to time.Time, ok bool) {
	loc := defFrom.Location()
	read := func(key string, text *string, def time.Time, which string) (time.Time, bool) {
		if *text == "" {
			*text = def.Format(time.DateOnly)
			return def, true
		}
		d, ok := parseDate(*text, loc)
		if !ok {
			q.Errors.add(key, fmt.Sprintf("Enter the %s date of %s as a date like 2026-03-31 or 31/03/2026", which, what))
			return time.Time{}, false
		}
		*text = d.Format(time.DateOnly)
		return d, true
	}
	from, okFrom := read(fromKey, fromText, defFrom, "first")
	to, okTo := read(toKey, toText, defTo, "last")
	if !okFrom || !okTo {
		return from, to, false
	}
	if to.Before(from) {
		q.Errors.add(toKey, fmt.Sprintf("The last date of %s, %s, is before its first date, %s: enter a last date on or after the first",
			what, to.Format("2 January 2006"), from.Format("2 January 2006")))
		return from, to, false
	}
	if to.After(from.AddDate(maxEvaluationYears, 0, 0)) {
		q.Errors.add(toKey, fmt.Sprintf("Choose %s of %d years or less", what, maxEvaluationYears))
		return from, to, false
	}
	return from, to, true
}

// values is the query string of the filters as given, for the downloads.
func (q evaluationQuery) values() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"from", q.From}, {"to", q.To}, {"baseline_from", q.BaselineFrom}, {"baseline_to", q.BaselineTo},
		{"venue", q.Venue}, {"theme", q.Theme}, {"audience", q.Audience}, {"partner", q.Partner}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	return v
}

func indexOf[T any](list []T, slug string, key func(T) string) int {
	for i, x := range list {
		if key(x) == slug {
			return i
		}
	}
	return -1
}
