package web

import (
	"net/url"
	"strings"
	"testing"

	"hubbook/internal/auth"
	"hubbook/internal/model"
)

// TestCheckInURL_IsTheAbsoluteSignedLinkOrNothing checks the link a
// booking's QR code carries: absolute on the service's address, its code
// genuine for the booking and its session, and none without a key.
func TestCheckInURL_IsTheAbsoluteSignedLinkOrNothing(t *testing.T) {
	t.Parallel()
	key, err := auth.NewKeyed(strings.Repeat("k", 32), "check-in link")
	if err != nil {
		t.Fatal(err)
	}
	b := model.Booking{Reference: "HB-7K4M", Session: model.Session{PublicID: "abcdefgh2345"}}
	s := &Server{deps: Deps{CheckIns: key, BaseURL: &url.URL{Scheme: "https", Host: "hubbook.example.org"}}}
	link := s.checkInURL(b)
	code, ok := strings.CutPrefix(link, "https://hubbook.example.org/check-in/")
	if !ok {
		t.Fatalf("link %q is not an absolute check-in link", link)
	}
	if ref, ok := auth.CheckInReference(code); !ok || ref != b.Reference || !auth.VerifyCheckInCode(key, code, ref, b.Session.PublicID) {
		t.Errorf("code %q does not name %s on its session", code, b.Reference)
	}
	if u, err := url.Parse(link); err != nil || u.Path != "/check-in/"+code {
		t.Errorf("link %q does not parse back to its code (%v)", link, err)
	}
	s.deps.CheckIns = nil
	if link := s.checkInURL(b); link != "" {
		t.Errorf("without a key: %q, want no link", link)
	}
}
