// Package config reads hubbook's configuration from the environment and
// validates it once, at start, so that a bad setting stops the process with a
// clear message instead of failing a request later.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"hubbook/internal/model"
)

// Config is the whole of hubbook's configuration.
type Config struct {
	// Addr is where the HTTP server listens (HUBBOOK_ADDR).
	Addr string
	// BaseURL is the public address, used in links that leave the site (HUBBOOK_BASE_URL).
	BaseURL *url.URL
	// DatabaseURL is the PostgreSQL connection string (DATABASE_URL). Empty
	// means: use the local cluster under DataDir.
	DatabaseURL string
	// DataDir holds the local cluster and, later, outgoing mail (HUBBOOK_DATA_DIR).
	DataDir string
	// Location is the time zone sessions are shown in (HUBBOOK_TIMEZONE).
	Location *time.Location
	// Env is "development" or "production" (HUBBOOK_ENV).
	Env string
	// DBMaxOpen and DBMaxIdle limit the connection pool (DB_MAX_OPEN_CONNS, DB_MAX_IDLE_CONNS).
	DBMaxOpen int
	DBMaxIdle int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header is
	// believed for the client's address (HUBBOOK_TRUSTED_PROXIES, comma-separated
	// addresses or CIDR ranges; none by default).
	TrustedProxies []string
	// ServiceName and ServicePhone appear in the footer and on printed programmes
	// (HUBBOOK_SERVICE_NAME, HUBBOOK_SERVICE_PHONE).
	ServiceName  string
	ServicePhone string
	// SessionIdle ends a login session unused for this long
	// (HUBBOOK_SESSION_IDLE_TIMEOUT, default 2h); SessionLifetime ends it this
	// long after sign-in however busy (HUBBOOK_SESSION_LIFETIME, default 12h).
	SessionIdle     time.Duration
	SessionLifetime time.Duration
	// Booking holds the booking rules: online booking closes BOOKING_CUTOFF
	// before a session starts (default 0: at the start), and a session's
	// walk-in reserve opens to online booking WALK_IN_RESERVE_OPENS before
	// it starts (default 2h).
	Booking model.BookingRules
	// BookingRateLimit is how many booking form posts one client address
	// may make a minute (BOOKING_RATE_LIMIT, default 60; 0 turns it off).
	BookingRateLimit int
	// Secret keys what must survive a leak of the database alone: the
	// manage links kept for emails are sealed with it (HUBBOOK_SECRET, 32
	// characters or more; required in production, and in development kept
	// in DataDir/secret, made on first use, when unset).
	Secret string
	// SMTPURL says how mail leaves (SMTP_URL): smtps://user:pass@host:465,
	// smtp://user:pass@host:587 (STARTTLS required), with ?tls=opportunistic
	// or ?tls=none. Empty writes messages to DataDir/mail as .eml files.
	SMTPURL string
	// MailFrom is the sender of every message (MAIL_FROM), by default the
	// service's name at noreply@ the base URL's host.
	MailFrom string
	// MailWorkers is how many messages one process sends at once (MAIL_WORKERS, default 5).
	MailWorkers int
	// Retention is how long after a session its bookings' names, contacts
	// and postcodes are kept before the retention job anonymises them
	// (RETENTION_DAYS, default 365).
	Retention time.Duration
}

// Production reports whether hubbook runs as the live service.
func (c Config) Production() bool { return c.Env == "production" }

// FromEnv reads the configuration from the process environment.
func FromEnv() (Config, error) { return Parse(os.Getenv) }

// Parse reads the configuration through getenv and validates every value,
// returning all problems at once.
func Parse(getenv func(string) string) (Config, error) {
	get := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	var errs []error
	c := Config{
		Addr:         get("HUBBOOK_ADDR", "127.0.0.1:8080"),
		DatabaseURL:  get("DATABASE_URL", ""),
		DataDir:      get("HUBBOOK_DATA_DIR", ".data"),
		Env:          get("HUBBOOK_ENV", "development"),
		ServiceName:  get("HUBBOOK_SERVICE_NAME", "Library and Community Hubs"),
		ServicePhone: get("HUBBOOK_SERVICE_PHONE", "0131 496 0000"),
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("HUBBOOK_ADDR %q: want host:port, like 127.0.0.1:8080", c.Addr))
	}
	base := get("HUBBOOK_BASE_URL", "http://"+c.Addr)
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("HUBBOOK_BASE_URL %q: want an absolute http or https URL", base))
	} else {
		c.BaseURL = u
	}
	tz := get("HUBBOOK_TIMEZONE", "Europe/London")
	if c.Location, err = time.LoadLocation(tz); err != nil {
		errs = append(errs, fmt.Errorf("HUBBOOK_TIMEZONE %q: not a known time zone", tz))
	}
	if c.Env != "development" && c.Env != "production" {
		errs = append(errs, fmt.Errorf("HUBBOOK_ENV %q: want development or production", c.Env))
	}
	for _, p := range strings.Split(get("HUBBOOK_TRUSTED_PROXIES", ""), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			errs = append(errs, fmt.Errorf("HUBBOOK_TRUSTED_PROXIES: %q is not an IP address or CIDR range", p))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	c.SessionIdle = positiveDuration(get, "HUBBOOK_SESSION_IDLE_TIMEOUT", 2*time.Hour, &errs)
	c.SessionLifetime = positiveDuration(get, "HUBBOOK_SESSION_LIFETIME", 12*time.Hour, &errs)
	if c.SessionIdle > c.SessionLifetime {
		errs = append(errs, fmt.Errorf("HUBBOOK_SESSION_IDLE_TIMEOUT %s is longer than HUBBOOK_SESSION_LIFETIME %s", c.SessionIdle, c.SessionLifetime))
	}
	c.Booking.SpaceMaxLength = positiveDuration(get, "SPACE_BOOKING_MAX_LENGTH", 12*time.Hour, &errs)
	if c.Booking.SpaceMaxLength > 7*24*time.Hour {
		errs = append(errs, fmt.Errorf("SPACE_BOOKING_MAX_LENGTH %s: want 168h or less", c.Booking.SpaceMaxLength))
	}
	c.Booking.Location = c.Location
	c.Booking.Cutoff = duration(get, "BOOKING_CUTOFF", 0, &errs)
	c.Booking.ReserveOpens = duration(get, "WALK_IN_RESERVE_OPENS", 2*time.Hour, &errs)
	c.BookingRateLimit = wholeNumber(get, "BOOKING_RATE_LIMIT", 60, 0, &errs)
	c.Booking.Reminders = reminderOffsets(get("REMINDER_OFFSETS", "24h,2h"), &errs)
	switch f := get("FEEDBACK_EMAILS", "on"); f {
	case "off":
	case "on":
		c.Booking.FeedbackAfter = duration(get, "FEEDBACK_DELAY", 2*time.Hour, &errs)
	default:
		errs = append(errs, fmt.Errorf("FEEDBACK_EMAILS %q: want on or off", f))
	}
	c.Retention = time.Duration(positiveInt(get, "RETENTION_DAYS", 365, &errs)) * 24 * time.Hour
	c.Secret = get("HUBBOOK_SECRET", "")
	if c.Secret != "" && len(c.Secret) < 32 {
		errs = append(errs, errors.New("HUBBOOK_SECRET: want 32 characters or more (try: openssl rand -hex 32)"))
	}
	if c.Production() && c.Secret == "" {
		errs = append(errs, errors.New("HUBBOOK_SECRET must be set when HUBBOOK_ENV=production (try: openssl rand -hex 32)"))
	}
	c.SMTPURL = get("SMTP_URL", "")
	if c.Production() && c.SMTPURL == "" {
		errs = append(errs, errors.New("SMTP_URL must be set when HUBBOOK_ENV=production: without it, mail is only written to files"))
	}
	if c.SMTPURL != "" {
		if _, err := ParseSMTP(c.SMTPURL); err != nil {
			errs = append(errs, err)
		}
	}
	if c.BaseURL != nil {
		c.MailFrom = get("MAIL_FROM", fmt.Sprintf("%q <noreply@%s>", c.ServiceName, c.BaseURL.Hostname()))
		if _, err := mail.ParseAddress(c.MailFrom); err != nil {
			errs = append(errs, fmt.Errorf("MAIL_FROM %q: want an address like \"Library Hubs\" <noreply@example.org>", c.MailFrom))
		}
	}
	c.MailWorkers = positiveInt(get, "MAIL_WORKERS", 5, &errs)
	c.DBMaxOpen = positiveInt(get, "DB_MAX_OPEN_CONNS", 20, &errs)
	// Idle as many as open by default: under load a smaller idle pool
	// closes and reopens connections all the time (bench/booking measured
	// a 13-46% loss).
	c.DBMaxIdle = positiveInt(get, "DB_MAX_IDLE_CONNS", c.DBMaxOpen, &errs)
	if c.Production() && c.DatabaseURL == "" {
		errs = append(errs, errors.New("DATABASE_URL must be set when HUBBOOK_ENV=production"))
	}
	return c, errors.Join(errs...)
}

// reminderOffsets reads REMINDER_OFFSETS: durations before a session,
// comma-separated, each from a minute to 30 days; "none" sends no
// reminders.
func reminderOffsets(s string, errs *[]error) []time.Duration {
	if s == "none" {
		return nil
	}
	var out []time.Duration
	for _, f := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil || d < time.Minute || d > 30*24*time.Hour {
			*errs = append(*errs, fmt.Errorf("REMINDER_OFFSETS %q: want durations before the session, like 24h,2h (or none)", s))
			return nil
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// SMTP is where and how mail is sent, read from SMTP_URL.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	// TLS is "implicit" (smtps), "required" (STARTTLS must succeed),
	// "opportunistic" (STARTTLS when offered) or "none".
	TLS string
}

// ParseSMTP reads an SMTP_URL.
func ParseSMTP(raw string) (SMTP, error) {
	bad := func(why string) (SMTP, error) {
		return SMTP{}, fmt.Errorf("SMTP_URL: %s (want smtps://user:pass@host:465 or smtp://user:pass@host:587, with ?tls=opportunistic or ?tls=none for a relay)", why)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad("not a URL")
	}
	var m SMTP
	switch u.Scheme {
	case "smtps":
		m.TLS, m.Port = "implicit", 465
	case "smtp":
		m.TLS, m.Port = "required", 587
	default:
		return bad(fmt.Sprintf("scheme %q", u.Scheme))
	}
	if m.Host = u.Hostname(); m.Host == "" {
		return bad("no host")
	}
	if p := u.Port(); p != "" {
		if m.Port, err = strconv.Atoi(p); err != nil || m.Port < 1 || m.Port > 65535 {
			return bad(fmt.Sprintf("port %q", p))
		}
	}
	if u.User != nil {
		m.Username = u.User.Username()
		m.Password, _ = u.User.Password()
	}
	q := u.Query()
	switch t := q.Get("tls"); {
	case t == "":
	case u.Scheme == "smtps":
		return bad("tls= applies to smtp://, not smtps://")
	case t == "opportunistic":
		m.TLS = t
	case t == "none":
		// In the clear: only to a relay on this machine.
		if ip := net.ParseIP(m.Host); m.Host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return bad("tls=none is only for a relay on this machine (localhost, 127.0.0.1 or ::1)")
		}
		m.TLS = t
	default:
		return bad(fmt.Sprintf("tls=%q", t))
	}
	return m, nil
}

func positiveInt(get func(string, string) string, key string, def int, errs *[]error) int {
	return wholeNumber(get, key, def, 1, errs)
}

func wholeNumber(get func(string, string) string, key string, def, least int, errs *[]error) int {
	s := get(key, strconv.Itoa(def))
	n, err := strconv.Atoi(s)
	if err != nil || n < least {
		*errs = append(*errs, fmt.Errorf("%s %q: want a whole number of %d or more", key, s, least))
		return def
	}
	return n
}

// duration reads a duration of zero or more, up to a week: booking
// settings, where a unit is required ("0" alone is allowed).
func duration(get func(string, string) string, key string, def time.Duration, errs *[]error) time.Duration {
	s := get(key, def.String())
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > 7*24*time.Hour {
		*errs = append(*errs, fmt.Errorf("%s %q: want a duration from 0 to 168h, like 30m or 2h", key, s))
		return def
	}
	return d
}

func positiveDuration(get func(string, string) string, key string, def time.Duration, errs *[]error) time.Duration {
	s := get(key, def.String())
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Minute {
		*errs = append(*errs, fmt.Errorf("%s %q: want a duration of a minute or more, like 30m or 8h", key, s))
		return def
	}
	return d
}
