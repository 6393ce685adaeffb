package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAuditActions_HaveWords reads the store's code for every audit action
// it writes (entity.verb literals) and checks that the audit page offers it
// in words, so a new kind of change cannot be missing from the filter.
func TestAuditActions_HaveWords(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../store/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("store sources: %v", err)
	}
	entity := map[string]bool{}
	for _, e := range auditEntities {
		entity[e.Value] = true
	}
	literal := regexp.MustCompile(`"([a-z_]+)\.([a-z_]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			if !entity[m[1]] {
				continue
			}
			found++
			if action := m[1] + "." + m[2]; actionWords(action) == action {
				t.Errorf("the store writes %q, which the audit page has no words for", action)
			}
		}
	}
	if found < len(auditActions) {
		t.Errorf("found %d action literals in the store, fewer than the %d the page lists", found, len(auditActions))
	}
}
