package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// calendarFile is an iCalendar answer: a feed or a single event.
type calendarFile struct {
	tag      string    // the strong ETag, unquoted
	modified time.Time // Last-Modified
	cache    string    // Cache-Control
	download string    // file name to save as; "" shows it inline (a feed)
	// build makes the bytes. It is called only when the client's copy is
	// not current, so a 304 costs nothing but the tag.
	build func() ([]byte, error)
}

// serveCalendar answers with f as text/calendar, leaving the conditional
// requests (If-None-Match, If-Modified-Since, ranges, HEAD) to
// http.ServeContent.
func (s *Server) serveCalendar(c *gin.Context, f calendarFile) {
	h := c.Writer.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("ETag", `"`+f.tag+`"`)
	h.Set("Cache-Control", f.cache)
	if f.download != "" {
		h.Set("Content-Disposition", `attachment; filename="`+f.download+`"`)
	}
	body := &lazyBody{build: f.build}
	http.ServeContent(c.Writer, c.Request, "", f.modified, body)
	if body.err != nil {
		// ServeContent has answered 500 with errBuild's text, never ours.
		s.deps.Log.ErrorContext(c.Request.Context(), "request failed", "request_id", requestID(c),
			"method", c.Request.Method, "route", c.FullPath(), "status", http.StatusInternalServerError, "err", body.err)
	}
}

// errBuild is all a client is told when a calendar cannot be built.
var errBuild = errors.New("the calendar could not be made; please try again later")

// lazyBody is an io.ReadSeeker that builds its bytes on first use, so that
// http.ServeContent can answer 304 before anything is built.
type lazyBody struct {
	build func() ([]byte, error)
	r     *bytes.Reader
	err   error
}

func (b *lazyBody) ready() error {
	if b.r == nil && b.err == nil {
		var data []byte
		data, b.err = b.build()
		b.r = bytes.NewReader(data)
	}
	if b.err != nil {
		return errBuild
	}
	return nil
}

func (b *lazyBody) Read(p []byte) (int, error) {
	if err := b.ready(); err != nil {
		return 0, err
	}
	return b.r.Read(p)
}

func (b *lazyBody) Seek(offset int64, whence int) (int64, error) {
	if err := b.ready(); err != nil {
		return 0, err
	}
	return b.r.Seek(offset, whence)
}

var _ io.ReadSeeker = (*lazyBody)(nil)
