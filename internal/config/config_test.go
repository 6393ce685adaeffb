package config

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParse_DefaultsRunLocally(t *testing.T) {
	c, err := Parse(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.BaseURL.String() != "http://127.0.0.1:8080" || c.DatabaseURL != "" ||
		c.DataDir != ".data" || c.Location.String() != "Europe/London" || c.Production() || c.DBMaxOpen != 20 || c.DBMaxIdle != 20 {
		t.Errorf("defaults: %+v", c)
	}
}

func TestParse_ReadsEveryVariable(t *testing.T) {
	c, err := Parse(env(map[string]string{
		"HUBBOOK_ADDR": "0.0.0.0:9000", "HUBBOOK_BASE_URL": "https://hubs.example.org/", "DATABASE_URL": "postgres://x/y",
		"HUBBOOK_DATA_DIR": "/var/lib/hubbook", "HUBBOOK_ENV": "production", "HUBBOOK_TIMEZONE": "Europe/Dublin",
		"DB_MAX_OPEN_CONNS": "5", "HUBBOOK_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1", "DB_MAX_IDLE_CONNS": "2", "HUBBOOK_SERVICE_NAME": "Hubs", "HUBBOOK_SERVICE_PHONE": "0131 496 0999",
		"HUBBOOK_SECRET": strings.Repeat("k", 40), "SMTP_URL": "smtps://u:p@mail.example.org", "MAIL_FROM": "Hubs <hello@example.org>",
		"MAIL_WORKERS": "3",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.BaseURL.String() != "https://hubs.example.org" || c.DatabaseURL != "postgres://x/y" ||
		c.DataDir != "/var/lib/hubbook" || !c.Production() || c.Location.String() != "Europe/Dublin" ||
		c.DBMaxOpen != 5 || c.DBMaxIdle != 2 || c.ServiceName != "Hubs" || c.ServicePhone != "0131 496 0999" || len(c.TrustedProxies) != 2 ||
		c.Secret != strings.Repeat("k", 40) || c.SMTPURL != "smtps://u:p@mail.example.org" || c.MailFrom != "Hubs <hello@example.org>" || c.MailWorkers != 3 {
		t.Errorf("parsed: %+v", c)
	}
}

func TestParse_ReportsEveryProblemAtOnce(t *testing.T) {
	_, err := Parse(env(map[string]string{
		"HUBBOOK_ADDR": "8080", "HUBBOOK_BASE_URL": "ftp://x", "HUBBOOK_TIMEZONE": "Nowhere/Town",
		"HUBBOOK_ENV": "staging", "DB_MAX_OPEN_CONNS": "0", "DB_MAX_IDLE_CONNS": "many", "HUBBOOK_TRUSTED_PROXIES": "proxy.local",
	}))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"HUBBOOK_ADDR", "HUBBOOK_BASE_URL", "HUBBOOK_TIMEZONE", "HUBBOOK_ENV", "DB_MAX_OPEN_CONNS", "DB_MAX_IDLE_CONNS", "HUBBOOK_TRUSTED_PROXIES"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
}

func TestParse_ProductionNeedsADatabase(t *testing.T) {
	if _, err := Parse(env(map[string]string{"HUBBOOK_ENV": "production"})); err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("err = %v", err)
	}
}

func TestParse_BookingSettings(t *testing.T) {
	c, err := Parse(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Booking.Cutoff != 0 || c.Booking.ReserveOpens != 2*time.Hour || c.BookingRateLimit != 60 {
		t.Errorf("defaults: cut-off %s, reserve opens %s, rate limit %d", c.Booking.Cutoff, c.Booking.ReserveOpens, c.BookingRateLimit)
	}
	if c.Booking.SpaceMaxLength != 12*time.Hour || c.Booking.Location != c.Location {
		t.Errorf("defaults: space bookings up to %s in %v", c.Booking.SpaceMaxLength, c.Booking.Location)
	}
	if c, err := Parse(env(map[string]string{"SPACE_BOOKING_MAX_LENGTH": "72h"})); err != nil || c.Booking.SpaceMaxLength != 72*time.Hour {
		t.Errorf("SPACE_BOOKING_MAX_LENGTH=72h: %s, %v", c.Booking.SpaceMaxLength, err)
	}
	for _, bad := range []string{"0", "200h", "long"} {
		if _, err := Parse(env(map[string]string{"SPACE_BOOKING_MAX_LENGTH": bad})); err == nil || !strings.Contains(err.Error(), "SPACE_BOOKING_MAX_LENGTH") {
			t.Errorf("SPACE_BOOKING_MAX_LENGTH=%s: %v", bad, err)
		}
	}
	c, err = Parse(env(map[string]string{"BOOKING_CUTOFF": "30m", "WALK_IN_RESERVE_OPENS": "0", "BOOKING_RATE_LIMIT": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Booking.Cutoff != 30*time.Minute || c.Booking.ReserveOpens != 0 || c.BookingRateLimit != 0 {
		t.Errorf("parsed: %+v, rate limit %d", c.Booking, c.BookingRateLimit)
	}
	_, err = Parse(env(map[string]string{"BOOKING_CUTOFF": "-1h", "WALK_IN_RESERVE_OPENS": "soon", "BOOKING_RATE_LIMIT": "-1"}))
	for _, want := range []string{"BOOKING_CUTOFF", "WALK_IN_RESERVE_OPENS", "BOOKING_RATE_LIMIT"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
}

func TestParse_ProductionNeedsASecretAndAMailServer(t *testing.T) {
	_, err := Parse(env(map[string]string{"HUBBOOK_ENV": "production", "DATABASE_URL": "postgres://x/y"}))
	for _, want := range []string{"HUBBOOK_SECRET", "SMTP_URL"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
	_, err = Parse(env(map[string]string{"HUBBOOK_SECRET": "short"}))
	if err == nil || !strings.Contains(err.Error(), "32 characters") {
		t.Errorf("a short secret: %v", err)
	}
}

func TestParse_MailSettings(t *testing.T) {
	c, err := Parse(env(map[string]string{"HUBBOOK_BASE_URL": "https://hubs.example.org"}))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Booking.Reminders, []time.Duration{24 * time.Hour, 2 * time.Hour}) || c.Booking.FeedbackAfter != 2*time.Hour || c.Retention != 365*24*time.Hour ||
		c.MailFrom != `"Library and Community Hubs" <noreply@hubs.example.org>` || c.MailWorkers != 5 || c.SMTPURL != "" {
		t.Errorf("defaults: reminders %v, feedback %s, from %q, workers %d", c.Booking.Reminders, c.Booking.FeedbackAfter, c.MailFrom, c.MailWorkers)
	}
	c, err = Parse(env(map[string]string{"REMINDER_OFFSETS": "48h, 30m", "FEEDBACK_EMAILS": "on", "FEEDBACK_DELAY": "3h"}))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Booking.Reminders, []time.Duration{48 * time.Hour, 30 * time.Minute}) || c.Booking.FeedbackAfter != 3*time.Hour {
		t.Errorf("parsed: reminders %v, feedback %s", c.Booking.Reminders, c.Booking.FeedbackAfter)
	}
	if c, err = Parse(env(map[string]string{"FEEDBACK_EMAILS": "off", "RETENTION_DAYS": "30"})); err != nil || c.Booking.FeedbackAfter != 0 || c.Retention != 30*24*time.Hour {
		t.Errorf("feedback off, 30 days: %s %s %v", c.Booking.FeedbackAfter, c.Retention, err)
	}
	if c, err = Parse(env(map[string]string{"REMINDER_OFFSETS": "none"})); err != nil || len(c.Booking.Reminders) != 0 {
		t.Errorf("none: %v %v", c.Booking.Reminders, err)
	}
	_, err = Parse(env(map[string]string{"REMINDER_OFFSETS": "24h,soon", "FEEDBACK_EMAILS": "yes", "MAIL_FROM": "not an address",
		"SMTP_URL": "http://mail.example.org", "MAIL_WORKERS": "0", "RETENTION_DAYS": "0"}))
	for _, want := range []string{"REMINDER_OFFSETS", "FEEDBACK_EMAILS", "MAIL_FROM", "SMTP_URL", "MAIL_WORKERS", "RETENTION_DAYS"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
}

func TestParseSMTP_ReadsEachForm(t *testing.T) {
	for _, c := range []struct {
		url  string
		want SMTP
	}{
		{"smtps://user:p%40ss@mail.example.org", SMTP{Host: "mail.example.org", Port: 465, Username: "user", Password: "p@ss", TLS: "implicit"}},
		{"smtp://user:pass@mail.example.org:587", SMTP{Host: "mail.example.org", Port: 587, Username: "user", Password: "pass", TLS: "required"}},
		{"smtp://mail.example.org:25?tls=opportunistic", SMTP{Host: "mail.example.org", Port: 25, TLS: "opportunistic"}},
		{"smtp://127.0.0.1:2525?tls=none", SMTP{Host: "127.0.0.1", Port: 2525, TLS: "none"}},
	} {
		got, err := ParseSMTP(c.url)
		if err != nil || got != c.want {
			t.Errorf("%s: got %+v, %v; want %+v", c.url, got, err, c.want)
		}
	}
	for _, bad := range []string{"mail.example.org", "smtp://", "smtp://h:99999", "smtps://h?tls=none", "smtp://h?tls=maybe", "imap://h", "smtp://mail.example.org?tls=none"} {
		if _, err := ParseSMTP(bad); err == nil || !strings.Contains(err.Error(), "SMTP_URL") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
