package notify_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// mailServer is an SMTP server on loopback that keeps what it accepts.
// answer, when set, may refuse a recipient: it is told how many times
// that recipient was tried before.
type mailServer struct {
	Port   int
	mu     sync.Mutex
	tries  map[string]int
	got    []received
	answer func(rcpt string, before int) error
	// mail and data, when set, answer MAIL FROM and DATA.
	mail, data error
	// hangUp closes the connection once a message is accepted, before
	// the client's RSET (as some relays do).
	hangUp bool
}

// received is one accepted message, parsed.
type received struct {
	To     string
	Header mail.Header
	Raw    string
	Text   string
	HTML   string
	// Attachments by file name.
	Attachments map[string]string
	// Inline are the parts embedded for the HTML to show, by Content-ID
	// (without its angle brackets).
	Inline map[string]inlinePart
}

// inlinePart is an embedded part: its media type and its bytes.
type inlinePart struct {
	Type string
	Data []byte
}

func startMailServer(t *testing.T, answer func(rcpt string, before int) error) *mailServer {
	t.Helper()
	ms := &mailServer{tries: map[string]int{}, answer: answer}
	s := smtp.NewServer(backend{ms})
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ms.Port = ln.Addr().(*net.TCPAddr).Port
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	return ms
}

// messages returns what was accepted so far.
func (ms *mailServer) messages() []received {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]received(nil), ms.got...)
}

func (ms *mailServer) triesOf(rcpt string) int {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.tries[rcpt]
}

type backend struct{ ms *mailServer }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{ms: b.ms, conn: c}, nil
}

type session struct {
	ms       *mailServer
	conn     *smtp.Conn
	to       []string
	accepted bool
}

// Reset runs after each message (and on RSET): a server that hangs up
// does it here, after its "250" for the message.
func (s *session) Reset() {
	s.to = nil
	s.ms.mu.Lock()
	hangUp := s.ms.hangUp
	s.ms.mu.Unlock()
	if hangUp && s.accepted {
		s.conn.Conn().Close() // the socket: go-smtp's own Close waits for this very call
	}
}

func (s *session) Logout() error { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error {
	s.ms.mu.Lock()
	defer s.ms.mu.Unlock()
	return s.ms.mail
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.ms.mu.Lock()
	before := s.ms.tries[to]
	s.ms.tries[to]++
	answer := s.ms.answer
	s.ms.mu.Unlock()
	if answer != nil {
		if err := answer(to, before); err != nil {
			return err
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ms.mu.Lock()
	refuse := s.ms.data
	s.ms.mu.Unlock()
	if refuse != nil {
		return refuse
	}
	m, err := parseMessage(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unreadable message: " + err.Error()}
	}
	s.ms.mu.Lock()
	defer s.ms.mu.Unlock()
	for _, to := range s.to {
		m.To = to
		s.ms.got = append(s.ms.got, m)
	}
	s.accepted = true
	return nil
}

// parseMessage reads a message's headers, its text and HTML parts and its
// attachments, decoded.
func parseMessage(raw []byte) (received, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return received{}, err
	}
	r := received{Header: msg.Header, Raw: string(raw), Attachments: map[string]string{}, Inline: map[string]inlinePart{}}
	err = walkParts(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), "", "", msg.Body, &r)
	return r, err
}

func walkParts(contentType, encoding, disposition, contentID string, body io.Reader, r *received) error {
	media, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return err
	}
	if strings.HasPrefix(media, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walkParts(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"),
				p.Header.Get("Content-Id"), p, r); err != nil {
				return err
			}
		}
	}
	var decoded []byte
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		decoded, err = io.ReadAll(quotedprintable.NewReader(body))
	case "base64":
		decoded, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, body)) // line ends are skipped
	default:
		decoded, err = io.ReadAll(body)
	}
	if err != nil {
		return err
	}
	if _, dp, err := mime.ParseMediaType(disposition); err == nil && strings.HasPrefix(disposition, "attachment") {
		r.Attachments[dp["filename"]] = string(decoded)
		return nil
	}
	if strings.HasPrefix(disposition, "inline") && contentID != "" {
		r.Inline[strings.Trim(contentID, "<>")] = inlinePart{Type: media, Data: decoded}
		return nil
	}
	switch media {
	case "text/plain":
		r.Text = string(decoded)
	case "text/html":
		r.HTML = string(decoded)
	}
	return nil
}
