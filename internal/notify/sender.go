package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"hubbook/internal/config"
)

// Sender hands a message to whatever delivers it.
type Sender interface {
	Send(ctx context.Context, m *mail.Msg) error
}

// SMTP sends through a mail server, a new connection per message (a
// message is a job of its own; the server sees a few connections at once,
// one per worker).
type SMTP struct {
	client *mail.Client
}

// smtpTimeout bounds each step of talking to the server: a server that
// stops answering fails the try, which is retried, rather than holding a
// worker.
const smtpTimeout = 30 * time.Second

// NewSMTP configures sending from an SMTP_URL's parts.
func NewSMTP(c config.SMTP) (*SMTP, error) {
	opts := []mail.Option{mail.WithPort(c.Port), mail.WithTimeout(smtpTimeout)}
	switch c.TLS {
	case "implicit":
		opts = append(opts, mail.WithSSL())
	case "required":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case "opportunistic":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if c.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(c.Username), mail.WithPassword(c.Password))
	}
	client, err := mail.NewClient(c.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("SMTP_URL: %w", err)
	}
	return &SMTP{client: client}, nil
}

// Send delivers m over a connection of its own.
func (s *SMTP) Send(ctx context.Context, m *mail.Msg) error {
	conn, err := s.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return err
	}
	defer s.client.CloseWithSMTPClient(conn)
	err = s.client.SendWithSMTPClient(conn, m)
	if err != nil && m.IsDelivered() {
		// The server accepted the message and the connection failed
		// after (go-mail's RSET, a relay that hangs up): it is sent, and
		// trying again would send it twice.
		return nil
	}
	return err
}

// Failure is what a failed send means.
type Failure int

const (
	// Retry: try again later. The server answered 4xx, could not be
	// reached, or refused our own setup (signing in, STARTTLS, the
	// sender): all things that mend, none of them the person's fault.
	Retry Failure = iota
	// RefusedMessage: the server refused this message for good (5xx to
	// its content); the address may be fine.
	RefusedMessage
	// RefusedAddress: the server refused the recipient for good (5xx to
	// RCPT TO): staff and navigators are shown that the person's email
	// address does not work.
	RefusedAddress
)

// Classify says what a failed send means.
func Classify(err error) Failure {
	se, ok := errors.AsType[*mail.SendError](err)
	if !ok {
		return Retry // dialling, timeouts, signing in, STARTTLS
	}
	switch se.Reason {
	case mail.ErrGetSender, mail.ErrGetRcpts, mail.ErrNoUnencoded:
		return RefusedMessage // the message itself cannot be sent
	}
	if se.ErrorCode() < 500 {
		return Retry
	}
	switch se.Reason {
	case mail.ErrSMTPRcptTo:
		// 5.7.x is policy ("relay access denied"): our set-up, not the
		// address. 5.1.x (no such mailbox) and 5.2.x (mailbox full or
		// disabled), or a bare 5xx, are the address.
		if strings.HasPrefix(se.EnhancedStatusCode(), "5.7.") {
			return Retry
		}
		return RefusedAddress
	case mail.ErrSMTPData, mail.ErrSMTPDataClose, mail.ErrWriteContent:
		return RefusedMessage
	}
	return Retry // MAIL FROM and the like: our setup, not the person's
}

// Dir writes each message to a directory as an .eml file and logs it: the
// embedded default, when there is no SMTP_URL.
type Dir struct {
	Path string
	Log  *slog.Logger
}

// Send writes m to the directory, named by the time and its Message-ID.
func (d Dir) Send(_ context.Context, m *mail.Msg) error {
	if err := os.MkdirAll(d.Path, 0o700); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(m.GetMessageID()))
	name := filepath.Join(d.Path, time.Now().UTC().Format("20060102T150405")+"-"+hex.EncodeToString(sum[:6])+".eml")
	tmp := name + ".tmp"
	if err := m.WriteToFile(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		return err
	}
	to, _ := m.GetRecipients()
	subject := m.GetGenHeader(mail.HeaderSubject)
	d.Log.Info("mail written", "file", name, "to", to, "subject", subject)
	return nil
}
