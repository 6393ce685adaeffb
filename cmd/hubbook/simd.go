package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/term"

	"hubbook/internal/simd"
	"hubbook/internal/store"
)

const simdHelp = `Load the Scottish Government's SIMD postcode lookup, which places each
Scottish postcode in a data zone and ranks that data zone in the Scottish
Index of Multiple Deprivation. Each booking and walk-in made with a postcode
then keeps its data zone and decile, for the reach figures.

  hubbook simd import FILE   replace the lookup with FILE, a CSV
  hubbook simd status        say which lookup is loaded

Download "SIMD 2020v2 postcode lookup" from the Scottish Government's SIMD
pages (gov.scot), open it, and save its postcode sheet as CSV. The columns
are found by their names: the postcode, the data zone (DZ, Datazone2011...)
and the overall SIMD rank, vigintile, decile and quintile; the domain ranks
and other columns are ignored. A wrong file is refused with the line and the
reason, and then nothing is loaded. Bookings made before an import keep what
they had.`

// runSIMD runs simd import or simd status.
func runSIMD(ctx context.Context, e *env) error {
	if len(e.args) == 0 {
		fmt.Fprintln(e.stderr, simdHelp)
		return errors.New("simd: say what to do: import FILE, or status")
	}
	switch sub, args := e.args[0], e.args[1:]; sub {
	case "import":
		return simdImport(ctx, e, args)
	case "status":
		return simdStatus(ctx, e, args)
	default:
		return fmt.Errorf("simd: unknown subcommand %q: want import or status", sub)
	}
}

func simdImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("simd import", "Replace the SIMD postcode lookup with FILE, a CSV:\n  hubbook simd import [--smaller] FILE", e.stdout)
	smaller := fs.Bool("smaller", false, "load FILE even when it has fewer than half the postcodes of the lookup it replaces")
	if err := fs.Parse(args); err != nil {
		return ignoreHelp(err)
	}
	if fs.NArg() != 1 {
		return errors.New("simd import: name one file: hubbook simd import FILE")
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("simd import: %w", err)
	}
	defer f.Close()
	// The header is checked before the database is opened.
	rd, err := simd.NewReader(f)
	if err != nil {
		return fmt.Errorf("simd import: %s: %w", path, err)
	}
	started := time.Now()
	p := newProgress(e.stderr)
	next := func() (simd.Row, error) {
		row, err := rd.Read()
		switch {
		case err == nil:
			p.read(rd.Rows())
		case errors.Is(err, io.EOF):
			p.finish(rd.Rows())
		default:
			p.fail()
		}
		return row, err
	}
	return withStore(ctx, e, func(st *store.Store) error {
		imp, err := st.ImportSIMD(ctx, filepath.Base(path), next, *smaller)
		if shrink, ok := errors.AsType[*store.ShrinkError](err); ok {
			return fmt.Errorf("simd import: %s has %s postcodes, but the lookup it would replace has %s: is it the whole file?\n"+
				"Nothing was loaded. To load it anyway: hubbook simd import --smaller %s", path, thousands(shrink.File), thousands(shrink.Lookup), path)
		}
		if err != nil {
			p.fail()
			return fmt.Errorf("simd import: %s: %w\nNothing was loaded: the lookup is as it was", path, err)
		}
		fmt.Fprintf(e.stdout, "Loaded %s postcodes from %s in %.1f s; bookings made from now on record their data zone and decile\n",
			thousands(imp.Postcodes), path, time.Since(started).Seconds())
		return nil
	})
}

func simdStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlags("simd status", "Say which SIMD postcode lookup is loaded, when, and how many postcodes it has.", e.stdout)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	return withStore(ctx, e, func(st *store.Store) error {
		l, err := st.SIMDLookupNow(ctx)
		if err != nil {
			return err
		}
		if l.Last == nil {
			fmt.Fprintln(e.stdout, "No SIMD lookup is loaded: bookings record no data zone or decile. Load one with: hubbook simd import FILE")
			return nil
		}
		fmt.Fprintf(e.stdout, "%s postcodes, from %s, loaded %s\n", thousands(l.Postcodes), l.Last.Source,
			l.Last.ImportedAt.In(e.cfg.Location).Format("Monday 2 January 2006 at 15:04"))
		return nil
	})
}

// progress shows on stderr how many rows have been read: at a terminal, one
// line rewritten in place; otherwise (a log) a line every progressEvery rows.
type progress struct {
	w        io.Writer
	terminal bool
	shown    time.Time
	open     bool // a line is being rewritten and needs ending
}

// progressEvery is how often, in rows, progress is logged when stderr is
// not a terminal.
const progressEvery = 50_000

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, terminal: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) read(rows int) {
	if !p.terminal {
		if rows%progressEvery == 0 {
			fmt.Fprintf(p.w, "Read %s rows\n", thousands(rows))
		}
		return
	}
	if rows%1000 == 0 && time.Since(p.shown) > 100*time.Millisecond {
		p.shown = time.Now()
		p.open = true
		fmt.Fprintf(p.w, "\rReading: %s rows", thousands(rows))
	}
}

func (p *progress) finish(rows int) {
	if p.terminal {
		fmt.Fprint(p.w, "\r")
	}
	p.open = false
	fmt.Fprintf(p.w, "Read %s rows; replacing the lookup\n", thousands(rows))
}

// fail ends a line left open, so the error starts on its own line.
func (p *progress) fail() {
	if p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
}

// thousands writes n with commas: 227,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
