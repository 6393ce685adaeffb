package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// auditPerPage is how many entries one page of the audit log lists.
const auditPerPage = 50

// auditActions are the changes the audit log records, in the order the
// filter offers them, each with what it did in words. Every action the
// store writes is here (TestAuditActions_HaveWords); an unknown one is
// shown as it is stored.
var auditActions = []option{
	{"session.create", "Added session"},
	{"session.update", "Changed session"},
	{"session.capacity", "Changed places"},
	{"session.cancel", "Cancelled session"},
	{"session.reinstate", "Reinstated session"},
	{"session.propose", "Proposed session"},
	{"session.update_proposal", "Changed proposal"},
	{"session.approve", "Approved proposal"},
	{"session.decline", "Declined proposal"},
	{"session.close_register", "Closed a register"},
	{"session.reopen_register", "Reopened a register"},
	{"venue.create", "Added venue"},
	{"venue.update", "Changed venue"},
	{"venue.hours", "Changed opening hours and booking rules"},
	{"space.create", "Added space"},
	{"space.update", "Changed space"},
	{"partner.create", "Added partner"},
	{"partner.update", "Changed partner"},
	{"theme.create", "Added topic"},
	{"theme.update", "Changed topic"},
	{"booking.create", "Booked for someone"},
	{"booking.change", "Changed a booking's party"},
	{"booking.cancel", "Cancelled booking"},
	{"booking.walk_in", "Recorded walk-ins"},
	{"space_booking.create", "Booked a space"},
	{"space_booking.cancel", "Cancelled a space booking"},
	{"space_booking.approve", "Approved space request"},
	{"space_booking.decline", "Declined space request"},
	{"user.create", "Added account"},
	{"user.update", "Changed account"},
	{"user.disable", "Disabled account"},
	{"user.enable", "Enabled account"},
	{"user.change_role", "Changed role"},
	{"user.reset_link", "Made a link to set a password"},
	{"user.set_password", "Set a new password"},
	{"feed.create", "Made a calendar address"},
	{"feed.rotate", "Replaced a calendar address"},
	{"feed.revoke", "Stopped a calendar address"},
	{"suggestion.publish", "Published suggestion"},
	{"suggestion.plan", "Marked suggestion planned"},
	{"suggestion.not_now", "Said not now to suggestion"},
	{"suggestion.merge", "Merged suggestion into another"},
	{"suggestion.remove", "Removed suggestion"},
	{"person.export", "Downloaded a person's data for them"},
	{"person.erase", "Erased a person's data on request"},
}

// auditEntities name the kinds of thing the log records, in the filter's
// order.
var auditEntities = []option{
	{"session", "Sessions"},
	{"venue", "Venues"},
	{"space", "Spaces"},
	{"partner", "Partners"},
	{"theme", "Topics"},
	{"booking", "Bookings"},
	{"space_booking", "Space bookings"},
	{"user", "Accounts"},
	{"feed", "Calendar feeds"},
	{"suggestion", "Suggestions"},
	{"person", "People's data"},
}

// optionLabel is the label of value in options, or value itself.
func optionLabel(options []option, value string) string {
	for _, o := range options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

func actionWords(action string) string { return optionLabel(auditActions, action) }

// auditQuery is the audit log's filters as the admin gave them (to keep in
// the form) and as the store wants them, with what could not be used.
type auditQuery struct {
	Actor, Entity, Action, From, To, Text string
	Page                                  int
	Filter                                model.AuditFilter
	Problems                              []problem
}

// Active reports whether any filter narrows the log.
func (q auditQuery) Active() bool {
	return q.Actor != "" || q.Entity != "" || q.Action != "" || q.From != "" || q.To != "" || q.Text != ""
}

// values returns the query string for the same filters on page.
func (q auditQuery) values(page int) url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"actor", q.Actor}, {"entity", q.Entity}, {"action", q.Action}, {"from", q.From}, {"to", q.To}, {"q", q.Text}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// auditChoices are the values each filter offers.
type auditChoices struct {
	Actors, Entities, Actions []option
}

func offers(choices []option, v string) bool {
	return slices.ContainsFunc(choices, func(c option) bool { return c.Value == v })
}

// parseAuditQuery reads actor, entity, action, from, to, q and page. A value
// that cannot be used is left out and reported, and the log is still shown.
func parseAuditQuery(query url.Values, choices auditChoices, loc *time.Location) auditQuery {
	q := auditQuery{Page: 1}
	get := func(key string) string { return strings.TrimSpace(query.Get(key)) }
	bad := func(param, format string, args ...any) {
		q.Problems = append(q.Problems, problem{Param: param, Message: fmt.Sprintf(format, args...)})
	}
	if v := get("actor"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && offers(choices.Actors, v) {
			q.Actor, q.Filter.ActorID = v, id
		} else {
			bad("actor", "There is no account %q, so changes by everyone are shown.", v)
		}
	}
	if v := get("entity"); v != "" {
		if offers(choices.Entities, v) {
			q.Entity, q.Filter.Entity = v, v
		} else {
			bad("entity", "Nothing of the kind %q has changed, so every kind of thing is shown.", v)
		}
	}
	if v := get("action"); v != "" {
		if offers(choices.Actions, v) {
			q.Action, q.Filter.Action = v, v
		} else {
			bad("action", "No change of the kind %q has been made, so every kind of change is shown.", v)
		}
	}
	if v := get("q"); v != "" {
		if r := []rune(v); len(r) > 200 {
			v = string(r[:200])
		}
		q.Text, q.Filter.EntityKey = v, v
	}
	var from, to time.Time
	from, to, q.From, q.To = readDateRange(get, bad, loc, "Changes from the start are shown.", "Changes up to now are shown.")
	q.Filter.From = from
	if !to.IsZero() {
		// The end date is inclusive: everything before the next midnight.
		q.Filter.To = to.AddDate(0, 0, 1)
	}
	q.Page = readPage(get, bad)
	q.Filter.Limit = auditPerPage
	q.Filter.Offset = (q.Page - 1) * auditPerPage
	return q
}

// fieldChange is one field of a change, as "field: before → after".
type fieldChange struct {
	Field, Before, After string
	// HasBefore and HasAfter are false where the thing did not exist.
	HasBefore, HasAfter bool
}

// auditRow is one entry of the log as the page shows it.
type auditRow struct {
	When, Who, What string
	// ActorID links the person's name to their other changes; 0 for the
	// command line or an account since removed.
	ActorID    int64
	Label, Key string
	// URL is the page of the thing changed, where there is one.
	URL            string
	Changes        []fieldChange
	UnreadableDiff bool
}

type auditPage struct {
	Layout
	Query    auditQuery
	Choices  auditChoices
	Entries  []auditRow
	Total    int
	First    int
	Last     int
	Pages    []pageLink
	PrevURL  string
	NextURL  string
	ClearURL string
}

// auditLog lists who changed what, newest first, filterable by person, kind
// of thing, kind of change, dates and the thing's name or key.
func (s *Server) auditLog(c *gin.Context) {
	ctx := c.Request.Context()
	choices, err := s.auditChoices(c)
	if err != nil {
		s.serverError(c, err)
		return
	}
	q := parseAuditQuery(c.Request.URL.Query(), choices, s.deps.Location)
	entries, total, err := s.deps.Store.AuditLog(ctx, q.Filter)
	if err != nil {
		s.serverError(c, err)
		return
	}
	names, err := s.auditNames(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := auditPage{Layout: s.layout(c, "Audit log"), Choices: choices, Total: total, ClearURL: "/admin/audit"}
	for _, e := range entries {
		p.Entries = append(p.Entries, s.auditRow(e, names))
	}
	if len(entries) > 0 {
		p.First = q.Filter.Offset + 1
		p.Last = q.Filter.Offset + len(entries)
	} else if q.Page > 1 && total > 0 {
		q.Problems = append(q.Problems, problem{Param: "page", Message: "There is no such page: the log is shorter than that."})
	}
	p.Query = q
	p.Pages, p.PrevURL, p.NextURL = pagination(q.Page, total, auditPerPage, func(n int) string { return "/admin/audit?" + q.values(n).Encode() })
	s.render(c, http.StatusOK, "admin-audit", p)
}

func (s *Server) auditChoices(c *gin.Context) (auditChoices, error) {
	ctx := c.Request.Context()
	var ch auditChoices
	users, err := s.deps.Store.Users(ctx)
	if err != nil {
		return ch, err
	}
	for _, u := range users {
		ch.Actors = append(ch.Actors, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (" + u.Email + ")"})
	}
	// The kinds of change are known: reading them from the log would scan
	// the whole of it on every view.
	ch.Entities, ch.Actions = auditEntities, auditActions
	return ch, nil
}

// auditNames turn the ids and codes an entry records into the names
// people know: a partner's name for its id, a role's label for its code, a
// time in London as people say it.
type auditNames struct {
	// byField maps a field (partner_id, venue_id, ...) to names by id.
	byField map[string]map[string]string
	loc     *time.Location
}

func (s *Server) auditNames(ctx context.Context) (auditNames, error) {
	n := auditNames{byField: map[string]map[string]string{}, loc: s.deps.Location}
	add := func(field string, id int64, name string) {
		if n.byField[field] == nil {
			n.byField[field] = map[string]string{}
		}
		n.byField[field][strconv.FormatInt(id, 10)] = name
	}
	ch, err := s.sessionChoices(ctx)
	if err != nil {
		return n, err
	}
	for _, x := range ch.Partners {
		add("partner_id", x.ID, x.Name)
	}
	for _, x := range ch.Venues {
		add("venue_id", x.ID, x.Name)
	}
	for _, x := range ch.Spaces {
		add("space_id", x.ID, x.Name)
		add("parent_id", x.ID, x.Name)
	}
	for _, x := range ch.Themes {
		add("theme_id", x.ID, x.Name)
	}
	for _, x := range ch.Audiences {
		add("audience_id", x.ID, x.Name)
	}
	return n, nil
}

// words returns the value of field as people read it.
func (n auditNames) words(field, value string) string {
	if name, ok := n.byField[field][value]; ok {
		return name
	}
	switch {
	case field == "role":
		return model.Role(value).Label()
	case field == "status":
		return statusLabel(model.SessionStatus(value))
	case strings.HasSuffix(field, "_at"):
		if t, err := time.Parse(time.RFC3339, value); err == nil && n.loc != nil {
			return t.In(n.loc).Format("Monday 2 January 2006, 15:04")
		}
	}
	return value
}

// fieldWords are the names of the fields an entry records, where the
// field's own name would not do.
var fieldWords = map[string]string{
	"partner_id": "partner", "venue_id": "venue", "space_id": "space", "parent_id": "inside",
	"theme_id": "topic", "audience_id": "for", "starts_at": "starts", "ends_at": "ends",
}

func (s *Server) auditRow(e model.AuditEntry, names auditNames) auditRow {
	r := auditRow{When: s.localStamp(e.At), Who: e.ActorName, What: actionWords(e.Action), Label: e.EntityLabel, Key: e.EntityKey,
		URL: auditURL(e.Entity, e.EntityKey)}
	if e.ActorID != nil {
		r.ActorID = *e.ActorID
	}
	changes, err := diffFields(e.Before, e.After)
	for i, ch := range changes {
		changes[i].Before, changes[i].After = names.words(ch.Field, ch.Before), names.words(ch.Field, ch.After)
		if w, ok := fieldWords[ch.Field]; ok {
			changes[i].Field = w
		} else {
			changes[i].Field = strings.ReplaceAll(ch.Field, "_", " ")
		}
	}
	r.Changes, r.UnreadableDiff = changes, err != nil
	return r
}

// diffFields compares the before and after JSON objects of an entry and
// returns the fields whose values differ, by field name, each value in
// plain words. A nil side means the thing did not exist then.
func diffFields(before, after []byte) ([]fieldChange, error) {
	b, err := jsonObject(before)
	if err != nil {
		return nil, err
	}
	a, err := jsonObject(after)
	if err != nil {
		return nil, err
	}
	var fields []string
	for k := range b {
		fields = append(fields, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			fields = append(fields, k)
		}
	}
	slices.Sort(fields)
	var changes []fieldChange
	for _, f := range fields {
		bv, inBefore := b[f]
		av, inAfter := a[f]
		if inBefore && inAfter && bytes.Equal(compact(bv), compact(av)) {
			continue
		}
		changes = append(changes, fieldChange{Field: f,
			Before: valueWords(bv), After: valueWords(av), HasBefore: before != nil, HasAfter: after != nil})
	}
	return changes, nil
}

func jsonObject(b []byte) (map[string]json.RawMessage, error) {
	if b == nil {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("audit entry: %w", err)
	}
	return m, nil
}

func compact(raw json.RawMessage) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return raw
	}
	return buf.Bytes()
}

// valueWords shows a JSON value plainly: strings without quotes, true and
// false as yes and no, null and a missing value as "none".
func valueWords(raw json.RawMessage) string {
	if raw == nil {
		return "none"
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	switch x := v.(type) {
	case nil:
		return "none"
	case string:
		if x == "" {
			return "(blank)"
		}
		return x
	case bool:
		if x {
			return "yes"
		}
		return "no"
	default:
		return string(compact(raw))
	}
}

// auditURL is the staff page of the thing an entry is about, if it has one.
// Slugs may have changed since; the page then answers 404.
func auditURL(entity, key string) string {
	switch entity {
	case "session":
		return "/staff/sessions/" + url.PathEscape(key)
	case "venue", "space", "partner", "theme":
		return "/staff/" + entity + "s/" + url.PathEscape(key)
	}
	return ""
}
