package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const simdSample = "../../internal/simd/testdata/simd-postcode-lookup-sample.csv"

// hubbookErr runs the command with args and returns what it printed on
// standard output and standard error.
func hubbookErr(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestSIMDImport_LoadsTheSampleAndSaysHowMany(t *testing.T) {
	st := userDB(t)
	out, err := hubbook(t, "simd", "status")
	if err != nil || !strings.Contains(out, "No SIMD lookup is loaded") {
		t.Errorf("status before: %q, %v", out, err)
	}
	out, progress, err := hubbookErr(t, "simd", "import", simdSample)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "Loaded 60 postcodes from "+simdSample+" in ") ||
		!strings.Contains(out, "bookings made from now on record their data zone and decile") {
		t.Errorf("printed %q", out)
	}
	if !strings.Contains(progress, "Read 60 rows; replacing the lookup") {
		t.Errorf("progress %q", progress)
	}
	now, err := st.SIMDLookupNow(t.Context())
	if err != nil || now.Postcodes != 60 {
		t.Errorf("lookup %+v, %v", now, err)
	}
	out, err = hubbook(t, "simd", "status")
	if err != nil || !strings.HasPrefix(out, "60 postcodes, from simd-postcode-lookup-sample.csv, loaded ") {
		t.Errorf("status after: %q, %v", out, err)
	}
}

func TestSIMDImport_ABrokenFileFailsWithItsLineAndLoadsNothing(t *testing.T) {
	st := userDB(t)
	if _, err := hubbook(t, "simd", "import", simdSample); err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile(simdSample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(sample), "\n")
	lines[40] = strings.Replace(lines[40], ",S0", ",XX", 1)
	broken := filepath.Join(t.TempDir(), "broken.csv")
	if err := os.WriteFile(broken, []byte(strings.Join(lines, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := hubbookErr(t, "simd", "import", broken)
	if err == nil || !strings.Contains(err.Error(), "broken.csv: line 41: data zone \"XX") ||
		!strings.Contains(err.Error(), "Nothing was loaded") {
		t.Errorf("err = %v", err)
	}
	if out != "" {
		t.Errorf("printed %q", out)
	}
	if now, err := st.SIMDLookupNow(t.Context()); err != nil || now.Postcodes != 60 || now.Last.Source != "simd-postcode-lookup-sample.csv" {
		t.Errorf("lookup after the broken file: %+v, %v", now, err)
	}
}

func TestSIMDImport_RefusesAWorkbookAndMissingFilesBeforeTheDatabase(t *testing.T) {
	// No database at all: these fail on the file.
	t.Setenv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none?sslmode=disable")
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "SIMD+2020v2+-+postcode+lookup.xlsx")
	if err := os.WriteFile(xlsx, []byte("PK\x03\x04\x14\x00\x06\x00[Content_Types].xml"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"simd", "import", xlsx}, "Excel workbook, not a CSV file: open it in a spreadsheet, save the postcode lookup sheet as CSV"},
		{[]string{"simd", "import", filepath.Join(dir, "missing.csv")}, "no such file"},
		{[]string{"simd", "import"}, "name one file"},
		{[]string{"simd", "import", "a.csv", "b.csv"}, "name one file"},
		{[]string{"simd"}, "say what to do"},
		{[]string{"simd", "export"}, `unknown subcommand "export"`},
	} {
		if _, _, err := hubbookErr(t, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
	for _, args := range [][]string{{"simd", "--help"}, {"simd", "import", "--help"}, {"simd", "status", "--help"}} {
		if out, err := hubbook(t, args...); err != nil || !strings.Contains(out, "Usage: hubbook simd") {
			t.Errorf("%v: %q, %v", args, out, err)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 60: "60", 999: "999", 1000: "1,000", 227000: "227,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// A file with far fewer postcodes than the lookup (a cut-short download, a
// filtered sheet) is refused, loading nothing, unless --smaller says it is
// meant.
func TestSIMDImport_AFileMuchSmallerThanTheLookupNeedsSaying(t *testing.T) {
	st := userDB(t)
	if _, err := hubbook(t, "simd", "import", simdSample); err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile(simdSample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(sample), "\n")
	short := filepath.Join(t.TempDir(), "short.csv")
	if err := os.WriteFile(short, []byte(strings.Join(lines[:21], "")), 0o600); err != nil { // the header and 20 rows
		t.Fatal(err)
	}
	out, _, err := hubbookErr(t, "simd", "import", short)
	if err == nil || !strings.Contains(err.Error(), "short.csv has 20 postcodes, but the lookup it would replace has 60") ||
		!strings.Contains(err.Error(), "hubbook simd import --smaller") || out != "" {
		t.Errorf("a short file: printed %q, err = %v", out, err)
	}
	if now, err := st.SIMDLookupNow(t.Context()); err != nil || now.Postcodes != 60 {
		t.Errorf("lookup after the short file: %+v, %v", now, err)
	}
	if out, _, err := hubbookErr(t, "simd", "import", "--smaller", short); err != nil || !strings.HasPrefix(out, "Loaded 20 postcodes") {
		t.Errorf("with --smaller: printed %q, %v", out, err)
	}
	if now, err := st.SIMDLookupNow(t.Context()); err != nil || now.Postcodes != 20 {
		t.Errorf("lookup after --smaller: %+v, %v", now, err)
	}
}
