package auth

import (
	"bytes"
	"strings"
	"testing"
)

func TestSealer_OpensOnlyWhatItSealed(t *testing.T) {
	a, err := NewSealer(strings.Repeat("a", 32), "manage link")
	if err != nil {
		t.Fatal(err)
	}
	sealed := a.Seal("token-123")
	if bytes.Contains(sealed, []byte("token-123")) {
		t.Fatal("the sealed value shows the token")
	}
	if got, err := a.Open(sealed); err != nil || got != "token-123" {
		t.Errorf("Open = %q, %v", got, err)
	}
	if bytes.Equal(a.Seal("token-123"), sealed) {
		t.Error("sealing twice gives the same bytes: the nonce is not random")
	}
	other, _ := NewSealer(strings.Repeat("b", 32), "manage link")
	purpose, _ := NewSealer(strings.Repeat("a", 32), "something else")
	tampered := append([]byte(nil), sealed...)
	tampered[len(tampered)-1] ^= 1
	for name, open := range map[string]func() (string, error){
		"another secret":  func() (string, error) { return other.Open(sealed) },
		"another purpose": func() (string, error) { return purpose.Open(sealed) },
		"tampered":        func() (string, error) { return a.Open(tampered) },
		"too short":       func() (string, error) { return a.Open([]byte("x")) },
	} {
		if got, err := open(); err != ErrUnsealable {
			t.Errorf("%s: %q, %v; want ErrUnsealable", name, got, err)
		}
	}
	if _, err := NewSealer("short", "x"); err == nil {
		t.Error("a short secret was accepted")
	}
}

func TestKeyed_StablePerSecretAndPurpose(t *testing.T) {
	a, _ := NewKeyed(strings.Repeat("a", 32), "message id")
	b, _ := NewKeyed(strings.Repeat("b", 32), "message id")
	c, _ := NewKeyed(strings.Repeat("a", 32), "people")
	if !bytes.Equal(a.Sum("booking/1"), a.Sum("booking/1")) {
		t.Error("not stable")
	}
	if bytes.Equal(a.Sum("booking/1"), a.Sum("booking/2")) || bytes.Equal(a.Sum("booking/1"), b.Sum("booking/1")) ||
		bytes.Equal(a.Sum("booking/1"), c.Sum("booking/1")) {
		t.Error("different inputs, secrets or purposes give the same sum")
	}
}
