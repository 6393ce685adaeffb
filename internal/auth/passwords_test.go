package auth

import (
	"strings"
	"testing"
)

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		password, email, want string
	}{
		{"", "", "Enter a password"},
		{"short one", "", "at least 12 characters"},
		{strings.Repeat("x", 257), "", "at most 256 characters"},
		{"123qweasdzxc", "", "one of the most common"},
		{"1QAZ2WSX3EDC", "", "one of the most common"},
		{"ada@example.org", "Ada@Example.org", "Do not use your email address"},
		{"correct horse battery staple", "", ""},
		{"   spaces   count   ", "", ""},
		{"Fàilte gu Leabharlann 🌈", "", ""}, // any characters
		{strings.Repeat("é", 256), "", ""},  // 256 characters, more bytes
	} {
		got := CheckPassword(tc.password, tc.email)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("CheckPassword(%.20q) = %q, want %q", tc.password, got, tc.want)
		}
	}
}

func TestCommonPasswords_HasTheThousandFromTheList(t *testing.T) {
	if n := len(commonPasswords); n < 990 || n > 1000 {
		t.Errorf("%d common passwords, want about 1,000 (case folding may merge a few)", n)
	}
	for _, p := range []string{"123456", "password", "qwerty", "dragon"} {
		if !commonPasswords[p] {
			t.Errorf("%q is not in the list", p)
		}
	}
}

func TestHashPassword_VerifiesOnlyTheSamePassword(t *testing.T) {
	hash, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q: want argon2id with OWASP's parameters", hash)
	}
	if !VerifyPassword("correct horse battery staple", hash) {
		t.Error("the right password does not verify")
	}
	for _, wrong := range []string{"correct horse battery stapl", "Correct horse battery staple", ""} {
		if VerifyPassword(wrong, hash) {
			t.Errorf("%q verifies", wrong)
		}
	}
	if VerifyPassword("anything at all here", "") {
		t.Error("no account (empty hash) verifies")
	}
	other, _ := HashPassword("correct horse battery staple")
	if other == hash {
		t.Error("two hashes of one password are equal: no salt")
	}
}

// BenchmarkVerifyPassword is the cost of one sign-in's password check.
func BenchmarkVerifyPassword(b *testing.B) {
	hash, err := HashPassword("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		VerifyPassword("correct horse battery staple", hash)
	}
}

// BenchmarkVerifyPassword_NoAccount is the cost of refusing an unknown
// email: it must match BenchmarkVerifyPassword.
func BenchmarkVerifyPassword_NoAccount(b *testing.B) {
	dummyHash()
	b.ReportAllocs()
	for b.Loop() {
		VerifyPassword("correct horse battery staple", "")
	}
}
