package demo_test

import (
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
)

// The demo has suggestions in every state, a planned one answered by
// sessions, and a merge whose supporters, all supporters of the one it
// joined too, are counted once.
func TestSeed_SuggestionsInEveryState(t *testing.T) {
	db := pgtest.New(t)
	seed(t, db, time.Now())
	st := store.New(db)
	counts, err := st.SuggestionCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, status := range model.SuggestionStatuses {
		if counts[status] == 0 {
			t.Errorf("no demo suggestion is %s", status)
		}
	}
	planned, err := st.Suggestions(t.Context(), model.SuggestionFilter{Statuses: []model.SuggestionStatus{model.SuggestionPlanned}})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range planned {
		if len(g.Sessions) == 0 || g.Response == "" {
			t.Errorf("planned %q has %d sessions and response %q", g.What, len(g.Sessions), g.Response)
		}
	}
	merged, err := st.Suggestions(t.Context(), model.SuggestionFilter{Statuses: []model.SuggestionStatus{model.SuggestionMerged}})
	if err != nil || len(merged) == 0 {
		t.Fatalf("merged: %v, %v", merged, err)
	}
	target, err := st.Suggestion(t.Context(), merged[0].MergedInto)
	if err != nil {
		t.Fatal(err)
	}
	if target.Supporters != 6 {
		t.Errorf("the walking group has %d supporters after the merge, want 6 (each counted once)", target.Supporters)
	}
}
