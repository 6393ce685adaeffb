package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// NewSuggestion is what someone suggests. Email is lower-cased and phone
// in E.164 (the form normalises them); both may be blank. ThemeSlug and
// VenueSlug name a topic and a venue, or are blank for none and any.
type NewSuggestion struct {
	What, Details, WhenSuits string
	ThemeSlug, VenueSlug     string
	ContactName              string
	ContactEmail             string
	ContactPhone             string
}

// CreateSuggestion records a suggestion, new and waiting for staff, with
// the person key of its contact (if any), and returns its public id.
func (s *Store) CreateSuggestion(ctx context.Context, n NewSuggestion) (string, error) {
	var publicID string
	err := s.getContext(ctx, &publicID, `
		INSERT INTO suggestions (what, details, when_suits, theme_id, venue_id, contact_name, contact_email, contact_phone, person_key)
		VALUES ($1, $2, $3, (SELECT id FROM themes WHERE slug = $4), (SELECT id FROM venues WHERE slug = $5), $6, $7, $8, $9)
		RETURNING public_id`,
		n.What, n.Details, n.WhenSuits, n.ThemeSlug, n.VenueSlug, n.ContactName, n.ContactEmail, n.ContactPhone,
		s.personKeyOf(n.ContactEmail, n.ContactPhone))
	return publicID, wrap(err, "create suggestion")
}

// suggestionSelect reads suggestions s with their topic, venue, the one
// they joined, who decided and how many support them.
const suggestionSelect = `
	SELECT s.id, s.public_id, s.what, s.details, s.when_suits, s.contact_name, s.contact_email, s.contact_phone,
		s.status, s.response, s.decided_at, s.created_at, s.anonymised_at,
		t.id AS theme_id, t.slug AS theme_slug, t.name AS theme_name,
		v.id AS venue_id, v.slug AS venue_slug, v.name AS venue_name,
		coalesce(m.public_id, '') AS merged_into, coalesce(u.name, '') AS decided_by,
		(SELECT count(*) FROM suggestion_supports x WHERE x.suggestion_id = s.id) AS supporters
	FROM suggestions s
	LEFT JOIN themes t ON t.id = s.theme_id
	LEFT JOIN venues v ON v.id = s.venue_id
	LEFT JOIN suggestions m ON m.id = s.merged_into
	LEFT JOIN users u ON u.id = s.decided_by`

// suggestionOrder puts new suggestions first, then by status, the most
// supported and newest first within each.
const suggestionOrder = `
	ORDER BY array_position(ARRAY['new', 'published', 'planned', 'not_now', 'merged', 'removed'], s.status),
		supporters DESC, s.created_at DESC, s.id DESC`

// suggestionRow is one row of suggestionSelect.
type suggestionRow struct {
	ID           int64          `db:"id"`
	PublicID     string         `db:"public_id"`
	What         string         `db:"what"`
	Details      string         `db:"details"`
	WhenSuits    string         `db:"when_suits"`
	ContactName  string         `db:"contact_name"`
	ContactEmail string         `db:"contact_email"`
	ContactPhone string         `db:"contact_phone"`
	Status       string         `db:"status"`
	Response     string         `db:"response"`
	DecidedAt    *time.Time     `db:"decided_at"`
	CreatedAt    time.Time      `db:"created_at"`
	AnonymisedAt *time.Time     `db:"anonymised_at"`
	ThemeID      sql.NullInt64  `db:"theme_id"`
	ThemeSlug    sql.NullString `db:"theme_slug"`
	ThemeName    sql.NullString `db:"theme_name"`
	VenueID      sql.NullInt64  `db:"venue_id"`
	VenueSlug    sql.NullString `db:"venue_slug"`
	VenueName    sql.NullString `db:"venue_name"`
	MergedInto   string         `db:"merged_into"`
	DecidedBy    string         `db:"decided_by"`
	Supporters   int            `db:"supporters"`
}

func (r suggestionRow) suggestion() model.Suggestion {
	g := model.Suggestion{
		ID: r.ID, PublicID: r.PublicID, What: r.What, Details: r.Details, WhenSuits: r.WhenSuits,
		ContactName: r.ContactName, ContactEmail: r.ContactEmail, ContactPhone: r.ContactPhone,
		Status: model.SuggestionStatus(r.Status), Response: r.Response, MergedInto: r.MergedInto,
		DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt, CreatedAt: r.CreatedAt, AnonymisedAt: r.AnonymisedAt,
		Supporters: r.Supporters,
	}
	if r.ThemeID.Valid {
		g.Theme = &model.Theme{ID: r.ThemeID.Int64, Slug: r.ThemeSlug.String, Name: r.ThemeName.String}
	}
	if r.VenueID.Valid {
		g.Venue = &model.Venue{ID: r.VenueID.Int64, Slug: r.VenueSlug.String, Name: r.VenueName.String}
	}
	return g
}

// Suggestion returns the suggestion whose public id is publicID, whatever
// its status, with its contact details and the sessions that answer it, or
// model.ErrNotFound. Public pages check the status themselves.
func (s *Store) Suggestion(ctx context.Context, publicID string) (model.Suggestion, error) {
	list, err := s.suggestions(ctx, "s.public_id = $1", []any{publicID}, "suggestion "+publicID)
	if err != nil {
		return model.Suggestion{}, err
	}
	if len(list) == 0 {
		return model.Suggestion{}, model.ErrNotFound
	}
	return list[0], nil
}

// Suggestions returns the suggestions matching f: new ones first, then by
// status, the most supported first; planned ones with their sessions.
func (s *Store) Suggestions(ctx context.Context, f model.SuggestionFilter) ([]model.Suggestion, error) {
	var c conditions
	if len(f.Statuses) > 0 {
		statuses := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			statuses[i] = string(st)
		}
		c.add("s.status = ANY(?)", pq.Array(statuses))
	}
	if f.ThemeSlug != "" {
		c.add("t.slug = ?", f.ThemeSlug)
	}
	if f.VenueSlug != "" {
		c.add("(s.venue_id IS NULL OR v.slug = ?)", f.VenueSlug)
	}
	cond := c.sql() + suggestionOrder
	if f.Limit > 0 {
		cond += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return s.suggestions(ctx, cond, c.args, "suggestions")
}

// suggestions reads the suggestions matching where, with the sessions of
// planned ones.
func (s *Store) suggestions(ctx context.Context, where string, args []any, what string) ([]model.Suggestion, error) {
	var rows []suggestionRow
	if err := s.selectContext(ctx, &rows, suggestionSelect+` WHERE `+where, args...); err != nil {
		return nil, wrap(err, what)
	}
	list := make([]model.Suggestion, len(rows))
	ids := make([]int64, 0, len(rows))
	for i, r := range rows {
		list[i] = r.suggestion()
		ids = append(ids, r.ID)
	}
	if len(ids) == 0 {
		return list, nil
	}
	var sessions []struct {
		SuggestionID int64     `db:"suggestion_id"`
		PublicID     string    `db:"public_id"`
		Title        string    `db:"title"`
		StartsAt     time.Time `db:"starts_at"`
		EndsAt       time.Time `db:"ends_at"`
		Status       string    `db:"status"`
		VenueName    string    `db:"venue_name"`
	}
	err := s.selectContext(ctx, &sessions, `
		SELECT ss.suggestion_id, ps.public_id, ps.title, ps.starts_at, ps.ends_at, ps.status, v.name AS venue_name
		FROM suggestion_sessions ss
		JOIN programme_sessions ps ON ps.id = ss.session_id
		JOIN venues v ON v.id = ps.venue_id
		WHERE ss.suggestion_id = ANY($1)
		ORDER BY ps.starts_at, ps.id`, pq.Array(ids))
	if err != nil {
		return nil, wrap(err, what+": sessions")
	}
	for _, m := range sessions {
		i := slices.Index(ids, m.SuggestionID)
		list[i].Sessions = append(list[i].Sessions, model.Session{PublicID: m.PublicID, Title: m.Title, StartsAt: m.StartsAt,
			EndsAt: m.EndsAt, Status: model.SessionStatus(m.Status), Venue: model.Venue{Name: m.VenueName}})
	}
	return list, nil
}

// SuggestionCounts returns how many suggestions have each status.
func (s *Store) SuggestionCounts(ctx context.Context) (map[model.SuggestionStatus]int, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := s.selectContext(ctx, &rows, `SELECT status, count(*) AS n FROM suggestions GROUP BY status`); err != nil {
		return nil, wrap(err, "count suggestions")
	}
	counts := make(map[model.SuggestionStatus]int, len(rows))
	for _, r := range rows {
		counts[model.SuggestionStatus(r.Status)] = r.N
	}
	return counts, nil
}

// SupportSuggestion adds the support of the browser whose key is key (the
// SHA-256 of its cookie) to the suggestion publicID, once: it reports
// whether the support is new. A suggestion the public cannot see is
// model.ErrNotFound; one that no longer gathers support ("not now", or
// merged: support the one it joined) is model.ErrNotSupportable.
//
// The suggestion's row is read FOR SHARE, so a merge (which locks it FOR
// UPDATE) waits for a support in flight and moves it, and a support that
// waited for a merge finds the suggestion merged and adds nothing.
func (s *Store) SupportSuggestion(ctx context.Context, publicID string, key []byte) (bool, error) {
	res, err := s.q.ExecContext(ctx, `
		INSERT INTO suggestion_supports (suggestion_id, browser_key)
		SELECT id, $2 FROM suggestions WHERE public_id = $1 AND status IN ('published', 'planned') FOR SHARE
		ON CONFLICT DO NOTHING`, publicID, key)
	if err != nil {
		return false, wrap(err, "support suggestion "+publicID)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return n == 1, wrap(err, "support suggestion "+publicID)
	}
	var status model.SuggestionStatus
	if err := s.getContext(ctx, &status, `SELECT status FROM suggestions WHERE public_id = $1`, publicID); err != nil {
		return false, wrap(err, "suggestion "+publicID)
	}
	switch {
	case status.Supportable():
		return false, nil // this browser supports it already
	case status.Public(), status == model.SuggestionMerged:
		return false, model.ErrNotSupportable
	}
	return false, model.ErrNotFound
}

// SuggestionDecision is what staff decide about a suggestion.
type SuggestionDecision struct {
	// Status is the suggestion's new status: published, planned, not_now,
	// merged or removed.
	Status model.SuggestionStatus
	// Response is the public answer: required for not_now, optional for
	// planned; publishing clears it, merging and removing keep it.
	Response string
	// Sessions are the public ids of the sessions that answer a plan
	// (added to those it has).
	Sessions []string
	// MergeInto is the public id of the suggestion a merged one joins.
	MergeInto string
}

// DecideSuggestion changes the suggestion publicID as d says, audited as
// done by by. Refusals: model.ErrReasonNeeded, model.ErrNoSessions,
// *model.UnknownSessionError, model.ErrMergeIntoItself,
// model.ErrMergeTarget, model.ErrNotFound, and model.ErrConflict for a
// suggestion already merged (which is final: its support has moved).
func (s *Store) DecideSuggestion(ctx context.Context, by model.Actor, publicID string, d SuggestionDecision) error {
	d.Response = strings.TrimSpace(d.Response)
	switch d.Status {
	case model.SuggestionNotNow:
		if d.Response == "" {
			return model.ErrReasonNeeded
		}
	case model.SuggestionPlanned:
		if len(d.Sessions) == 0 {
			return model.ErrNoSessions
		}
	case model.SuggestionMerged:
		switch d.MergeInto {
		case "":
			return model.ErrMergeTarget
		case publicID:
			return model.ErrMergeIntoItself
		}
	case model.SuggestionPublished, model.SuggestionRemoved:
	default:
		return fmt.Errorf("decide suggestion %s: no decision %q", publicID, d.Status)
	}
	return s.InTx(ctx, func(tx *Store) error {
		cur, target, err := tx.lockSuggestions(ctx, publicID, d.MergeInto)
		if err != nil {
			return err
		}
		if cur.Status == string(model.SuggestionMerged) {
			return model.ErrConflict
		}
		after := map[string]any{"status": d.Status}
		var mergedInto *int64
		response := cur.Response
		switch d.Status {
		case model.SuggestionPublished, model.SuggestionNotNow:
			response = d.Response
			if _, err := tx.q.ExecContext(ctx, `DELETE FROM suggestion_sessions WHERE suggestion_id = $1`, cur.ID); err != nil {
				return wrap(err, "unlink sessions of suggestion "+publicID)
			}
		case model.SuggestionPlanned:
			response = d.Response
			if err := tx.linkSessions(ctx, cur.ID, d.Sessions); err != nil {
				return err
			}
			after["sessions"] = d.Sessions
		case model.SuggestionMerged:
			if err := tx.mergeSuggestion(ctx, cur.ID, target); err != nil {
				return err
			}
			mergedInto = &target.ID
			after["merged_into"] = d.MergeInto
		}
		if response != "" {
			after["response"] = response
		}
		_, err = tx.q.ExecContext(ctx, `
			UPDATE suggestions SET status = $2, response = $3, merged_into = $4, decided_by = $5, decided_at = now(), updated_at = now()
			WHERE id = $1`, cur.ID, d.Status, response, mergedInto, actorID(by))
		if err != nil {
			return wrap(err, "decide suggestion "+publicID)
		}
		action := map[model.SuggestionStatus]string{
			model.SuggestionPublished: "suggestion.publish", model.SuggestionPlanned: "suggestion.plan",
			model.SuggestionNotNow: "suggestion.not_now", model.SuggestionMerged: "suggestion.merge",
			model.SuggestionRemoved: "suggestion.remove",
		}[d.Status]
		return tx.audit(ctx, by, change{action: action, entity: "suggestion", key: publicID, label: cur.What,
			before: map[string]string{"status": cur.Status}, after: after})
	})
}

// lockedSuggestion is a suggestion's row as a decision reads it.
type lockedSuggestion struct {
	ID       int64  `db:"id"`
	PublicID string `db:"public_id"`
	What     string `db:"what"`
	Status   string `db:"status"`
	Response string `db:"response"`
}

// lockSuggestions locks the suggestion publicID and, when mergeInto is
// given, the one it is to join, in id order (so that two merges the other
// way round cannot deadlock), and checks that the second can take others.
func (s *Store) lockSuggestions(ctx context.Context, publicID, mergeInto string) (cur, target lockedSuggestion, err error) {
	var rows []lockedSuggestion
	err = s.selectContext(ctx, &rows, `
		SELECT id, public_id, what, status, response FROM suggestions
		WHERE public_id = $1 OR public_id = $2 ORDER BY id FOR UPDATE`, publicID, mergeInto)
	if err != nil {
		return cur, target, wrap(err, "lock suggestion "+publicID)
	}
	found := false
	for _, r := range rows {
		switch r.PublicID {
		case publicID:
			cur, found = r, true
		case mergeInto:
			target = r
		}
	}
	switch {
	case !found:
		return cur, target, model.ErrNotFound
	case mergeInto == "":
	case target.ID == 0, !model.SuggestionStatus(target.Status).Public():
		return cur, target, model.ErrMergeTarget
	}
	return cur, target, nil
}

// linkSessions links the sessions publicIDs, all scheduled in the
// programme, to the suggestion id.
func (s *Store) linkSessions(ctx context.Context, id int64, publicIDs []string) error {
	var found []string
	err := s.selectContext(ctx, &found, `
		WITH linked AS (
			INSERT INTO suggestion_sessions (suggestion_id, session_id)
			SELECT $1, id FROM programme_sessions WHERE public_id = ANY($2) AND status = 'scheduled'
			ON CONFLICT DO NOTHING
		)
		SELECT public_id FROM programme_sessions WHERE public_id = ANY($2) AND status = 'scheduled'`,
		id, pq.Array(publicIDs))
	if err != nil {
		return wrap(err, "link sessions to suggestion")
	}
	for _, p := range publicIDs {
		if !slices.Contains(found, p) {
			return &model.UnknownSessionError{PublicID: p}
		}
	}
	return nil
}

// mergeSuggestion moves the support of the suggestion id to target, once
// per browser: a browser that supported both counts once. Suggestions
// that had joined id now point to target, so none points to a merged one.
func (s *Store) mergeSuggestion(ctx context.Context, id int64, target lockedSuggestion) error {
	_, err := s.q.ExecContext(ctx, `
		WITH moved AS (
			DELETE FROM suggestion_supports WHERE suggestion_id = $1
			RETURNING browser_key, created_at
		)
		INSERT INTO suggestion_supports (suggestion_id, browser_key, created_at)
		SELECT $2, browser_key, created_at FROM moved
		ON CONFLICT DO NOTHING`, id, target.ID)
	if err != nil {
		return wrap(err, "move support to suggestion "+target.PublicID)
	}
	_, err = s.q.ExecContext(ctx, `UPDATE suggestions SET merged_into = $2, updated_at = now() WHERE merged_into = $1`, id, target.ID)
	return wrap(err, "repoint suggestions merged into a merged one")
}
