package store

import (
	"context"
	"encoding/json"
	"fmt"

	"hubbook/internal/model"
)

// commandLine is the actor name of changes made with the hubbook command.
const commandLine = "command line"

// change is one audit log line before it is written.
type change struct {
	action, entity, key, label string
	// before and after are the key fields, marshalled to JSON objects; nil
	// is written as SQL NULL.
	before, after any
}

// audit writes c to the audit log as done by by. Call it in the
// transaction that makes the change, so that neither is kept without the
// other.
func (s *Store) audit(ctx context.Context, by model.Actor, c change) error {
	before, err := jsonOrNil(c.before)
	if err != nil {
		return err
	}
	after, err := jsonOrNil(c.after)
	if err != nil {
		return err
	}
	var actorID *int64
	name := by.Name
	if by.ID != 0 {
		actorID = &by.ID
	}
	if name == "" {
		name = commandLine
	}
	_, err = s.q.ExecContext(ctx, `
		INSERT INTO audit_log (actor_id, actor_name, action, entity, entity_key, entity_label, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		actorID, name, c.action, c.entity, c.key, c.label, before, after)
	return wrap(err, "write audit log "+c.action)
}

func jsonOrNil(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return b, nil
}

// AuditLog returns the entries matching f, newest first, and how many
// match in all.
func (s *Store) AuditLog(ctx context.Context, f model.AuditFilter) ([]model.AuditEntry, int, error) {
	var c conditions
	if f.ActorID != 0 {
		c.add("actor_id = ?", f.ActorID)
	}
	if f.Entity != "" {
		c.add("entity = ?", f.Entity)
	}
	if f.Action != "" {
		c.add("action = ?", f.Action)
	}
	if f.EntityKey != "" {
		c.add("(entity_key = ? OR entity_label ILIKE ?)", f.EntityKey, likeContains(f.EntityKey))
	}
	if !f.From.IsZero() {
		c.add("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		c.add("at < ?", f.To)
	}
	cond, args := c.sql(), c.args
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	var entries []model.AuditEntry
	err := s.selectContext(ctx, &entries, `
		SELECT id, at, actor_id, actor_name, action, entity, entity_key, entity_label, before, after
		FROM audit_log WHERE `+cond+fmt.Sprintf(` ORDER BY at DESC, id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, wrap(err, "audit log")
	}
	var total int
	err = s.getContext(ctx, &total, `SELECT count(*) FROM audit_log WHERE `+cond, args...)
	return entries, total, wrap(err, "count audit log")
}
