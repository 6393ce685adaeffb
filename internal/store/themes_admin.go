package store

import (
	"context"

	"hubbook/internal/model"
)

// themeAudit is the part of a theme the audit log records.
type themeAudit struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

func auditOfTheme(t model.Theme) themeAudit {
	return themeAudit{Slug: t.Slug, Name: t.Name, Description: t.Description}
}

// The themes table has no updated_at, so a theme's version is the row's
// xmin: the id of the transaction that last wrote it, which every UPDATE
// changes (freezing keeps it since PostgreSQL 9.4).
type versionedTheme struct {
	model.Theme
	Version string `db:"version"`
}

const versionedThemeColumns = `id, slug, name, description, xmin::text AS version`

// ThemeForEdit returns the theme with slug and its version, which
// UpdateTheme needs back; or model.ErrNotFound.
func (s *Store) ThemeForEdit(ctx context.Context, slug string) (model.Theme, string, error) {
	var r versionedTheme
	if err := s.getContext(ctx, &r, `SELECT `+versionedThemeColumns+` FROM themes WHERE slug = $1`, slug); err != nil {
		return model.Theme{}, "", wrap(err, "theme "+slug)
	}
	return r.Theme, r.Version, nil
}

// AddTheme adds t after every other theme for a person, recording it in
// the audit log. A slug or name another theme has is ErrSlugTaken or
// ErrNameTaken.
func (s *Store) AddTheme(ctx context.Context, by model.Actor, t model.Theme) (model.Theme, error) {
	err := s.InTx(ctx, func(tx *Store) error {
		err := tx.getContext(ctx, &t.ID, `
			INSERT INTO themes (slug, name, description, position)
			SELECT $1, $2, $3, coalesce(max(position), 0) + 1 FROM themes
			RETURNING id`, t.Slug, t.Name, t.Description)
		if err != nil {
			return wrap(taken(err, "themes"), "create theme "+t.Slug)
		}
		return tx.audit(ctx, by, change{action: "theme.create", entity: "theme", key: t.Slug, label: t.Name, after: auditOfTheme(t)})
	})
	return t, err
}

// UpdateTheme replaces the details of the theme with slug by t's,
// provided nobody has changed it since the form was opened at version;
// otherwise it changes nothing and returns model.ErrConflict. A missing
// theme is model.ErrNotFound; the other errors are AddTheme's.
func (s *Store) UpdateTheme(ctx context.Context, by model.Actor, slug, version string, t model.Theme) (model.Theme, error) {
	err := s.InTx(ctx, func(tx *Store) error {
		var before versionedTheme
		if err := tx.getContext(ctx, &before, `SELECT `+versionedThemeColumns+` FROM themes WHERE slug = $1 FOR UPDATE`, slug); err != nil {
			return wrap(err, "lock theme "+slug)
		}
		res, err := tx.q.ExecContext(ctx, `
			UPDATE themes SET slug = $3, name = $4, description = $5
			WHERE id = $1 AND xmin::text = $2`,
			before.ID, version, t.Slug, t.Name, t.Description)
		if err != nil {
			return wrap(taken(err, "themes"), "update theme "+slug)
		}
		if err := matchedVersion(res, "update theme "+slug); err != nil {
			return err
		}
		t.ID = before.ID
		return tx.audit(ctx, by, change{action: "theme.update", entity: "theme", key: t.Slug, label: t.Name,
			before: auditOfTheme(before.Theme), after: auditOfTheme(t)})
	})
	return t, err
}
