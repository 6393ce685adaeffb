package web

import (
	"slices"
	"testing"

	"hubbook/internal/model"
)

func TestSlugify_MakesAWebAddressFromAName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"Central Library":          "central-library",
		"St Mary's Hall & Garden":  "st-marys-hall-and-garden",
		"  Room 1 -- (upstairs)  ": "room-1-upstairs",
		"Leabharlann Dhùn Èideann": "leabharlann-dhun-eideann",
		"Café № 5":                 "cafe-5",
		"???":                      "",
		"A very long name indeed that goes on and on past sixty characters": "a-very-long-name-indeed-that-goes-on-and-on-past-sixty",
	} {
		got := slugify(name)
		if got != want {
			t.Errorf("slugify(%q) = %q, want %q", name, got, want)
		}
		if got != "" && (!slugPattern.MatchString(got) || len(got) > maxSlug) {
			t.Errorf("slugify(%q) = %q, which the schema refuses", name, got)
		}
	}
}

func TestNormalisePostcode_UpperCaseWithOneSpace(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"eh11eg": "EH1 1EG", " EH1  1EG ": "EH1 1EG", "g2 1aa": "G2 1AA", "ec1a1bb": "EC1A 1BB", "EH1": "EH1", " 12345 ": "12345", "eh1 1e": "eh1 1e",
	} {
		if got := normalisePostcode(in); got != want {
			t.Errorf("normalisePostcode(%q) = %q, want %q", in, got, want)
		}
	}
	for _, ok := range []string{"EH1 1EG", "G2 1AA", "EC1A 1BB", "KY16 9AJ"} {
		if !postcodePattern.MatchString(ok) {
			t.Errorf("%q refused", ok)
		}
	}
}

func TestCheckWebsiteAndPhone(t *testing.T) {
	t.Parallel()
	for in, ok := range map[string]bool{
		"": true, "https://example.org": true, "http://example.org/x?y=1": true, normaliseWebsite(" HTTPS://example.org "): true,
		"www.example.org": false, "https://": false, "javascript:alert(1)": false, "https://exa mple.org": false,
	} {
		var errs fieldErrors
		checkWebsite(&errs, in)
		if errs.Any() == ok {
			t.Errorf("website %q: problems %v, want ok %v", in, errs, ok)
		}
	}
	for in, ok := range map[string]bool{
		"": true, "0131 496 0000": true, "+44 (0)131 496 0000": true, "07700-900123": true,
		"123": false, "call us": false, "0131 496 0000 ext 5": false,
	} {
		var errs fieldErrors
		checkPhone(&errs, in)
		if errs.Any() == ok {
			t.Errorf("phone %q: problems %v, want ok %v", in, errs, ok)
		}
	}
}

func TestParentChoices_LeaveOutTheSpaceAndEverythingInsideIt(t *testing.T) {
	t.Parallel()
	id := func(n int64) *int64 { return &n }
	spaces := []model.Space{
		{ID: 1, Name: "Hall"}, {ID: 2, Name: "Stage", ParentID: id(1)}, {ID: 3, Name: "Corner", ParentID: id(2)},
		{ID: 4, Name: "Annex"}, {ID: 5, Name: "Annex zone", ParentID: id(4)},
	}
	names := func(list []model.Space) []string {
		var out []string
		for _, sp := range list {
			out = append(out, sp.Name)
		}
		return out
	}
	for self, want := range map[int64][]string{
		0: {"Hall", "Stage", "Corner", "Annex", "Annex zone"},
		1: {"Annex", "Annex zone"},
		2: {"Hall", "Annex", "Annex zone"},
		5: {"Hall", "Stage", "Corner", "Annex"},
	} {
		if got := names(parentChoices(spaces, self)); !slices.Equal(got, want) {
			t.Errorf("choices for %d = %v, want %v", self, got, want)
		}
	}
}

func TestNewConflict_ListsOnlyWhatDiffers(t *testing.T) {
	t.Parallel()
	saved := []savedValue{{"Name", "Hub"}, {"Phone", "0131 496 0000"}}
	typed := []savedValue{{"Name", "Hub"}, {"Phone", ""}}
	if got := newConflict(saved, typed).Differs; !slices.Equal(got, []savedValue{{"Phone", "0131 496 0000"}}) {
		t.Errorf("differs = %v", got)
	}
}
