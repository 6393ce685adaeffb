package model

import (
	"errors"
	"time"
)

// Sentinel errors of accounts and edits.
var (
	// ErrConflict means someone else changed the thing since the form was
	// opened; the edit was not saved.
	ErrConflict = errors.New("changed by someone else")
	// ErrEmailTaken means another account already uses the email address.
	ErrEmailTaken = errors.New("email address already has an account")
	// ErrInvalidToken means a one-time link is unknown, used or expired.
	ErrInvalidToken = errors.New("link is not valid")
)

// Role is what an account may do.
type Role string

// The roles. Citizens have no account.
const (
	// RoleAdmin can do everything, including managing accounts.
	RoleAdmin Role = "admin"
	// RoleStaff manages the programme, venues, spaces and partners.
	RoleStaff Role = "staff"
	// RoleNavigator helps citizens at the desk and on the phone.
	RoleNavigator Role = "navigator"
	// RolePartner works for one partner organisation.
	RolePartner Role = "partner"
)

// Roles lists every role, in the order forms offer them.
var Roles = []Role{RoleStaff, RoleNavigator, RolePartner, RoleAdmin}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleStaff, RoleNavigator, RolePartner:
		return true
	}
	return false
}

// Label is the role's name as people read it.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Admin"
	case RoleStaff:
		return "Staff"
	case RoleNavigator:
		return "Community navigator"
	case RolePartner:
		return "Partner"
	}
	return string(r)
}

// User is an account: a member of staff, a navigator, a partner's worker or
// an admin.
type User struct {
	ID           int64      `db:"id"`
	Email        string     `db:"email"`
	Name         string     `db:"name"`
	Role         Role       `db:"role"`
	PartnerID    *int64     `db:"partner_id"`
	PartnerName  string     `db:"partner_name"`
	PasswordHash string     `db:"password_hash"`
	AuthVersion  int        `db:"auth_version"`
	DisabledAt   *time.Time `db:"disabled_at"`
	LastLoginAt  *time.Time `db:"last_login_at"`
	CreatedAt    time.Time  `db:"created_at"`
	UpdatedAt    time.Time  `db:"updated_at"`
}

// Disabled reports whether the account may no longer sign in.
func (u User) Disabled() bool { return u.DisabledAt != nil }

// Is reports whether the user has one of roles.
func (u User) Is(roles ...Role) bool {
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

// Actor is who made a change, as the audit log records it.
type Actor struct {
	ID   int64
	Name string
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID          int64     `db:"id"`
	At          time.Time `db:"at"`
	ActorID     *int64    `db:"actor_id"`
	ActorName   string    `db:"actor_name"`
	Action      string    `db:"action"`
	Entity      string    `db:"entity"`
	EntityKey   string    `db:"entity_key"`
	EntityLabel string    `db:"entity_label"`
	// Before and After are the key fields as JSON objects; nil when the
	// thing did not exist before or does not after.
	Before []byte `db:"before"`
	After  []byte `db:"after"`
}

// AuditFilter narrows the audit log. Zero values mean "any".
type AuditFilter struct {
	ActorID   int64
	Entity    string
	Action    string
	EntityKey string
	From, To  time.Time
	Limit     int
	Offset    int
}
