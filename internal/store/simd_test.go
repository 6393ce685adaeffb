package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"hubbook/internal/model"
	"hubbook/internal/simd"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

const simdSample = "../simd/testdata/simd-postcode-lookup-sample.csv"

// importSIMD imports the lookup in, a CSV, as source.
func importSIMD(ctx context.Context, st *store.Store, source, in string) (model.SIMDImport, error) {
	rd, err := simd.NewReader(strings.NewReader(in))
	if err != nil {
		return model.SIMDImport{}, err
	}
	return st.ImportSIMD(ctx, source, rd.Read, true)
}

func importSample(t *testing.T, st *store.Store) model.SIMDImport {
	t.Helper()
	in, err := os.ReadFile(simdSample)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := importSIMD(t.Context(), st, "simd-postcode-lookup-sample.csv", string(in))
	if err != nil {
		t.Fatal(err)
	}
	return imp
}

// reach is what a booking kept of its postcode's place in the lookup.
type reach struct {
	DataZone *string `db:"data_zone"`
	Decile   *int    `db:"simd_decile"`
}

func bookingReach(t *testing.T, db *sqlx.DB, reference string) reach {
	t.Helper()
	var r reach
	if err := db.Get(&r, `SELECT data_zone, simd_decile FROM bookings WHERE reference = $1`, reference); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r reach) String() string {
	if r.DataZone == nil || r.Decile == nil {
		return fmt.Sprintf("%v/%v", r.DataZone, r.Decile)
	}
	return fmt.Sprintf("%s/%d", *r.DataZone, *r.Decile)
}

func TestImportSIMD_BookingsMadeAfterwardsKeepTheirDataZoneAndDecile(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 30})
	book := func(postcode string) string {
		t.Helper()
		req := online(m, 1)
		req.Postcode = postcode
		r, err := st.BookPlaces(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return r.Reference
	}
	before := book("DD4 9GG")

	imp := importSample(t, st)
	if imp.Postcodes != 60 || imp.Source != "simd-postcode-lookup-sample.csv" || imp.ImportedAt.IsZero() {
		t.Errorf("import %+v, want 60 postcodes from the sample", imp)
	}
	now, err := st.SIMDLookupNow(ctx)
	if err != nil || now.Postcodes != 60 || now.Last == nil || *now.Last != imp {
		t.Errorf("lookup now %+v, %v", now, err)
	}

	// In the sample, DD4 9GG is in data zone S01007723, decile 1.
	if got := bookingReach(t, db, book("DD4 9GG")).String(); got != "S01007723/1" {
		t.Errorf("a booking from DD4 9GG kept %s, want S01007723/1", got)
	}
	if got := bookingReach(t, db, book("EH1 1AA")).String(); got != "<nil>/<nil>" {
		t.Errorf("a booking from a postcode not in the lookup kept %s", got)
	}
	if got := bookingReach(t, db, book("")).String(); got != "<nil>/<nil>" {
		t.Errorf("a booking without a postcode kept %s", got)
	}
	// A booking is placed as its postcode was when it was made: one made
	// before the import stays unplaced.
	if got := bookingReach(t, db, before).String(); got != "<nil>/<nil>" {
		t.Errorf("a booking made before the import now has %s", got)
	}
}

func TestImportSIMD_ReplacesTheWholeLookup(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	importSample(t, st)
	// The same postcode twice with the same figures is kept once.
	imp, err := importSIMD(ctx, st, "second.csv", "Postcode,DZ,Rank,Vigintile,Decile,Quintile\n"+
		"DD4 9GG,S01007723,4000,12,6,3\nEH16 4NF,S01008731,112,1,1,1\nEH164NF,S01008731,112,1,1,1\n")
	if err != nil {
		t.Fatal(err)
	}
	if imp.Postcodes != 2 {
		t.Errorf("second import: %d postcodes, want 2", imp.Postcodes)
	}
	var lookup []string
	if err := db.Select(&lookup, `SELECT postcode || ' ' || decile FROM simd_postcodes ORDER BY postcode`); err != nil {
		t.Fatal(err)
	}
	if strings.Join(lookup, ", ") != "DD4 9GG 6, EH16 4NF 1" {
		t.Errorf("lookup after the second import: %v", lookup)
	}
	now, err := st.SIMDLookupNow(ctx)
	if err != nil || now.Postcodes != 2 || now.Last == nil || now.Last.Source != "second.csv" {
		t.Errorf("lookup now %+v, %v", now, err)
	}
}

func TestImportSIMD_ABadFileLeavesThePreviousLookupAsItWas(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	importSample(t, st)
	good := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "G40 %dA%c,S01010206,23,1,1,1\n", i%10, 'A'+rune(i/10))
		}
		return b.String()
	}
	const header = "Postcode,DZ,Rank,Vigintile,Decile,Quintile\n"
	for _, tc := range []struct {
		name, in string
		want     string
	}{
		{"a bad decile after 100 good rows", header + good(100) + "DD4 9GG,S01007723,498,2,11,1\n",
			`line 102: decile "11" is not 1 to 10`},
		{"a postcode twice with different figures", header + good(50) + "DD4 9GG,S01007723,498,2,1,1\n" + "dd49gg,S01007723,499,2,1,1\n",
			"line 53: postcode DD4 9GG is on line 52 too, with different figures"},
		{"no rows", header, "the file has a header and no postcodes under it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := importSIMD(ctx, st, "bad.csv", tc.in)
			if _, ok := errors.AsType[*simd.FormatError](err); !ok || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			var n, imports, decile int
			if err := db.Get(&n, `SELECT count(*) FROM simd_postcodes`); err != nil || n != 60 {
				t.Errorf("the lookup has %d postcodes (%v), want the sample's 60", n, err)
			}
			if err := db.Get(&decile, `SELECT decile FROM simd_postcodes WHERE postcode = 'DD4 9GG'`); err != nil || decile != 1 {
				t.Errorf("DD4 9GG is in decile %d (%v), want 1 as before", decile, err)
			}
			if err := db.Get(&imports, `SELECT count(*) FROM simd_imports`); err != nil || imports != 1 {
				t.Errorf("%d imports recorded (%v), want only the first", imports, err)
			}
		})
	}
}

// Two imports at once end with one of the files, whole, and the import
// recorded last is that file; bookings made meanwhile all find their
// postcode, in one lookup or the other, never in none.
func TestImportSIMD_ConcurrentImportsAndBookingsAlwaysSeeAWholeLookup(t *testing.T) {
	st, db, _ := bookingStore(t, model.BookingRules{})
	ctx := context.Background()
	m := testutil.CreateSession(t, st, testutil.Session{Capacity: 1000})
	lookup := func(decile int) string {
		var b strings.Builder
		b.WriteString("Postcode,DZ,Rank,Vigintile,Decile,Quintile\n")
		for i := range 2000 {
			fmt.Fprintf(&b, "EH%d %d%c%c,S01008731,%d,%d,%d,%d\n", 1+i%17, i%10, 'A'+rune(i/10%20), 'A'+rune(i/200), decile*697-600, decile*2, decile, (decile+1)/2)
		}
		return b.String()
	}
	if _, err := importSIMD(ctx, st, "decile-3.csv", lookup(3)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for _, d := range []int{5, 9} {
		wg.Go(func() {
			if _, err := importSIMD(ctx, st, fmt.Sprintf("decile-%d.csv", d), lookup(d)); err != nil {
				errs <- err
			}
		})
	}
	refs := make(chan string, 40)
	for range 40 {
		wg.Go(func() {
			req := online(m, 1)
			req.Postcode = "EH1 0AA"
			r, err := st.BookPlaces(ctx, req)
			if err != nil {
				errs <- err
				return
			}
			refs <- r.Reference
		})
	}
	wg.Wait()
	close(errs)
	close(refs)
	for err := range errs {
		t.Fatal(err)
	}
	for ref := range refs {
		if got := bookingReach(t, db, ref).String(); got != "S01008731/3" && got != "S01008731/5" && got != "S01008731/9" {
			t.Errorf("a booking made during the imports kept %s", got)
		}
	}
	var deciles []int
	if err := db.Select(&deciles, `SELECT DISTINCT decile FROM simd_postcodes`); err != nil {
		t.Fatal(err)
	}
	now, err := st.SIMDLookupNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(deciles) != 1 || now.Postcodes != 2000 || now.Last == nil || now.Last.Source != fmt.Sprintf("decile-%d.csv", deciles[0]) {
		t.Errorf("after two imports at once: deciles %v, %+v", deciles, now)
	}
}
