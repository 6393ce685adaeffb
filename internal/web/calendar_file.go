package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// calendarFile is an iCalendar answer: a feed or a single event.
type calendarFile struct {
	tag      string // the strong ETag, unquoted: changes whenever the bytes do
	cache    string // Cache-Control
	download string // file name to save as; "" shows it inline (a feed)
	// build makes the bytes. It is not called when the client's copy is
	// current, so a 304 costs nothing but the tag.
	build func() ([]byte, error)
}

// serveCalendar answers with f as text/calendar, gzipped for clients that
// accept it, leaving the conditional requests (If-None-Match,
// If-Modified-Since, ranges, HEAD) to http.ServeContent.
//
// The gzipped bytes are a representation of their own, with their own
// ETag ("…-gzip"): a strong ETag names exactly one sequence of bytes. So
// calendars are compressed here, once per version (kept with the built
// feeds), not by the site's compressing middleware, which would send both
// with one tag.
//
// Last-Modified is when this server first saw the tag, not a time read
// from the data: a session leaving a feed, or two changes committed in
// the other order than they began, can leave the data's latest time as it
// was, but never the tag. A tag first seen less than a second ago gets no
// Last-Modified, since If-Modified-Since has whole seconds and a change in
// the same second would look old.
func (s *Server) serveCalendar(c *gin.Context, f calendarFile) {
	h := c.Writer.Header()
	h.Add("Vary", "Accept-Encoding")
	tag := f.tag
	gz := acceptsGzip(c.Request)
	if gz {
		tag += "-gzip"
	}
	now := s.deps.Now()
	seen, ok := s.tagsSeen.Get(tag)
	if !ok {
		seen = now
		s.tagsSeen.Add(tag, now)
	}
	if now.Sub(seen) < time.Second {
		seen = time.Time{}
	}
	h.Set("ETag", `"`+tag+`"`)
	var body []byte
	if !notModified(c.Request, tag, seen) {
		var err error
		if body, err = f.build(); err == nil && gz {
			body, err = s.gzipped(tag, body)
		}
		if err != nil {
			h.Del("ETag")
			s.serverError(c, err)
			return
		}
	}
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	if gz {
		h.Set("Content-Encoding", "gzip") // and so the middleware leaves it
	}
	h.Set("Cache-Control", f.cache)
	if f.download != "" {
		h.Set("Content-Disposition", `attachment; filename="`+f.download+`"`)
	}
	http.ServeContent(c.Writer, c.Request, "", seen, bytes.NewReader(body))
}

// gzipped is body compressed, kept under tag with the built feeds.
func (s *Server) gzipped(tag string, body []byte) ([]byte, error) {
	if z, ok := s.feeds.Get(tag); ok {
		return z, nil
	}
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	s.feeds.Add(tag, buf.Bytes())
	return buf.Bytes(), nil
}

// acceptsGzip reports whether r's Accept-Encoding accepts gzip: "gzip" or
// "*" without q=0.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if coding = strings.ToLower(strings.TrimSpace(coding)); coding != "gzip" && coding != "*" {
			continue
		}
		q, found := strings.CutPrefix(strings.ReplaceAll(strings.ToLower(params), " ", ""), "q=")
		if !found {
			return true
		}
		if v, err := strconv.ParseFloat(q, 64); err == nil && v > 0 {
			return true
		}
	}
	return false
}

// notModified reports whether http.ServeContent will answer r with 304 for
// a response with tag and modified, so the body need not be built: the
// same rules (RFC 9110 section 13.2.2) for the only two conditions
// calendar clients send.
func notModified(r *http.Request, tag string, modified time.Time) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == `"`+tag+`"` {
				return true
			}
		}
		return false
	}
	ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.IsZero() && !modified.Truncate(time.Second).After(ims)
}
