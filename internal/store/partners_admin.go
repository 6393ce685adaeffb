package store

import (
	"context"
	"time"

	"hubbook/internal/model"
)

// partnerAudit is the part of a partner the audit log records.
type partnerAudit struct {
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Website string `json:"website"`
	Phone   string `json:"phone"`
}

func auditOfPartner(p model.Partner) partnerAudit {
	return partnerAudit{Slug: p.Slug, Name: p.Name, Website: p.Website, Phone: p.Phone}
}

type versionedPartner struct {
	model.Partner
	UpdatedAt time.Time `db:"updated_at"`
}

// PartnerForEdit returns the partner with slug and its version, which
// UpdatePartner needs back; or model.ErrNotFound.
func (s *Store) PartnerForEdit(ctx context.Context, slug string) (model.Partner, string, error) {
	var r versionedPartner
	err := s.getContext(ctx, &r, `
		SELECT id, slug, name, description, website, phone, updated_at FROM partners WHERE slug = $1`, slug)
	if err != nil {
		return model.Partner{}, "", wrap(err, "partner "+slug)
	}
	return r.Partner, Version(r.UpdatedAt), nil
}

// AddPartner adds p for a person, recording it in the audit log. A slug or
// name another partner has is ErrSlugTaken or ErrNameTaken.
func (s *Store) AddPartner(ctx context.Context, by model.Actor, p model.Partner) (model.Partner, error) {
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		if p, err = tx.CreatePartner(ctx, p); err != nil {
			return taken(err, "partners")
		}
		return tx.audit(ctx, by, change{action: "partner.create", entity: "partner", key: p.Slug, label: p.Name, after: auditOfPartner(p)})
	})
	return p, err
}

// UpdatePartner replaces the details of the partner with slug by p's,
// provided nobody has changed it since the form was opened at version;
// otherwise it changes nothing and returns model.ErrConflict. A missing
// partner is model.ErrNotFound; the other errors are AddPartner's.
func (s *Store) UpdatePartner(ctx context.Context, by model.Actor, slug, version string, p model.Partner) (model.Partner, error) {
	err := s.InTx(ctx, func(tx *Store) error {
		var before versionedPartner
		if err := tx.getContext(ctx, &before, `
			SELECT id, slug, name, description, website, phone, updated_at FROM partners WHERE slug = $1 FOR UPDATE`, slug); err != nil {
			return wrap(err, "lock partner "+slug)
		}
		res, err := tx.q.ExecContext(ctx, `
			UPDATE partners SET slug = $3, name = $4, description = $5, website = $6, phone = $7, updated_at = now()
			WHERE id = $1 AND updated_at = $2`,
			before.ID, versionTime(version), p.Slug, p.Name, p.Description, p.Website, p.Phone)
		if err != nil {
			return wrap(taken(err, "partners"), "update partner "+slug)
		}
		if err := matchedVersion(res, "update partner "+slug); err != nil {
			return err
		}
		p.ID = before.ID
		return tx.audit(ctx, by, change{action: "partner.update", entity: "partner", key: p.Slug, label: p.Name,
			before: auditOfPartner(before.Partner), after: auditOfPartner(p)})
	})
	return p, err
}
