package notify_test

import (
	"context"
	"testing"

	gomail "github.com/wneessen/go-mail"

	"hubbook/internal/config"
	"hubbook/internal/notify"
)

// STARTTLS required (smtp://) never falls back to sending in the clear to
// a server that does not offer it; opportunistic (?tls=opportunistic) and
// none (?tls=none) send.
func TestSMTP_TLSPolicies(t *testing.T) {
	t.Parallel()
	server := startMailServer(t, nil)
	for _, c := range []struct {
		tls  string
		sent bool
	}{{"required", false}, {"opportunistic", true}, {"none", true}} {
		s, err := notify.NewSMTP(config.SMTP{Host: "127.0.0.1", Port: server.Port, TLS: c.tls})
		if err != nil {
			t.Fatal(err)
		}
		m := gomail.NewMsg()
		m.From("noreply@hubbook.example.org")
		m.To(c.tls + "@example.org")
		m.Subject("Policy " + c.tls)
		m.SetBodyString(gomail.TypeTextPlain, "Hello")
		err = s.Send(context.Background(), m)
		if got := len(byTo(server.messages(), c.tls+"@example.org")); (got == 1) != c.sent || (err == nil) != c.sent {
			t.Errorf("tls=%s: %d delivered, err %v; want delivered %v", c.tls, got, err, c.sent)
		}
		// A server that stops offering STARTTLS may be mended: the message
		// is tried again later, not given up at once.
		if err != nil && notify.Classify(err) != notify.Retry {
			t.Errorf("tls=%s: %v is not retried", c.tls, err)
		}
	}
}
