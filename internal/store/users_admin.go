package store

import "regexp"

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
