package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

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
