// Package auth holds what signing in needs: password hashing and the
// password rules, login sessions, roles and the sign-in rate limits.
package auth

import (
	"bufio"
	"bytes"
	_ "embed"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
)

// Params are the argon2id parameters: OWASP's recommended minimum (m=19 MiB,
// t=2, p=1). A login costs one hash, about 30 ms of one core and 19 MiB.
var Params = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// The password rules, in characters: long enough to resist guessing, short
// enough that hashing stays cheap.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

//go:embed common-passwords.txt
var commonPasswordsFile []byte

// commonPasswords is the set of the 1,000 most common passwords, lower-cased.
var commonPasswords = func() map[string]bool {
	set := make(map[string]bool, 1000)
	sc := bufio.NewScanner(bytes.NewReader(commonPasswordsFile))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			set[strings.ToLower(line)] = true
		}
	}
	return set
}()

// hashing bounds how many hashes run at once, so that a burst of sign-ins
// costs at most 19 MiB per core rather than per request.
var hashing = make(chan struct{}, max(runtime.GOMAXPROCS(0), 2))

// CheckPassword says in plain words what is wrong with a new password for
// the account email, or returns "" when it is acceptable. Any characters are
// allowed, spaces included.
func CheckPassword(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case password == "":
		return "Enter a password"
	case n < MinPasswordLength:
		return "Enter a password of at least 12 characters: a few words you will remember work well"
	case n > MaxPasswordLength:
		return "Enter a password of at most 256 characters"
	case !utf8.ValidString(password):
		return "Enter a password using only characters you can type"
	case commonPasswords[strings.ToLower(password)]:
		return "That password is one of the most common ones, so it is easy to guess: choose another"
	case email != "" && strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(email)):
		return "Do not use your email address as your password"
	}
	return ""
}

// HashPassword returns the argon2id hash of password in PHC string format.
func HashPassword(password string) (string, error) {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	return argon2id.CreateHash(password, Params)
}

// dummyHash is compared against when an email has no account, so that a
// wrong address takes as long to refuse as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, err := argon2id.CreateHash("no account has this password", Params)
	if err != nil {
		panic(err) // only crypto/rand failing, which the runtime treats as fatal
	}
	return h
})

// Warm makes the dummy hash now, at start, so that the first unknown email
// takes no longer to refuse than a wrong password.
func Warm() { dummyHash() }

// VerifyPassword reports whether password matches hash. An empty hash (no
// such account) is compared against a dummy, taking the same time, and
// never matches.
func VerifyPassword(password, hash string) bool {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	if hash == "" {
		argon2id.ComparePasswordAndHash(password, dummyHash())
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}
