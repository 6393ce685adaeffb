package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"hubbook/internal/ical"
	"hubbook/internal/model"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// benchSite is a site whose programme holds n sessions over the coming
// year, across venues, spaces, themes and audiences.
func benchSite(b *testing.B, n int) *site {
	b.Helper()
	s := newSite(b)
	ctx := context.Background()
	themes, _ := s.st.Themes(ctx)
	audiences, _ := s.st.Audiences(ctx)
	var venues []model.Venue
	var spaces []model.Space
	for range 2 {
		v := testutil.CreateVenue(b, s.st, model.Venue{})
		venues = append(venues, v)
		for range 5 {
			spaces = append(spaces, testutil.CreateSpace(b, s.st, v, model.Space{Capacity: 40}))
		}
	}
	start := time.Now().Add(time.Hour).Truncate(time.Hour)
	err := s.st.InTx(ctx, func(tx *store.Store) error {
		for i := range n {
			sp := spaces[i%len(spaces)]
			capacity := 10 + i%20
			at := start.Add(time.Duration(i) * 105 * time.Minute)
			_, _, err := tx.CreateSession(ctx, store.NewSession{
				Title: "Session " + time.Duration(i).String(), Summary: "A session in the benchmark programme.",
				ThemeID: themes[i%len(themes)].ID, AudienceID: audiences[i%len(audiences)].ID,
				VenueID: sp.VenueID, SpaceID: &sp.ID, StartsAt: at, EndsAt: at.Add(time.Hour),
				BookingRequired: i%4 != 0, Capacity: &capacity,
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// As autovacuum would have done on a live database.
	if _, err := s.db.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return s
}

func benchmarkGet(b *testing.B, path string) {
	s := benchSite(b, 5000)
	req := httptest.NewRequest(http.MethodGet, path, nil)
	{
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, rec.Code)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, rec.Code)
		}
	}
}

// BenchmarkProgrammePage renders the first page of the programme (25 of
// 5,000 sessions) through the whole router, database included.
func BenchmarkProgrammePage(b *testing.B) { benchmarkGet(b, "/") }

// BenchmarkProgrammePageFiltered is a filtered, later page.
func BenchmarkProgrammePageFiltered(b *testing.B) { benchmarkGet(b, "/?theme=health&page=3") }

// BenchmarkAPISessions is the first page of the JSON API (50 of 5,000).
func BenchmarkAPISessions(b *testing.B) { benchmarkGet(b, "/api/v1/sessions") }

// BenchmarkFeedProgrammeAfterChange builds the whole public feed of 5,000
// sessions through the router, as the first refresh after any change to
// the programme does (a session's title changes between requests, outside
// the timing); it reports the feed's size.
func BenchmarkFeedProgrammeAfterChange(b *testing.B) {
	s := benchSite(b, 5000)
	var size int
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		if _, err := s.db.Exec(`UPDATE programme_sessions SET title = $1 WHERE id = (SELECT min(id) FROM programme_sessions)`, fmt.Sprint("Changed ", i)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/feeds/programme.ics", nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/feed")
}

// BenchmarkFeedProgramme is a full answer when the feed was built before:
// the version query, then the bytes from memory (a new subscriber, or a
// client that keeps no copy).
func BenchmarkFeedProgramme(b *testing.B) {
	benchmarkGet(b, "/feeds/programme.ics")
}

// BenchmarkFeedProgrammeGzip is BenchmarkFeedProgramme for a client that
// accepts gzip, as calendar clients do: the compressed bytes are kept too.
// It reports their size.
func BenchmarkFeedProgrammeGzip(b *testing.B) {
	s := benchSite(b, 5000)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/feeds/programme.ics", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
			b.Fatalf("status %d, Content-Encoding %q", rec.Code, rec.Header().Get("Content-Encoding"))
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/feed")
}

// BenchmarkFeedProgrammeNotModified is a subscribed client's hourly
// refresh when nothing changed: a 304 from the feed's version, read from
// the database without building the feed.
func BenchmarkFeedProgrammeNotModified(b *testing.B) {
	s := benchSite(b, 5000)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/feeds/programme.ics", nil))
	etag := rec.Header().Get("ETag")
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/feeds/programme.ics", nil)
		req.Header.Set("If-None-Match", etag)
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkFeedEncode is the encoding's share of building the feed: 5,000
// sessions, already read, to bytes.
func BenchmarkFeedEncode(b *testing.B) {
	s := benchSite(b, 5000)
	sessions, err := s.st.FeedSessions(context.Background(), model.FeedFilter{Since: time.Now().Add(-time.Hour)})
	if err != nil || len(sessions) != 5000 {
		b.Fatalf("%d sessions, %v", len(sessions), err)
	}
	base := &url.URL{Scheme: "https", Host: "hubbook.example.org"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ical.Feed("Programme", sessions, nil, base, ical.Public); err != nil {
			b.Fatal(err)
		}
	}
}
