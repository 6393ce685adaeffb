package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// fieldProblem is one thing wrong with a submitted form, shown next to its field
// and in the summary at the top, which links to the field.
type fieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// fieldErrors are a form's fieldErrors in the order of its fields.
type fieldErrors []fieldProblem

// add records msg for field, keeping only the first message per field.
func (p *fieldErrors) add(field, msg string) {
	if p.For(field) == "" {
		*p = append(*p, fieldProblem{Field: field, Message: msg})
	}
}

// addAll records the messages of a field-to-message map in order.
func (p *fieldErrors) addAll(order []string, msgs map[string]string) {
	for _, f := range order {
		if m, ok := msgs[f]; ok {
			p.add(f, m)
		}
	}
}

// For returns the message for field, or "".
func (p fieldErrors) For(field string) string {
	for _, x := range p {
		if x.Field == field {
			return x.Message
		}
	}
	return ""
}

// Any reports whether there is a fieldProblem.
func (p fieldErrors) Any() bool { return len(p) > 0 }

// status is the status of a form page: 422 with fieldErrors, 200 without.
func (p fieldErrors) status() int {
	if p.Any() {
		return http.StatusUnprocessableEntity
	}
	return http.StatusOK
}

// maxFormBytes bounds a form body; no form of ours comes near it.
const maxFormBytes = 256 << 10

// parseForm reads a POSTed form, answering 413 or 400 itself when it
// cannot be read.
func (s *Server) parseForm(c *gin.Context) bool {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBytes)
	if err := c.Request.ParseForm(); err != nil {
		status := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			status = http.StatusRequestEntityTooLarge
		}
		s.errorPage(c, status)
		return false
	}
	if !validUTF8(c.Request.PostForm) {
		s.errorPage(c, http.StatusBadRequest)
		return false
	}
	return true
}

// validUTF8 reports whether every value is text: bytes that are not UTF-8,
// and NUL, come from a broken or hostile client, never from a person's
// typing, and PostgreSQL would refuse them.
func validUTF8(values url.Values) bool {
	for k, vs := range values {
		if !utf8.ValidString(k) {
			return false
		}
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return false
			}
		}
	}
	return true
}

// textQuery refuses a request whose path or query string is not UTF-8
// text (or holds a NUL) with 400, before any page reads it.
func (s *Server) textQuery(c *gin.Context) {
	if p := c.Request.URL.Path; !validUTF8(c.Request.URL.Query()) || !utf8.ValidString(p) || strings.ContainsRune(p, 0) {
		if isAPI(c) {
			c.AbortWithStatusJSON(http.StatusBadRequest, apiError{Error: "the query string is not UTF-8 text"})
			return
		}
		s.errorPage(c, http.StatusBadRequest)
		c.Abort()
		return
	}
	c.Next()
}

func isNotFound(err error) bool { return errors.Is(err, model.ErrNotFound) }
