package web

import (
	"bytes"
	"testing"
	"time"

	"hubbook/internal/model"
)

// BenchmarkRenderProgramme renders a full page of the programme (25
// sessions over five days) from memory: the template's share of a request.
func BenchmarkRenderProgramme(b *testing.B) {
	s := testServer(b)
	full := fullSession()
	var sessions []model.Session
	for i := range 25 {
		x := full
		x.StartsAt = full.StartsAt.Add(time.Duration(i) * 5 * time.Hour)
		sessions = append(sessions, x)
	}
	vocab := vocabulary{Venues: []model.Venue{full.Venue, full.Venue}, Themes: make([]model.Theme, 9), Audiences: make([]model.Audience, 4)}
	p := programmePage{Layout: Layout{Title: "What's on", Path: "/"}, Vocabulary: vocab, Days: groupByDay(sessions, s.deps.Location),
		Total: 60, First: 1, Last: 25, Pages: pageWindow(1, 3, func(int) string { return "/?page=2" })}
	t := s.pages["programme"]
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, "base", p); err != nil {
			b.Fatal(err)
		}
	}
}
