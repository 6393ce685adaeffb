package simd_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"hubbook/internal/simd"
)

// readAll reads every row of a lookup, or the first error.
func readAll(in string) ([]simd.Row, error) {
	rd, err := simd.NewReader(strings.NewReader(in))
	if err != nil {
		return nil, err
	}
	var rows []simd.Row
	for {
		row, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
}

const realHeader = "Postcode,DZ,SIMD2020v2_Rank,SIMD2020v2_Vigintile,SIMD2020v2_Decile,SIMD2020v2_Quintile," +
	"SIMD2020v2_Income_Domain_Rank,SIMD2020_Employment_Domain_Rank,SIMD2020_Health_Domain_Rank," +
	"SIMD2020_Education_Domain_Rank,SIMD2020_Access_Domain_Rank,SIMD2020_Crime_Domain_Rank," +
	"SIMD2020_Housing_Domain_Rank,IZcode,IZname,LAcode,LAname\n"

func TestNewReader_FindsTheColumnsByLooselyMatchedNames(t *testing.T) {
	want := simd.Row{Postcode: "EH16 4NF", DataZone: "S01008731", Rank: 112, Vigintile: 1, Decile: 1, Quintile: 1, Line: 2}
	for _, tc := range []struct {
		name, header, row string
	}{
		{"the Scottish Government's 2020v2 lookup, domains after the overall figures", realHeader,
			"EH16 4NF,S01008731,112,1,1,1,90,200,300,400,500,600,700,S02001635,Niddrie,S12000036,City of Edinburgh"},
		{"domain ranks before the overall figures, which say SIMD",
			"SIMD2020_Income_Domain_Rank,Housing Decile,Data_Zone2022,post code sector,Postcode,simd2020v2 rank,SIMD2020v2_Vigintile,simd_decile,SIMD Quintile\n",
			"90,3,S01008731,EH16 4,EH16 4NF,112,1,1,1"},
		{"names in other words and cases",
			"POSTCODE,Datazone2011,Overall Rank,vigintile,DECILE,quintile\n",
			"EH16 4NF,S01008731,112,1,1,1"},
		{"Public Health Scotland's names",
			"pc7,pc8,DataZone2011,simd2020v2_rank,simd2020v2_sc_vigintile,simd2020v2_sc_decile,simd2020v2_sc_quintile\n",
			"EH164NF,EH16 4NF,S01008731,112,1,1,1"},
		{"a title line above the header, as a spreadsheet saved as CSV may have",
			"Scottish Index of Multiple Deprivation 2020v2: postcode lookup,,,\n,,,\n" + realHeader,
			"EH16 4NF,S01008731,112,1,1,1,90,200,300,400,500,600,700,S02001635,Niddrie,S12000036,City of Edinburgh"},
		{"names wrapped onto two lines in their cells, as a spreadsheet's headings often are",
			"Postcode,\"Data\nZone\",\"SIMD2020v2\nRank\",\"SIMD2020v2\r\nVigintile\",\"SIMD2020v2\nDecile\",\"SIMD2020v2\nQuintile\"\n",
			"EH16 4NF,S01008731,112,1,1,1"},
		{"dz with a year, a postcode district beside the postcode",
			"Postcode District,Postcode,DZ2011,Rank,Vigintile,Decile,Quintile,Intermediate Zone\n",
			"EH16,EH16 4NF,S01008731,112,1,1,1,S02001635"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := readAll(tc.header + tc.row + "\n")
			if err != nil {
				t.Fatal(err)
			}
			w := want
			w.Line = strings.Count(tc.header, "\n") + 1
			if len(rows) != 1 || rows[0] != w {
				t.Errorf("read %+v, want %+v", rows, w)
			}
		})
	}
}

func TestNewReader_RefusesAHeaderWithoutTheColumnsNamingWhatItFound(t *testing.T) {
	for _, tc := range []struct {
		name, header string
		want         []string
	}{
		{"no decile", "Postcode,DZ,SIMD2020v2_Rank,SIMD2020v2_Vigintile,SIMD2020v2_Quintile\n",
			[]string{`line 1: no column for the SIMD decile; found: "Postcode", "DZ", "SIMD2020v2_Rank"`}},
		{"only domain figures", "Postcode,DZ,SIMD2020v2_Income_Domain_Rank,Health_Decile,Crime Quintile,Access vigintile\n",
			[]string{"line 1: no column for the SIMD rank, the SIMD vigintile, the SIMD decile or the SIMD quintile"}},
		{"a postcode sector is not a postcode", "Postcode Sector,DZ,Rank,Vigintile,Decile,Quintile\n",
			[]string{"line 1: no column for the postcode;", `found: "Postcode Sector"`}},
		{"a data zone name is not its code", "Postcode,DZname,Rank,Vigintile,Decile,Quintile\n",
			[]string{"no column for the data zone"}},
		{"two deciles, neither saying SIMD", "Postcode,DZ,Rank,Vigintile,Decile,Local decile,Quintile\n",
			[]string{`line 1: 2 columns could be the SIMD decile ("Decile", "Local decile")`}},
		{"two deciles both saying SIMD", "Postcode,DZ,SIMD Rank,SIMD Vigintile,simd2020v2_sc_decile,simd2020v2_hb2019_decile,SIMD Quintile\n",
			[]string{`("simd2020v2_sc_decile", "simd2020v2_hb2019_decile")`}},
		{"semicolons", "Postcode;DZ;SIMD2020v2_Rank;SIMD2020v2_Vigintile;SIMD2020v2_Decile;SIMD2020v2_Quintile\n",
			[]string{"line 1: the columns are separated by semicolons, not commas"}},
		{"no header at all", "EH16 4NG,S01008731,112,1,1,1\n",
			[]string{`line 1: no column for the postcode, the data zone, the SIMD rank, the SIMD vigintile, the SIMD decile or the SIMD quintile; found: "EH16 4NG", "S01008731"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := simd.NewReader(strings.NewReader(tc.header + "EH16 4NF,S01008731,112,1,1,1\n"))
			var fe *simd.FormatError
			if !errors.As(err, &fe) || fe.Line != 1 {
				t.Fatalf("err = %v, want a format error on line 1", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q\nwant it to contain %q", err, w)
				}
			}
		})
	}
}

func TestReader_RefusesABadRowWithItsLineAndReason(t *testing.T) {
	const good = "EH16 4NF,S01008731,112,1,1,1\n"
	const header = "Postcode,DZ,Rank,Vigintile,Decile,Quintile\n"
	for _, tc := range []struct {
		name, rows string
		line       int
		reason     string
	}{
		{"decile out of range", good + "EH16 4NG,S01008731,112,1,11,1\n", 3, `decile "11" is not 1 to 10`},
		{"not a postcode", good + good[:0] + "XYZ,S01008731,112,1,1,1\n", 3, `postcode "XYZ" is not a postcode`},
		{"postcode missing", "\"\",S01008731,112,1,1,1\n", 2, "no postcode"},
		{"a postcode sector", "EH16 4,S01008731,112,1,1,1\n", 2, `postcode "EH16 4" is not a postcode`},
		{"data zone", "EH16 4NF,S02001635,112,1,1,1\n", 2, `data zone "S02001635" is not a data zone code like S01006506`},
		{"rank zero", "EH16 4NF,S01008731,0,1,1,1\n", 2, `SIMD rank "0" is not a whole number of 1 or more`},
		{"rank a word", "EH16 4NF,S01008731,high,1,1,1\n", 2, `SIMD rank "high" is not a whole number of 1 or more`},
		{"vigintile", "EH16 4NF,S01008731,112,21,1,1\n", 2, `vigintile "21" is not 1 to 20`},
		{"quintile", "EH16 4NF,S01008731,112,1,1,0\n", 2, `quintile "0" is not 1 to 5`},
		{"quintile blank", "EH16 4NF,S01008731,112,1,1,\n", 2, "no quintile"},
		{"decile and quintile disagree", "EH16 4NF,S01008731,112,1,1,2\n", 2, "quintile 2 does not go with decile 1 (which is in quintile 1)"},
		{"vigintile and decile swapped", "EH9 1AB,S01008903,5304,8,16,4\n", 2, `decile "16" is not 1 to 10`},
		{"vigintile and decile disagree", "EH9 1AB,S01008903,5304,16,7,4\n", 2, "decile 7 does not go with vigintile 16 (which is in decile 8)"},
		{"a short row", good + good + good + "EH16 4NF,S01008731\n", 5, "2 fields, too few to reach the SIMD quintile in column 6"},
		{"a stray quote", good + "EH16 \"4NF,S01008731,112,1,1,1\n", 3, "not valid CSV"},
		{"no rows", "", 0, "the file has a header and no postcodes under it"},
		{"only blank rows", ",,,,,\n,,,,,\n", 0, "the file has a header and no postcodes under it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(header + tc.rows)
			var fe *simd.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a format error", err)
			}
			if fe.Line != tc.line || !strings.Contains(fe.Reason, tc.reason) {
				t.Errorf("err = %q, want line %d: %q", err, tc.line, tc.reason)
			}
		})
	}
}

func TestNewReader_RefusesFilesThatAreNotCSV(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"an xlsx workbook", "PK\x03\x04\x14\x00\x06\x00rest of a zip", "Excel workbook, not a CSV file: open it in a spreadsheet, save the postcode lookup sheet as CSV"},
		{"an old xls workbook", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "save the postcode lookup sheet as CSV"},
		{"UTF-16 text", "\xff\xfeP\x00o\x00", "UTF-16"},
		{"an empty file", "", "the file is empty"},
		{"only a byte order mark", "\xef\xbb\xbf", "the file is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := simd.NewReader(strings.NewReader(tc.in))
			var fe *simd.FormatError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a format error saying %q", err, tc.want)
			}
		})
	}
}

func TestReader_AcceptsAByteOrderMarkCRLFAndTrailingBlankRows(t *testing.T) {
	in := "\xef\xbb\xbfPostcode,DZ,SIMD2020v2_Rank,SIMD2020v2_Vigintile,SIMD2020v2_Decile,SIMD2020v2_Quintile\r\n" +
		"eh164nf,s01008731, 112 ,1,1,1\r\n" +
		"\"EH9  1ab\",S01008903,5304,16,8,4\r\n" +
		",,,,,\r\n,,,,,\r\n"
	rows, err := readAll(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []simd.Row{
		{Postcode: "EH16 4NF", DataZone: "S01008731", Rank: 112, Vigintile: 1, Decile: 1, Quintile: 1, Line: 2},
		{Postcode: "EH9 1AB", DataZone: "S01008903", Rank: 5304, Vigintile: 16, Decile: 8, Quintile: 4, Line: 3},
	}
	if len(rows) != len(want) || rows[0] != want[0] || rows[1] != want[1] {
		t.Errorf("read %+v\nwant %+v", rows, want)
	}
}

func TestReader_ReadsTheSampleFile(t *testing.T) {
	f, err := os.Open("testdata/simd-postcode-lookup-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := simd.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	deciles := map[int]int{}
	for {
		row, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		deciles[row.Decile]++
	}
	if rd.Rows() != 60 {
		t.Errorf("%d rows, want 60", rd.Rows())
	}
	if len(deciles) < 8 {
		t.Errorf("the sample covers deciles %v; want most of them", deciles)
	}
}

func TestNormalisePostcode(t *testing.T) {
	for in, want := range map[string]string{
		"eh11ab":    "EH1 1AB",
		"EH1 1AB":   "EH1 1AB",
		" eh1  1ab": "EH1 1AB",
		"g403ab":    "G40 3AB",
		"EH164NF":   "EH16 4NF",
		"ec1a1bb":   "EC1A 1BB",
		"w1a 0ax":   "W1A 0AX",
	} {
		if got, ok := simd.NormalisePostcode(in); !ok || got != want {
			t.Errorf("NormalisePostcode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "XYZ", "EH16 4", "EH16", "12345", "EH1 1A8", "EHH1 1AB"} {
		if got, ok := simd.NormalisePostcode(in); ok {
			t.Errorf("NormalisePostcode(%q) = %q, accepted", in, got)
		}
	}
}
