package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// tokenBytes is how much randomness a one-time link carries: 256 bits, far
// beyond guessing however many tries an attacker makes.
const tokenBytes = 32

// tokenLength is a token's length in characters: 32 bytes in unpadded
// URL-safe base64.
var tokenLength = base64.RawURLEncoding.EncodedLen(tokenBytes)

// NewToken returns a new random token for a one-time link, safe to put in a
// URL path, and its hash, which is all the database keeps: someone who
// reads the database cannot use a link they find there.
func NewToken() (token string, hash []byte) {
	b := make([]byte, tokenBytes)
	rand.Read(b) // never fails: the runtime treats a crypto/rand failure as fatal
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the SHA-256 of token, as the database keeps it. A plain
// hash is enough (no salt, no stretching): the token is random, not chosen
// by a person, so there is nothing to guess from.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// WellFormedToken reports whether token could have come from NewToken, so
// that a mistyped or made-up link is refused without asking the database.
func WellFormedToken(token string) bool {
	if len(token) != tokenLength {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(token)
	return err == nil && len(b) == tokenBytes
}
