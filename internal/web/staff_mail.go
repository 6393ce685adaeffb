package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// mailLogLimit is how many messages the outgoing mail page lists: the
// latest; the filters find older ones.
const mailLogLimit = 200

// mailStatuses are the states a message can be in, in the filter's order,
// each in the words staff read.
var mailStatuses = []option{
	{string(model.MailSent), "Sent"},
	{string(model.MailRetrying), "Will retry"},
	{string(model.MailFailed), "Failed"},
	{string(model.MailDropped), "Not sent: no longer needed"},
	{string(model.MailSending), "Sending"},
}

// mailStatusText is a message's state in words.
func mailStatusText(st model.MailStatus) string { return optionLabel(mailStatuses, string(st)) }

// mailPage is the outgoing mail log for staff: what is waiting, and what
// happened to each message lately.
type mailPage struct {
	Layout
	Queue store.MailQueue
	// Status and Reference are the filters as given, to keep in the form.
	Status, Reference string
	// Errors holds a filter that cannot be used; the page then lists
	// nothing.
	Errors  fieldErrors
	Entries []mailRow
	// Full says the list stopped at mailLogLimit: older messages are left
	// out.
	Full bool
}

// Statuses lists the status filter's choices.
func (mailPage) Statuses() []option { return mailStatuses }

// Active reports whether a filter narrows the list.
func (p mailPage) Active() bool { return p.Status != "" || p.Reference != "" }

// Limit is how many messages the page lists at most.
func (mailPage) Limit() int { return mailLogLimit }

// mailRow is one message as the page shows it.
type mailRow struct {
	model.MailLogEntry
	// At is the message's latest change; When says it in London time.
	At         time.Time
	When       string
	StatusText string
}

// staffMail lists the outgoing mail, the latest change first, filtered by
// status and booking reference. A status that is not one of the list is
// 400 with the problem next to the filter.
func (s *Server) staffMail(c *gin.Context) {
	ctx := c.Request.Context()
	page := mailPage{Status: strings.TrimSpace(c.Query("status")), Reference: strings.TrimSpace(c.Query("reference"))}
	page.Layout = s.layout(c, "Outgoing mail")
	var err error
	if page.Queue, err = s.deps.Store.MailQueued(ctx); s.failed(c, err) {
		return
	}
	if page.Status != "" && !offers(mailStatuses, page.Status) {
		page.Errors.add("status", "Choose a status from the list: there is no status called “"+truncate(page.Status, 40)+"”")
		s.render(c, http.StatusBadRequest, "staff-mail", page)
		return
	}
	f := store.MailLogFilter{Status: model.MailStatus(page.Status), Reference: page.Reference, Limit: mailLogLimit}
	entries, err := s.deps.Store.MailLog(ctx, f)
	if s.failed(c, err) {
		return
	}
	for _, e := range entries {
		at := mailTime(e)
		page.Entries = append(page.Entries, mailRow{MailLogEntry: e, At: at, When: s.localStamp(at), StatusText: mailStatusText(e.Status)})
	}
	page.Full = len(entries) >= mailLogLimit
	s.render(c, http.StatusOK, "staff-mail", page)
}

// mailTime is when a message last changed: sent, failed or tried.
func mailTime(e model.MailLogEntry) time.Time {
	if e.SentAt != nil {
		return *e.SentAt
	}
	return e.UpdatedAt
}

// truncate shortens s to at most n characters, for echoing what someone
// typed in a message.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
