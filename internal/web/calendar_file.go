package web

import (
	"bytes"
	"net/http"
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

// serveCalendar answers with f as text/calendar, leaving the conditional
// requests (If-None-Match, If-Modified-Since, ranges, HEAD) to
// http.ServeContent.
//
// Last-Modified is when this server first saw f's tag, not a time read
// from the data: a session leaving a feed, or two changes committed in
// the other order than they began, can leave the data's latest time as it
// was, but never the tag. A tag first seen less than a second ago gets no
// Last-Modified, since If-Modified-Since has whole seconds and a change in
// the same second would look old.
func (s *Server) serveCalendar(c *gin.Context, f calendarFile) {
	now := s.deps.Now()
	seen, ok := s.tagsSeen.Get(f.tag)
	if !ok {
		seen = now
		s.tagsSeen.Add(f.tag, now)
	}
	if now.Sub(seen) < time.Second {
		seen = time.Time{}
	}
	h := c.Writer.Header()
	h.Set("ETag", `"`+f.tag+`"`)
	var body []byte
	if !notModified(c.Request, f.tag, seen) {
		var err error
		if body, err = f.build(); err != nil {
			h.Del("ETag")
			s.serverError(c, err)
			return
		}
	}
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Cache-Control", f.cache)
	if f.download != "" {
		h.Set("Content-Disposition", `attachment; filename="`+f.download+`"`)
	}
	http.ServeContent(c.Writer, c.Request, "", seen, bytes.NewReader(body))
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
