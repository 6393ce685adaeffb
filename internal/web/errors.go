package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// statusClientClosed is nginx's code for a request whose client went away
// before the answer: logged, never seen by anyone.
const statusClientClosed = 499

// apiError is the body of every API error.
type apiError struct {
	Error    string    `json:"error"`
	Problems []problem `json:"problems,omitempty"`
}

type errorPageData struct {
	Layout
	Status    int
	RequestID string
}

// serverError is the one place unexpected errors are answered: it logs err
// with the request and shows the plain error page (or the API's JSON error);
// a person never sees err.Error(). A database that cannot be reached is a
// 503 with Retry-After; a client that went away is only logged.
func (s *Server) serverError(c *gin.Context, err error) {
	ctx := c.Request.Context()
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		s.deps.Log.InfoContext(ctx, "client went away", "request_id", requestID(c), "route", c.FullPath())
		c.AbortWithStatus(statusClientClosed)
		return
	}
	status := http.StatusInternalServerError
	if isUnavailable(err) {
		status = http.StatusServiceUnavailable
		c.Header("Retry-After", "30")
	}
	u, _ := currentUser(c)
	s.deps.Log.ErrorContext(ctx, "request failed",
		"request_id", requestID(c), "method", c.Request.Method, "route", c.FullPath(),
		"user_id", u.ID, "status", status, "err", err)
	if isAPI(c) {
		msg := "something went wrong"
		if status == http.StatusServiceUnavailable {
			msg = "the programme is not available right now; try again in a minute"
		}
		c.JSON(status, apiError{Error: msg})
		return
	}
	s.errorPage(c, status)
}

// notFound answers 404: the page, or JSON for the API.
func (s *Server) notFound(c *gin.Context) {
	if isAPI(c) {
		c.JSON(http.StatusNotFound, apiError{Error: "not found"})
		return
	}
	s.errorPage(c, http.StatusNotFound)
}

// errorPage renders the page for status from a fixed template that needs no
// data from the database, falling back to plain text if even that fails.
func (s *Server) errorPage(c *gin.Context, status int) {
	data := errorPageData{Layout: s.layout(c, http.StatusText(status)), Status: status, RequestID: requestID(c)}
	switch status {
	case http.StatusNotFound:
		data.Title = "Page not found"
	case http.StatusForbidden:
		data.Title = "You cannot open this page"
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		data.Title = "Sorry, we could not read that form"
	case http.StatusServiceUnavailable:
		data.Title = "Sorry, the programme is not available right now"
	default:
		data.Title = "Sorry, something went wrong"
	}
	var buf bytes.Buffer
	if t, ok := s.pages["error"]; ok && t.ExecuteTemplate(&buf, "base", data) == nil {
		c.Data(status, "text/html; charset=utf-8", buf.Bytes())
		return
	}
	c.Data(status, "text/plain; charset=utf-8", []byte(data.Title+"\n"))
}

func isUnavailable(err error) bool {
	return errors.Is(err, model.ErrUnavailable)
}
