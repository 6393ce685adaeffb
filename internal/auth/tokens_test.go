package auth_test

import (
	"bytes"
	"crypto/sha256"
	"net/url"
	"strings"
	"testing"

	"hubbook/internal/auth"
)

func TestNewToken_IsURLSafeUniqueAndHashedWithSHA256(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		token, hash := auth.NewToken()
		if len(token) != 43 || url.PathEscape(token) != token || strings.ContainsAny(token, "=+/") {
			t.Fatalf("token %q is not 43 URL-safe characters", token)
		}
		if seen[token] {
			t.Fatalf("token %q made twice", token)
		}
		seen[token] = true
		want := sha256.Sum256([]byte(token))
		if !bytes.Equal(hash, want[:]) || !bytes.Equal(auth.HashToken(token), hash) {
			t.Fatalf("hash of %q is not its SHA-256", token)
		}
		if !auth.WellFormedToken(token) {
			t.Fatalf("WellFormedToken(%q) = false for a new token", token)
		}
	}
}

func TestWellFormedToken_RefusesWhatNewTokenNeverMakes(t *testing.T) {
	token, _ := auth.NewToken()
	for name, bad := range map[string]string{
		"empty":          "",
		"short":          token[:42],
		"long":           token + "A",
		"padded":         token[:42] + "=",
		"standard alpha": token[:41] + "+/",
		"space":          token[:42] + " ",
		"path":           "../../../../../../../../../../etc/passwd.txt",
		// The last character of 32 bytes in base64 carries 2 spare bits,
		// which must be zero: another spelling of the same bytes is refused.
		"non-canonical": strings.Repeat("A", 42) + "B",
	} {
		if auth.WellFormedToken(bad) {
			t.Errorf("%s: WellFormedToken(%q) = true", name, bad)
		}
	}
	if !auth.WellFormedToken(strings.Repeat("A", 43)) {
		t.Error("the canonical spelling of 32 zero bytes is refused")
	}
}
