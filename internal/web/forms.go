package web

import (
	"errors"
	"net/http"

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
	return true
}

func isNotFound(err error) bool { return errors.Is(err, model.ErrNotFound) }
