package store

import (
	"context"
	"regexp"
)

// AuditEntities lists the kinds of thing the log holds (user, session,
// venue, ...), for the audit page's filter.
func (s *Store) AuditEntities(ctx context.Context) ([]string, error) {
	var entities []string
	err := s.selectContext(ctx, &entities, `SELECT DISTINCT entity FROM audit_log ORDER BY entity`)
	return entities, wrap(err, "audit entities")
}

// MaxUserNameLength is the longest name an account may have, in characters,
// as the users table allows.
const MaxUserNameLength = 120

// emailPattern is the users table's CHECK on email addresses: something,
// an @, and a domain with a dot.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// ValidEmail reports whether email, once normalised, is an address the
// users table accepts.
func ValidEmail(email string) bool {
	e := NormaliseEmail(email)
	return len(e) <= 254 && emailPattern.MatchString(e)
}
