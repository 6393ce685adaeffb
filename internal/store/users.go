package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

const userColumns = `
	u.id, u.email, u.name, u.role, u.partner_id, coalesce(p.name, '') AS partner_name,
	u.password_hash, u.auth_version, u.disabled_at, u.last_login_at, u.created_at, u.updated_at`

const userJoins = ` FROM users u LEFT JOIN partners p ON p.id = u.partner_id`

// NormaliseEmail is the form email addresses are stored and looked up in.
func NormaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// NewUser is what it takes to make an account.
type NewUser struct {
	Email        string
	Name         string
	Role         model.Role
	PartnerID    *int64
	PasswordHash string
}

// userAudit is the part of an account the audit log records: never the hash.
type userAudit struct {
	Email     string     `json:"email"`
	Name      string     `json:"name"`
	Role      model.Role `json:"role"`
	PartnerID *int64     `json:"partner_id,omitempty"`
	Disabled  bool       `json:"disabled"`
}

func auditOfUser(u model.User) userAudit {
	return userAudit{Email: u.Email, Name: u.Name, Role: u.Role, PartnerID: u.PartnerID, Disabled: u.Disabled()}
}

// CreateUser makes an account, or returns model.ErrEmailTaken.
func (s *Store) CreateUser(ctx context.Context, by model.Actor, n NewUser) (model.User, error) {
	var u model.User
	err := s.InTx(ctx, func(tx *Store) error {
		var id int64
		err := tx.getContext(ctx, &id, `
			INSERT INTO users (email, name, role, partner_id, password_hash)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			NormaliseEmail(n.Email), strings.TrimSpace(n.Name), n.Role, n.PartnerID, n.PasswordHash)
		if isUniqueViolation(err, "users_email_key") {
			return model.ErrEmailTaken
		}
		if err != nil {
			return wrap(err, "create user")
		}
		if u, err = tx.User(ctx, id); err != nil {
			return err
		}
		return tx.audit(ctx, by, change{action: "user.create", entity: "user", key: u.Email, label: u.Name, after: auditOfUser(u)})
	})
	return u, err
}

// User returns the account with id, or model.ErrNotFound.
func (s *Store) User(ctx context.Context, id int64) (model.User, error) {
	var u model.User
	err := s.getContext(ctx, &u, `SELECT `+userColumns+userJoins+` WHERE u.id = $1`, id)
	return u, wrap(err, "user")
}

// UserByEmail returns the account with email, or model.ErrNotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (model.User, error) {
	var u model.User
	err := s.getContext(ctx, &u, `SELECT `+userColumns+userJoins+` WHERE u.email = $1`, NormaliseEmail(email))
	return u, wrap(err, "user by email")
}

// Users returns every account, enabled first, then by name.
func (s *Store) Users(ctx context.Context) ([]model.User, error) {
	var users []model.User
	err := s.selectContext(ctx, &users, `SELECT `+userColumns+userJoins+
		` ORDER BY u.disabled_at IS NOT NULL, lower(u.name), u.id`)
	return users, wrap(err, "users")
}

// RecordSignIn notes when the account last signed in.
func (s *Store) RecordSignIn(ctx context.Context, id int64, at time.Time) error {
	_, err := s.q.ExecContext(ctx, `UPDATE users SET last_login_at = $2 WHERE id = $1`, id, at)
	return wrap(err, "record sign-in")
}

// UserChange is what an admin may change about an account.
type UserChange struct {
	Name      string
	Role      model.Role
	PartnerID *int64
	Disabled  bool
	// UnchangedSince, when not zero, is the account's UpdatedAt as the admin
	// saw it: if the account changed after that, nothing is saved and
	// UpdateUser returns model.ErrConflict.
	UnchangedSince time.Time
}

// UpdateUser changes an account's name, role, partner and whether it is
// disabled. Disabling ends every login session the account has: its
// auth_version moves on. With c.UnchangedSince set it saves only if nobody
// changed the account since, checked under the row lock.
func (s *Store) UpdateUser(ctx context.Context, by model.Actor, id int64, c UserChange) (model.User, error) {
	var after model.User
	err := s.InTx(ctx, func(tx *Store) error {
		var before model.User
		if err := tx.getContext(ctx, &before, `SELECT `+userColumns+userJoins+` WHERE u.id = $1 FOR UPDATE OF u`, id); err != nil {
			return wrap(err, "lock user")
		}
		if !c.UnchangedSince.IsZero() && before.UpdatedAt.UnixMicro() != c.UnchangedSince.UnixMicro() {
			return model.ErrConflict
		}
		_, err := tx.q.ExecContext(ctx, `
			UPDATE users SET name = $2, role = $3, partner_id = $4,
				disabled_at = CASE WHEN $5 THEN coalesce(disabled_at, now()) END,
				auth_version = auth_version + CASE WHEN $5 AND disabled_at IS NULL THEN 1 ELSE 0 END,
				updated_at = now()
			WHERE id = $1`, id, strings.TrimSpace(c.Name), c.Role, c.PartnerID, c.Disabled)
		if err != nil {
			return wrap(err, "update user")
		}
		if after, err = tx.User(ctx, id); err != nil {
			return err
		}
		// A staff calendar address ends with the account or its staff role
		// for good: enabled or promoted again, a leaked old address must
		// not come back to life.
		if c.Disabled || (c.Role != model.RoleStaff && c.Role != model.RoleAdmin) {
			if _, err := tx.revokeFeedToken(ctx, by, model.FeedOwner{UserID: id}); err != nil {
				return err
			}
		}
		action := "user.update"
		switch {
		case c.Disabled && !before.Disabled():
			action = "user.disable"
		case !c.Disabled && before.Disabled():
			action = "user.enable"
		case before.Role != after.Role:
			action = "user.change_role"
		}
		return tx.audit(ctx, by, change{action: action, entity: "user", key: after.Email, label: after.Name,
			before: auditOfUser(before), after: auditOfUser(after)})
	})
	return after, err
}

// CreatePasswordReset records a one-time link for the account, by the hash
// of its token, valid until expires.
func (s *Store) CreatePasswordReset(ctx context.Context, by model.Actor, userID int64, tokenHash []byte, expires time.Time) error {
	return s.InTx(ctx, func(tx *Store) error {
		u, err := tx.User(ctx, userID)
		if err != nil {
			return err
		}
		_, err = tx.q.ExecContext(ctx, `
			INSERT INTO password_resets (token_hash, user_id, created_by, expires_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, userID, nullID(by.ID), expires)
		if err != nil {
			return wrap(err, "create password reset")
		}
		return tx.audit(ctx, by, change{action: "user.reset_link", entity: "user", key: u.Email, label: u.Name})
	})
}

// PasswordResetUser returns the account a live reset link is for, or
// model.ErrInvalidToken.
func (s *Store) PasswordResetUser(ctx context.Context, tokenHash []byte, now time.Time) (model.User, error) {
	var id int64
	err := s.getContext(ctx, &id, `
		SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.disabled_at IS NULL`, tokenHash, now)
	if errors.Is(err, sql.ErrNoRows) {
		return model.User{}, model.ErrInvalidToken
	}
	if err != nil {
		return model.User{}, wrap(err, "password reset")
	}
	return s.User(ctx, id)
}

// ResetPassword uses a reset link: it sets the account's password, spends
// the link and every other link of the account, and ends the account's
// other login sessions. It returns model.ErrInvalidToken when the link is
// unknown, used or expired, even when two people use it at once.
func (s *Store) ResetPassword(ctx context.Context, tokenHash []byte, passwordHash string, now time.Time) (model.User, error) {
	var u model.User
	err := s.InTx(ctx, func(tx *Store) error {
		var id int64
		err := tx.getContext(ctx, &id, `
			UPDATE password_resets r SET used_at = $2
			FROM users u
			WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2
			  AND u.id = r.user_id AND u.disabled_at IS NULL
			RETURNING r.user_id`, tokenHash, now)
		if errors.Is(err, sql.ErrNoRows) {
			return model.ErrInvalidToken
		}
		if err != nil {
			return wrap(err, "spend password reset")
		}
		if _, err := tx.q.ExecContext(ctx, `
			UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, id, now); err != nil {
			return wrap(err, "spend other password resets")
		}
		if _, err := tx.q.ExecContext(ctx, `
			UPDATE users SET password_hash = $2, auth_version = auth_version + 1, updated_at = now()
			WHERE id = $1`, id, passwordHash); err != nil {
			return wrap(err, "set password")
		}
		if u, err = tx.User(ctx, id); err != nil {
			return err
		}
		return tx.audit(ctx, model.Actor{ID: u.ID, Name: u.Name},
			change{action: "user.set_password", entity: "user", key: u.Email, label: u.Name})
	})
	return u, err
}

// SetPassword changes an account's password from the command line.
func (s *Store) SetPassword(ctx context.Context, by model.Actor, id int64, passwordHash string) error {
	return s.InTx(ctx, func(tx *Store) error {
		u, err := tx.User(ctx, id)
		if err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, `
			UPDATE users SET password_hash = $2, auth_version = auth_version + 1, updated_at = now()
			WHERE id = $1`, id, passwordHash); err != nil {
			return wrap(err, "set password")
		}
		return tx.audit(ctx, by, change{action: "user.set_password", entity: "user", key: u.Email, label: u.Name})
	})
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// isUniqueViolation reports whether err is a unique violation of constraint.
func isUniqueViolation(err error, constraint string) bool {
	pqErr := pq.As(err)
	return pqErr != nil && pqErr.Code == "23505" && pqErr.Constraint == constraint
}
