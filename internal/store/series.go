package store

import (
	"context"
	"database/sql"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/recur"
)

// splitSeries keeps a series' rule true to its sessions after "this and
// following" changed them from the session from (as it was) on: the
// sessions from there on move to a new series whose rule starts at
// newFirst (from's new start) with the days shifted by shift, and the old
// series' rule ends before from. When from was the first session, the
// series' own rule is rewritten instead. A rule hubbook did not make (no
// start recorded, or a shape recur cannot read) is left as it is: the
// sessions are what is on, the rule only records how they were made.
func (s *Store) splitSeries(ctx context.Context, seriesID int64, from model.Session, newFirst time.Time, shift int) error {
	var ser struct {
		RRULE   string       `db:"rrule"`
		DTStart sql.NullTime `db:"dtstart"`
		TZID    string       `db:"tzid"`
	}
	if err := s.getContext(ctx, &ser, `SELECT rrule, dtstart, tzid FROM series WHERE id = $1 FOR UPDATE`, seriesID); err != nil {
		return wrap(err, "lock series")
	}
	loc, err := time.LoadLocation(ser.TZID)
	if !ser.DTStart.Valid || err != nil {
		return nil
	}
	rule, err := recur.Parse(ser.RRULE, loc)
	if err != nil {
		return nil
	}
	var before int
	if err := s.getContext(ctx, &before, `
		SELECT count(*) FROM programme_sessions WHERE series_id = $1 AND starts_at < $2`, seriesID, from.StartsAt); err != nil {
		return wrap(err, "count earlier sessions")
	}
	following := rule
	if rule.Count > 0 {
		following.Count = rule.Count - before
	} else {
		following.Until = rule.Until.AddDate(0, 0, shift)
	}
	followingRule, err := following.RRULE(newFirst, loc)
	if err != nil {
		return nil
	}
	if before == 0 {
		_, err := s.q.ExecContext(ctx, `UPDATE series SET rrule = $2, dtstart = $3, updated_at = now() WHERE id = $1`,
			seriesID, followingRule, newFirst)
		return wrap(err, "rewrite series")
	}
	earlier := rule
	if rule.Count > 0 {
		earlier.Count = before
	} else {
		y, m, d := from.StartsAt.In(loc).Date()
		earlier.Until = time.Date(y, m, d-1, 0, 0, 0, 0, loc)
	}
	earlierRule, err := earlier.RRULE(ser.DTStart.Time, loc)
	if err != nil {
		return nil
	}
	if _, err := s.q.ExecContext(ctx, `UPDATE series SET rrule = $2, updated_at = now() WHERE id = $1`, seriesID, earlierRule); err != nil {
		return wrap(err, "end series")
	}
	var newID int64
	if err := s.getContext(ctx, &newID, `INSERT INTO series (rrule, dtstart, tzid) VALUES ($1, $2, $3) RETURNING id`,
		followingRule, newFirst, ser.TZID); err != nil {
		return wrap(err, "split series")
	}
	// Every later session moves, cancelled ones too: they are no longer in
	// the old rule's dates.
	_, err = s.q.ExecContext(ctx, `
		UPDATE programme_sessions SET series_id = $2
		WHERE series_id = $1 AND (starts_at >= $3 OR public_id = $4)`, seriesID, newID, from.StartsAt, from.PublicID)
	return wrap(err, "move sessions to the new series")
}
