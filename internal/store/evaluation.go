package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/model"
)

// EvaluationFilter chooses the sessions the evaluation counts: those
// starting in a period, narrowed by venue, theme, audience and partner.
// Zero ids mean all.
type EvaluationFilter struct {
	// From and To bound the period: sessions starting at or after From and
	// before To. The baseline period is the same for reach.
	From, To                 time.Time
	BaselineFrom, BaselineTo time.Time
	// Now decides which sessions are held: those that ended by now.
	Now time.Time
	// Location gives the calendar months of the breakdown by month.
	Location *time.Location

	VenueID, ThemeID, AudienceID int64
	// PartnerID narrows to one partner's sessions; Library to the sessions
	// the library runs itself (no partner).
	PartnerID int64
	Library   bool
	// Scope, when set, is a partner looking at its own figures: only its
	// sessions count, whatever else the filter says.
	Scope *PartnerScope
	// Comments is how many of the latest comments to return (0: none).
	Comments int
}

// Evaluation returns the evaluation figures for the sessions f chooses, in
// one consistent snapshot of the database: the figures overall and by
// theme, venue, partner, audience and month; attendances by SIMD decile and
// feedback scores; the same overall figures and deciles for the baseline
// period; the latest comments; and the SIMD lookup loaded.
//
// The definitions, which the dashboard states in words:
//   - a session is held when it is in the programme (not cancelled) and
//     ended by f.Now; a cancelled session that would have ended by then is
//     called off;
//   - bookings are confirmed online and navigator bookings on held
//     sessions; walk-ins are confirmed walk-in bookings;
//   - people who came add up each confirmed booking's attended count;
//   - unique people are distinct person keys of bookings that came, and a
//     repeat visitor came to two or more held sessions of the group.
func (s *Store) Evaluation(ctx context.Context, f EvaluationFilter) (model.Evaluation, error) {
	e := model.Evaluation{Breakdowns: map[model.Dimension][]model.Breakdown{}}
	err := s.readSnapshot(ctx, func(tx *Store) error {
		rows, err := tx.evaluationFigures(ctx, f, f.From, f.To, true)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.Dim == groupTotal {
				e.Total = r.Figures
				continue
			}
			d, key, name := r.breakdown()
			e.Breakdowns[d] = append(e.Breakdowns[d], model.Breakdown{Key: key, Name: name, Figures: r.Figures})
		}
		base, err := tx.evaluationFigures(ctx, f, f.BaselineFrom, f.BaselineTo, false)
		if err != nil {
			return err
		}
		if len(base) == 1 {
			e.Baseline = base[0].Figures
		}
		if e.Deciles, e.Scores, err = tx.evaluationSpread(ctx, f, f.From, f.To); err != nil {
			return err
		}
		if e.BaselineDeciles, _, err = tx.evaluationSpread(ctx, f, f.BaselineFrom, f.BaselineTo); err != nil {
			return err
		}
		if e.Comments, err = tx.evaluationComments(ctx, f); err != nil {
			return err
		}
		e.SIMD, err = tx.latestSIMDImport(ctx)
		return err
	})
	if err != nil {
		return model.Evaluation{}, fmt.Errorf("evaluation: %w", err)
	}
	return e, nil
}

// readSnapshot runs fn in a read-only, repeatable-read transaction, so
// that every figure of a page comes from the same moment; inside InTx, fn
// runs in that transaction.
func (s *Store) readSnapshot(ctx context.Context, fn func(tx *Store) error) error {
	if s.q != sqlx.ExtContext(s.db) {
		return fn(s)
	}
	return s.inTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}, "", fn)
}

// evaluationSessions is the WITH clause s: the sessions f chooses that
// start in [from, to) and have ended by f.Now, held or called off, with
// the London month of their start. $1 is the time zone; the conditions'
// arguments follow, and further arguments are numbered after them.
func evaluationSessions(f EvaluationFilter, from, to time.Time) (string, []any) {
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	c := conditions{args: []any{loc.String()}}
	c.add("ps.status IN ('scheduled', 'cancelled')")
	c.add("ps.starts_at >= ?", from)
	c.add("ps.starts_at < ?", to)
	c.add("ps.ends_at <= ?", f.Now)
	if f.VenueID != 0 {
		c.add("ps.venue_id = ?", f.VenueID)
	}
	if f.ThemeID != 0 {
		c.add("ps.theme_id = ?", f.ThemeID)
	}
	if f.AudienceID != 0 {
		c.add("ps.audience_id = ?", f.AudienceID)
	}
	switch {
	case f.Scope != nil:
		c.add("ps.partner_id = ?", f.Scope.PartnerID)
	case f.PartnerID != 0:
		c.add("ps.partner_id = ?", f.PartnerID)
	case f.Library:
		c.add("ps.partner_id IS NULL")
	}
	return `s AS (
		SELECT ps.id, ps.status, ps.booking_required, ps.capacity, ps.theme_id, ps.venue_id, ps.partner_id,
		       ps.audience_id, to_char(ps.starts_at AT TIME ZONE $1, 'YYYYMM')::bigint AS month
		FROM programme_sessions ps
		WHERE ` + c.sql() + `
	)`, c.args
}

// figuresRow is one line of evaluationFigures: the group (dim, key) and
// its name, and its figures.
type figuresRow struct {
	Dim  int    `db:"dim"`
	Key  int64  `db:"key"`
	Name string `db:"name"`
	model.Figures
}

// The groups a session counts in, as numbers (grouping by text, with its
// collation, costs several times more): the whole period, then each
// breakdown, keyed by id (partner 0 is the library's own) or by month as
// 202603.
const (
	groupTotal = iota
	groupTheme
	groupVenue
	groupPartner
	groupAudience
	groupMonth
)

// groupsTotal and groupsAll are the groups of a session s in SQL.
const (
	groupsTotal = `(0, 0::bigint)`
	groupsAll   = groupsTotal + `, (1, s.theme_id), (2, s.venue_id), (3, coalesce(s.partner_id, 0)), (4, s.audience_id), (5, s.month)`
)

// breakdown is the row's dimension, key and name as the model has them.
func (r figuresRow) breakdown() (model.Dimension, string, string) {
	key := strconv.FormatInt(r.Key, 10)
	switch r.Dim {
	case groupTheme:
		return model.ByTheme, key, r.Name
	case groupVenue:
		return model.ByVenue, key, r.Name
	case groupPartner:
		if r.Key == 0 {
			key = ""
		}
		return model.ByPartner, key, r.Name
	case groupAudience:
		return model.ByAudience, key, r.Name
	}
	month := fmt.Sprintf("%04d-%02d", r.Key/100, r.Key%100)
	return model.ByMonth, month, month
}

// evaluationFigures adds up the figures of the sessions starting in
// [from, to), overall and, with breakdowns, by each dimension: bookings and
// feedback per session first, then per group; people per group from each
// person's distinct visits.
func (s *Store) evaluationFigures(ctx context.Context, f EvaluationFilter, from, to time.Time, breakdowns bool) ([]figuresRow, error) {
	with, args := evaluationSessions(f, from, to)
	groups := groupsTotal
	if breakdowns {
		groups = groupsAll
	}
	var rows []figuresRow
	err := s.selectContext(ctx, &rows, figuresQuery(with, groups), args...)
	if err != nil {
		return nil, wrap(err, "evaluation figures")
	}
	return rows, nil
}

// evaluationSpread returns the attendances by SIMD decile (index 0: no
// known decile) and the feedback answers by score of the held sessions
// starting in [from, to).
func (s *Store) evaluationSpread(ctx context.Context, f EvaluationFilter, from, to time.Time) (deciles [11]int, scores [6]int, err error) {
	with, args := evaluationSessions(f, from, to)
	var rows []struct {
		Kind  string `db:"kind"`
		Value int    `db:"value"`
		N     int    `db:"n"`
	}
	err = s.selectContext(ctx, &rows, `
		WITH `+with+`
		SELECT 'decile' AS kind, coalesce(b.simd_decile, 0) AS value, sum(b.attended) AS n
		FROM s JOIN bookings b ON b.session_id = s.id
		WHERE s.status = 'scheduled' AND b.status = 'confirmed' AND b.attended > 0
		GROUP BY 2
		UNION ALL
		SELECT 'score', fb.score, count(*)
		FROM s JOIN feedback fb ON fb.session_id = s.id
		WHERE s.status = 'scheduled'
		GROUP BY 2`, args...)
	if err != nil {
		return deciles, scores, wrap(err, "evaluation spread")
	}
	for _, r := range rows {
		switch {
		case r.Kind == "decile" && r.Value >= 0 && r.Value <= 10:
			deciles[r.Value] = r.N
		case r.Kind == "score" && r.Value >= 1 && r.Value <= 5:
			scores[r.Value] = r.N
		}
	}
	return deciles, scores, nil
}

// evaluationComments returns the latest f.Comments feedback comments on
// the held sessions of the period, newest first.
func (s *Store) evaluationComments(ctx context.Context, f EvaluationFilter) ([]model.Comment, error) {
	if f.Comments <= 0 {
		return nil, nil
	}
	with, args := evaluationSessions(f, f.From, f.To)
	var comments []model.Comment
	err := s.selectContext(ctx, &comments, `
		WITH `+with+`
		SELECT fb.score, fb.comment, fb.created_at, ps.title, ps.starts_at
		FROM s JOIN feedback fb ON fb.session_id = s.id
		JOIN programme_sessions ps ON ps.id = s.id
		WHERE s.status = 'scheduled' AND btrim(fb.comment) <> ''
		ORDER BY fb.created_at DESC, fb.id DESC
		LIMIT `+fmt.Sprintf("$%d", len(args)+1), append(args, f.Comments)...)
	return comments, wrap(err, "evaluation comments")
}

// latestSIMDImport is the SIMD lookup loaded last, or nil when none is.
func (s *Store) latestSIMDImport(ctx context.Context) (*model.SIMDImport, error) {
	var imports []model.SIMDImport
	err := s.selectContext(ctx, &imports, `
		SELECT source, postcodes, imported_at FROM simd_imports ORDER BY imported_at DESC, id DESC LIMIT 1`)
	if err != nil || len(imports) == 0 {
		return nil, wrap(err, "latest SIMD import")
	}
	return &imports[0], nil
}

// figuresQuery is the query of evaluationFigures over the sessions of the
// WITH clause with, counted in groups.
func figuresQuery(with, groups string) string {
	return `
		WITH ` + with + `,
		b AS (
			SELECT b.session_id,
			       count(*) FILTER (WHERE b.source <> 'walk_in') AS bookings,
			       sum(b.party_size) FILTER (WHERE b.source <> 'walk_in') AS places_booked,
			       sum(b.attended) AS attended,
			       sum(b.party_size) FILTER (WHERE b.source = 'walk_in') AS walk_ins,
			       count(*) FILTER (WHERE b.source <> 'walk_in' AND b.attended IS NOT NULL) AS marked,
			       count(*) FILTER (WHERE b.source <> 'walk_in' AND b.attended = 0) AS no_shows,
			       count(*) FILTER (WHERE b.source <> 'walk_in' AND b.attended IS NULL) AS unmarked,
			       sum(b.attended) FILTER (WHERE b.simd_decile IS NOT NULL) AS known,
			       sum(b.attended) FILTER (WHERE b.simd_decile <= 2) AS quintile1
			FROM s JOIN bookings b ON b.session_id = s.id
			WHERE s.status = 'scheduled' AND b.status = 'confirmed'
			GROUP BY b.session_id
		),
		fb AS (
			SELECT fb.session_id, count(*) AS answers, sum(fb.score) AS score_total
			FROM s JOIN feedback fb ON fb.session_id = s.id
			WHERE s.status = 'scheduled'
			GROUP BY fb.session_id
		),
		g AS (
			SELECT s.id, x.dim, x.key
			FROM s CROSS JOIN LATERAL (VALUES ` + groups + `) x (dim, key)
		),
		figures AS (
			SELECT g.dim, g.key,
			       count(*) FILTER (WHERE s.status = 'scheduled') AS sessions,
			       count(*) FILTER (WHERE s.status = 'cancelled') AS called_off,
			       coalesce(sum(s.capacity) FILTER (WHERE s.status = 'scheduled' AND s.booking_required), 0) AS places_offered,
			       coalesce(sum(b.bookings), 0) AS bookings,
			       coalesce(sum(b.places_booked), 0) AS places_booked,
			       coalesce(sum(b.attended), 0) AS attended,
			       coalesce(sum(b.walk_ins), 0) AS walk_ins,
			       coalesce(sum(b.marked), 0) AS marked,
			       coalesce(sum(b.no_shows), 0) AS no_shows,
			       coalesce(sum(b.unmarked), 0) AS unmarked,
			       coalesce(sum(b.known), 0) AS known,
			       coalesce(sum(b.quintile1), 0) AS quintile1,
			       coalesce(sum(fb.answers), 0) AS answers,
			       coalesce(sum(fb.score_total), 0) AS score_total
			FROM g JOIN s ON s.id = g.id
			LEFT JOIN b ON b.session_id = g.id
			LEFT JOIN fb ON fb.session_id = g.id
			GROUP BY g.dim, g.key
		),
		visits AS (
			SELECT DISTINCT b.person_key, b.session_id
			FROM s JOIN bookings b ON b.session_id = s.id
			WHERE s.status = 'scheduled' AND b.status = 'confirmed' AND b.attended > 0 AND b.person_key IS NOT NULL
		),
		people AS (
			SELECT dim, key, count(*) AS people, count(*) FILTER (WHERE visits >= 2) AS repeat
			FROM (
				SELECT g.dim, g.key, v.person_key, count(*) AS visits
				FROM visits v JOIN g ON g.id = v.session_id
				GROUP BY g.dim, g.key, v.person_key
			) per_person
			GROUP BY dim, key
		)
		SELECT f.dim, f.key,
		       CASE f.dim WHEN 1 THEN t.name WHEN 2 THEN ve.name WHEN 3 THEN coalesce(p.name, '') WHEN 4 THEN a.name ELSE '' END AS name,
		       f.sessions, f.called_off, f.places_offered, f.bookings, f.places_booked,
		       f.attended, f.walk_ins, f.marked, f.no_shows, f.unmarked, f.known, f.quintile1, f.answers, f.score_total,
		       coalesce(pe.people, 0) AS people, coalesce(pe.repeat, 0) AS repeat
		FROM figures f
		LEFT JOIN people pe ON pe.dim = f.dim AND pe.key = f.key
		LEFT JOIN themes t ON f.dim = 1 AND t.id = f.key
		LEFT JOIN venues ve ON f.dim = 2 AND ve.id = f.key
		LEFT JOIN partners p ON f.dim = 3 AND p.id = f.key
		LEFT JOIN audiences a ON f.dim = 4 AND a.id = f.key
		ORDER BY f.dim, lower(CASE f.dim WHEN 1 THEN t.name WHEN 2 THEN ve.name WHEN 3 THEN p.name WHEN 4 THEN a.name END), f.key`
}
