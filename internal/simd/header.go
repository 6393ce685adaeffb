package simd

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// field is one of the columns a lookup must have.
type field int

const (
	fieldPostcode field = iota
	fieldDataZone
	fieldRank
	fieldVigintile
	fieldDecile
	fieldQuintile
	fieldCount
)

// names say each field the way the refusals do.
var names = [fieldCount]string{"postcode", "data zone", "SIMD rank", "SIMD vigintile", "SIMD decile", "SIMD quintile"}

// domains are the words of SIMD's seven domains: a column naming one
// (SIMD2020v2_Income_Domain_Rank) ranks that domain, not the overall index.
var domains = []string{"income", "employment", "health", "education", "access", "crime", "housing", "domain"}

// notPostcode are the words of columns that hold part of a postcode, or
// something about it, rather than the postcode itself.
var notPostcode = []string{"sector", "district", "area", "type", "date", "count", "population"}

// dataZoneKey matches the names the Scottish Government and Public Health
// Scotland give the data zone code: DZ, Datazone, Data Zone, DataZone2011,
// DZ2011, Data_Zone2022, DZ2011_Code.
var dataZoneKey = regexp.MustCompile(`^(dz|datazone)(20[0-9]{2})?(code)?(20[0-9]{2})?$`)

// key is a header name without case, white space (line breaks too: a
// spreadsheet's headings are often wrapped in their cells), underscores,
// hyphens or dots: "SIMD2020v2_Decile" and "simd 2020v2 decile" are both
// "simd2020v2decile".
func key(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsSpace(r), r == '_', r == '-', r == '.':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// candidate reports whether a column whose key is k may hold f.
func candidate(f field, k string) bool {
	switch f {
	case fieldPostcode:
		return (strings.Contains(k, "postcode") && !containsAny(k, notPostcode)) || k == "pc7" || k == "pc8" || k == "pcd"
	case fieldDataZone:
		return dataZoneKey.MatchString(k)
	}
	word := map[field]string{fieldRank: "rank", fieldVigintile: "vigintile", fieldDecile: "decile", fieldQuintile: "quintile"}[f]
	return strings.Contains(k, word) && !containsAny(k, domains)
}

func containsAny(k string, words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(k, w) })
}

// columns finds the column of each field in header, or explains which are
// missing or ambiguous on the header's line.
func columns(header []string, line int) ([fieldCount]int, error) {
	var cols [fieldCount]int
	var missing, ambiguous []string
	for f := range fieldCount {
		found := pick(f, header)
		switch len(found) {
		case 1:
			cols[f] = found[0]
		case 0:
			missing = append(missing, "the "+names[f])
		default:
			quoted := make([]string, len(found))
			for i, c := range found {
				quoted[i] = fmt.Sprintf("%q", header[c])
			}
			ambiguous = append(ambiguous, fmt.Sprintf("%d columns could be the %s (%s): keep one of them and delete the others",
				len(found), names[f], strings.Join(quoted, ", ")))
		}
	}
	var problems []string
	if len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("no column for %s; found: %s", orList(missing), foundList(header)))
	}
	problems = append(problems, ambiguous...)
	if len(problems) > 0 {
		return cols, &FormatError{Line: line, Reason: strings.Join(problems, "; ")}
	}
	return cols, nil
}

// pick returns the columns that may hold f. When several may, it prefers
// an exact name ("Postcode", "DZ") and then, for the SIMD figures, the
// ones that say SIMD: "SIMD2020v2_Decile" over "Income_Decile_Local".
func pick(f field, header []string) []int {
	var found []int
	for i, name := range header {
		if candidate(f, key(name)) {
			found = append(found, i)
		}
	}
	if len(found) < 2 {
		return found
	}
	prefer := func(ok func(k string) bool) {
		var kept []int
		for _, i := range found {
			if ok(key(header[i])) {
				kept = append(kept, i)
			}
		}
		if len(kept) > 0 {
			found = kept
		}
	}
	switch f {
	case fieldPostcode:
		// pc7 and pc8 (Public Health Scotland's names) hold the same
		// postcode, spaced differently; either will do.
		prefer(func(k string) bool { return k == "postcode" || k == "pc7" })
	case fieldDataZone:
		prefer(func(k string) bool { return k == "dz" || k == "datazone" })
	default:
		prefer(func(k string) bool { return strings.Contains(k, "simd") })
	}
	return found
}

// orList joins items as "a, b or c".
func orList(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// foundList names the header's columns, at most 40 of them.
func foundList(header []string) string {
	const most = 40
	shown := header
	if len(shown) > most {
		shown = shown[:most]
	}
	quoted := make([]string, len(shown))
	for i, name := range shown {
		quoted[i] = fmt.Sprintf("%q", name)
	}
	list := strings.Join(quoted, ", ")
	if len(header) > most {
		list += fmt.Sprintf(" and %d more", len(header)-most)
	}
	if strings.TrimSpace(strings.Join(header, "")) == "" {
		return "no column names on line 1"
	}
	return list
}
