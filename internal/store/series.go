package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
	"hubbook/internal/recur"
)

// ErrMonthlyShift means "this and following" would move the sessions of a
// monthly series to other days: the second Tuesday plus a day is not
// always the second Wednesday, so each date would need working out again.
var ErrMonthlyShift = errors.New("a monthly series cannot be moved to other days as a whole")

// seriesSplit is what splitting a series needs, read before any session
// moves.
type seriesSplit struct {
	seriesID int64
	// rule, start and loc are the series' rule; ok is false for a rule
	// hubbook did not make, which is left as it is.
	rule  recur.Rule
	start time.Time
	loc   *time.Location
	tzid  string
	ok    bool
	// from is the edited session as it was; before is how many sessions of
	// the series start before it, and move the ids of it and every later
	// session, cancelled ones too.
	from   model.Session
	before int
	move   pq.Int64Array
}

// planSplit reads the series of from and which sessions will move.
func (s *Store) planSplit(ctx context.Context, seriesID int64, from model.Session) (seriesSplit, error) {
	p := seriesSplit{seriesID: seriesID, from: from}
	var ser struct {
		RRULE   string       `db:"rrule"`
		DTStart sql.NullTime `db:"dtstart"`
		TZID    string       `db:"tzid"`
	}
	if err := s.getContext(ctx, &ser, `SELECT rrule, dtstart, tzid FROM series WHERE id = $1 FOR UPDATE`, seriesID); err != nil {
		return p, wrap(err, "lock series")
	}
	err := s.getContext(ctx, &p.before, `
		SELECT count(*) FROM programme_sessions WHERE series_id = $1 AND starts_at < $2 AND public_id <> $3`,
		seriesID, from.StartsAt, from.PublicID)
	if err != nil {
		return p, wrap(err, "count earlier sessions")
	}
	err = s.selectContext(ctx, &p.move, `
		SELECT id FROM programme_sessions WHERE series_id = $1 AND (starts_at >= $2 OR public_id = $3)`,
		seriesID, from.StartsAt, from.PublicID)
	if err != nil {
		return p, wrap(err, "sessions to move")
	}
	loc, err := time.LoadLocation(ser.TZID)
	if !ser.DTStart.Valid || err != nil {
		return p, nil
	}
	if p.rule, err = recur.Parse(ser.RRULE, loc); err != nil {
		return p, nil
	}
	p.start, p.loc, p.tzid, p.ok = ser.DTStart.Time, loc, ser.TZID, true
	return p, nil
}

// splitSeries keeps a series' rule true to its sessions after "this and
// following" changed them from p.from on: those sessions move to a new
// series whose rule starts at newFirst (p.from's new start), the days
// shifted by shift, and the old series' rule ends before p.from. When
// p.from was the first session, the series' own rule is rewritten instead.
// A rule hubbook did not make is left as it is: the sessions are what is
// on; the rule records how they were made.
func (s *Store) splitSeries(ctx context.Context, p seriesSplit, newFirst time.Time, shift int) error {
	if !p.ok {
		return nil
	}
	if p.rule.Frequency == recur.Monthly && shift != 0 {
		return ErrMonthlyShift
	}
	following := p.rule
	if p.rule.Count > 0 {
		following.Count = p.rule.Count - p.before
	} else {
		following.Until = p.rule.Until.AddDate(0, 0, shift)
	}
	followingRule, err := following.RRULE(newFirst, p.loc)
	if err != nil {
		return fmt.Errorf("rule of series %d from %s: %w", p.seriesID, p.from.PublicID, err)
	}
	if p.before == 0 {
		_, err := s.q.ExecContext(ctx, `UPDATE series SET rrule = $2, dtstart = $3, updated_at = now() WHERE id = $1`,
			p.seriesID, followingRule, newFirst)
		return wrap(err, "rewrite series")
	}
	earlier := p.rule
	if p.rule.Count > 0 {
		earlier.Count = p.before
	} else {
		y, m, d := p.from.StartsAt.In(p.loc).Date()
		earlier.Until = time.Date(y, m, d-1, 0, 0, 0, 0, p.loc)
	}
	earlierRule, err := earlier.RRULE(p.start, p.loc)
	if err != nil {
		return fmt.Errorf("rule of series %d before %s: %w", p.seriesID, p.from.PublicID, err)
	}
	if _, err := s.q.ExecContext(ctx, `UPDATE series SET rrule = $2, updated_at = now() WHERE id = $1`, p.seriesID, earlierRule); err != nil {
		return wrap(err, "end series")
	}
	var newID int64
	if err := s.getContext(ctx, &newID, `INSERT INTO series (rrule, dtstart, tzid) VALUES ($1, $2, $3) RETURNING id`,
		followingRule, newFirst, p.tzid); err != nil {
		return wrap(err, "split series")
	}
	_, err = s.q.ExecContext(ctx, `UPDATE programme_sessions SET series_id = $2 WHERE id = ANY($1)`, p.move, newID)
	return wrap(err, "move sessions to the new series")
}
