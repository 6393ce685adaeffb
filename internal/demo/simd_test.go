package demo_test

import (
	"context"
	"os"
	"testing"
	"time"

	"hubbook/internal/demo"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/simd"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

func TestSeed_LoadsADemoLookupSoBookingsKeepTheirDecile(t *testing.T) {
	db := pgtest.New(t)
	seed(t, db, time.Now())
	st := store.New(db)
	now, err := st.SIMDLookupNow(context.Background())
	if err != nil || now.Last == nil || now.Postcodes < 10 {
		t.Fatalf("lookup after seeding: %+v, %v", now, err)
	}
	if n := count(t, db, `SELECT count(*) FROM bookings WHERE postcode <> ''`); n < 3 {
		t.Errorf("%d demo bookings give a postcode, want some", n)
	}
	none(t, db, "demo bookings with a postcode and no decile",
		`SELECT reference FROM bookings WHERE postcode <> '' AND simd_decile IS NULL`)
	if n := count(t, db, `SELECT count(DISTINCT simd_decile) FROM bookings`); n < 2 {
		t.Errorf("the demo bookings are in %d deciles, want a spread", n)
	}
	deprived := count(t, db, `SELECT count(*) FROM simd_postcodes WHERE decile <= 2`)
	if deprived*2 <= now.Postcodes || count(t, db, `SELECT count(DISTINCT decile) FROM simd_postcodes`) < 6 {
		t.Errorf("%d of %d demo postcodes in deciles 1 and 2; want most, and the rest spread", deprived, now.Postcodes)
	}
	// The hub is in the most deprived tenth, as its description says.
	if n := count(t, db, `SELECT count(*) FROM simd_postcodes p JOIN venues v USING (postcode) WHERE v.slug = 'northfield-community-hub' AND p.decile = 1`); n != 1 {
		t.Error("the Northfield Community Hub's postcode is not in decile 1")
	}
}

func TestSeed_KeepsALookupAlreadyImported(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	f, err := os.Open("../simd/testdata/simd-postcode-lookup-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := simd.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportSIMD(context.Background(), "real.csv", rd.Read, false); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(context.Background(), st, time.Now(), testutil.London(t), nil); err != nil {
		t.Fatal(err)
	}
	now, err := st.SIMDLookupNow(context.Background())
	if err != nil || now.Postcodes != 60 || now.Last == nil || now.Last.Source != "real.csv" {
		t.Errorf("lookup after seeding: %+v, %v", now, err)
	}
}
