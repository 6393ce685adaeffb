package demo

import (
	"context"
	"io"

	"hubbook/internal/simd"
)

// demoArea is a made-up SIMD lookup entry for the demo: a postcode, its
// data zone and the data zone's overall SIMD rank (1 is the most deprived
// of Scotland's 6,976 data zones). The codes have the real shape; the
// figures are invented, so that the demo's reach figures have something
// to show: most demo postcodes are around the Northfield Community Hub,
// in the most deprived tenth, and the rest spread over the other deciles.
type demoArea struct {
	postcode, dataZone string
	rank               int
}

// demoAreas are the demo postcodes, in the order demoPostcode hands them
// out: seven of the first ten are in deciles 1 and 2.
var demoAreas = []demoArea{
	{"EH16 4NF", "S01008731", 112},  // decile 1: beside the hub
	{"EH11 1AA", "S01008844", 1260}, // 2
	{"EH15 3QT", "S01008735", 287},  // 1
	{"EH6 5JL", "S01008592", 3390},  // 5
	{"EH16 4AX", "S01008731", 112},  // 1
	{"EH17 8HB", "S01008690", 1012}, // 2
	{"EH9 1LF", "S01008903", 5304},  // 8
	{"EH16 4EL", "S01008742", 655},  // 1
	{"EH15 3BN", "S01008735", 287},  // 1
	{"EH11 2RB", "S01008801", 2105}, // 4
	{"EH16 4DP", "S01008742", 655},  // 1
	{"EH1 1QS", "S01008667", 4521},  // 7
	{"EH16 4PU", "S01008731", 112},  // 1
	{"EH17 8JD", "S01008690", 1012}, // 2
	{"EH10 5HA", "S01008962", 6601}, // 10
}

// demoPostcode is the postcode of the n-th demo booking that gives one.
func demoPostcode(n int) string { return demoAreas[n%len(demoAreas)].postcode }

// demoLookupSource is what `hubbook simd status` and the evaluation say
// the demo's lookup came from.
const demoLookupSource = "demo lookup (made up: load the real one with hubbook simd import)"

// simdLookup loads the demo's SIMD lookup, before any demo booking is
// made, so that bookings keep a data zone and decile as real ones do once
// the real lookup is loaded. A lookup already imported is left alone.
func (s *seeder) simdLookup(ctx context.Context) error {
	now, err := s.tx.SIMDLookupNow(ctx)
	if err != nil || now.Last != nil {
		return err
	}
	i := 0
	_, err = s.tx.ImportSIMD(ctx, demoLookupSource, func() (simd.Row, error) {
		if i == len(demoAreas) {
			return simd.Row{}, io.EOF
		}
		a := demoAreas[i]
		i++
		return simdRow(a, i), nil
	}, false)
	return err
}

// dataZones is how many data zones SIMD 2020 ranks.
const dataZones = 6976

// simdRow is a's row of the lookup, its vigintile, decile and quintile
// worked out from its rank as SIMD does.
func simdRow(a demoArea, line int) simd.Row {
	part := func(parts int) int { return (a.rank-1)*parts/dataZones + 1 }
	return simd.Row{Postcode: a.postcode, DataZone: a.dataZone, Rank: a.rank,
		Vigintile: part(20), Decile: part(10), Quintile: part(5), Line: line}
}
