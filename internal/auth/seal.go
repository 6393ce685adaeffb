package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
)

// ErrUnsealable means a sealed value was not sealed with this secret (or
// for this purpose), or was changed since.
var ErrUnsealable = errors.New("sealed value cannot be opened with this secret")

// Sealer encrypts the few secrets hubbook must read again later, such as a
// booking's manage link for its reminder emails, with a key derived from
// HUBBOOK_SECRET: someone who copies the database alone cannot open them.
type Sealer struct {
	aead cipher.AEAD
}

// NewSealer derives a sealing key for purpose from secret (HKDF-SHA256),
// so that one secret gives independent keys for independent uses.
func NewSealer(secret, purpose string) (*Sealer, error) {
	if len(secret) < 32 {
		return nil, errors.New("seal: the secret must be 32 characters or more")
	}
	key, err := hkdf.Key(sha256.New, []byte(secret), nil, "hubbook "+purpose, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts and authenticates plain.
func (s *Sealer) Seal(plain string) []byte {
	return s.aead.Seal(nil, nil, []byte(plain), nil)
}

// Open returns what Seal sealed, or ErrUnsealable.
func (s *Sealer) Open(sealed []byte) (string, error) {
	b, err := s.aead.Open(nil, nil, sealed, nil)
	if err != nil {
		return "", ErrUnsealable
	}
	return string(b), nil
}

// Keyed makes keyed hashes (HMAC-SHA256) with a key derived from
// HUBBOOK_SECRET: stable names for things (an email's Message-ID) that
// nobody without the secret can make or predict.
type Keyed struct {
	key []byte
}

// NewKeyed derives a hashing key for purpose from secret.
func NewKeyed(secret, purpose string) (*Keyed, error) {
	if len(secret) < 32 {
		return nil, errors.New("keyed hash: the secret must be 32 characters or more")
	}
	key, err := hkdf.Key(sha256.New, []byte(secret), nil, "hubbook "+purpose, 32)
	if err != nil {
		return nil, err
	}
	return &Keyed{key: key}, nil
}

// Sum is the keyed hash of s.
func (k *Keyed) Sum(s string) []byte {
	h := hmac.New(sha256.New, k.key)
	h.Write([]byte(s))
	return h.Sum(nil)
}
