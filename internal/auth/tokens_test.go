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

// A check-in code names its booking, verifies only for its own booking and
// session, and fails when any character is changed.
func TestCheckInCode_OnlyForItsBookingAndSession(t *testing.T) {
	k, err := auth.NewKeyed(strings.Repeat("k", 32), "check-in link")
	if err != nil {
		t.Fatal(err)
	}
	code := auth.CheckInCode(k, "HB-ABCD", "session1")
	if ref, ok := auth.CheckInReference(code); !ok || ref != "HB-ABCD" {
		t.Fatalf("reference of %q: %q %v", code, ref, ok)
	}
	if !auth.VerifyCheckInCode(k, code, "HB-ABCD", "session1") {
		t.Error("its own code does not verify")
	}
	if auth.VerifyCheckInCode(k, code, "HB-ABCD", "session2") {
		t.Error("verifies for another session")
	}
	if auth.VerifyCheckInCode(k, code, "HB-ABCE", "session1") {
		t.Error("verifies for another booking")
	}
	other, _ := auth.NewKeyed(strings.Repeat("x", 32), "check-in link")
	if auth.VerifyCheckInCode(other, code, "HB-ABCD", "session1") {
		t.Error("verifies under another secret")
	}
	for i := range code {
		b := []byte(code)
		b[i] ^= 1
		if auth.VerifyCheckInCode(k, string(b), "HB-ABCD", "session1") {
			t.Errorf("verifies with character %d changed: %q", i, b)
		}
	}
	for _, bad := range []string{"", "ABCD", ".abc", "ABCD.short", "ABCDEFGHJ." + strings.Repeat("a", 22)} {
		if _, ok := auth.CheckInReference(bad); ok {
			t.Errorf("%q read as a check-in code", bad)
		}
	}
}
