package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"github.com/lib/pq"

	"hubbook/internal/model"
	"hubbook/internal/simd"
)

// ImportSIMD replaces the SIMD postcode lookup with the rows next yields
// until io.EOF, and records the import as from source (the file's name).
// It is one transaction: the rows are copied (COPY) into a temporary
// table, checked, and only then replace the lookup, so a file that fails
// part way, on a bad row or a postcode given twice with different
// figures, leaves the lookup as it was and no import recorded. Bookings
// made meanwhile see the old lookup until the new one is committed; two
// imports at once end with one file's lookup, whole.
//
// An error from next (a *simd.FormatError for a bad row) is returned as
// it is; a postcode given twice with different figures is a
// *simd.FormatError on its second line. A file with fewer than half the
// postcodes of the lookup it would replace (a cut-short download, a
// filtered sheet, the sample file) is refused with *ShrinkError unless
// shrink says to load it anyway: it would silently make most postcodes
// unknown for every booking after it.
func (s *Store) ImportSIMD(ctx context.Context, source string, next func() (simd.Row, error), shrink bool) (model.SIMDImport, error) {
	var imp model.SIMDImport
	err := s.InTx(ctx, func(tx *Store) error {
		// Room to sort a lookup's 230,000 rows in memory, for this
		// transaction only.
		if _, err := tx.q.ExecContext(ctx, `SET LOCAL work_mem = '64MB'`); err != nil {
			return wrap(err, "set up the SIMD import")
		}
		if err := tx.copySIMD(ctx, next); err != nil {
			return err
		}
		twice, err := tx.checkSIMDDuplicates(ctx)
		if err != nil {
			return err
		}
		if !shrink {
			var n struct {
				File   int `db:"file"`
				Lookup int `db:"lookup"`
			}
			if err := tx.getContext(ctx, &n, `SELECT (SELECT count(DISTINCT postcode) FROM simd_load) AS file,
				(SELECT count(*) FROM simd_postcodes) AS lookup`); err != nil {
				return wrap(err, "count the SIMD lookup")
			}
			if n.File*2 < n.Lookup {
				return &ShrinkError{File: n.File, Lookup: n.Lookup}
			}
		}
		// Imports take turns; bookings (which only read the lookup) go on.
		if _, err := tx.q.ExecContext(ctx, `LOCK TABLE simd_postcodes IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return wrap(err, "lock the SIMD lookup")
		}
		// The lookup becomes the file's: postcodes it no longer has go,
		// new ones come, and of the rest only those whose figures changed
		// are written (a new release changes some; loading the same file
		// again, none): quicker, and less for vacuum, than deleting every
		// row and inserting it again.
		if _, err := tx.q.ExecContext(ctx, `
			DELETE FROM simd_postcodes p WHERE NOT EXISTS (SELECT FROM simd_load l WHERE l.postcode = p.postcode)`); err != nil {
			return wrap(err, "remove postcodes from the SIMD lookup")
		}
		load := "simd_load"
		if twice {
			load = "(SELECT DISTINCT ON (postcode) * FROM simd_load ORDER BY postcode, line)"
		}
		if _, err := tx.q.ExecContext(ctx, `
			MERGE INTO simd_postcodes p USING `+load+` l ON p.postcode = l.postcode
			WHEN MATCHED AND (p.data_zone, p.simd_rank, p.vigintile, p.decile, p.quintile)
				IS DISTINCT FROM (l.data_zone, l.simd_rank, l.vigintile, l.decile, l.quintile) THEN
				UPDATE SET data_zone = l.data_zone, simd_rank = l.simd_rank, vigintile = l.vigintile, decile = l.decile, quintile = l.quintile
			WHEN NOT MATCHED THEN
				INSERT (postcode, data_zone, simd_rank, vigintile, decile, quintile)
				VALUES (l.postcode, l.data_zone, l.simd_rank, l.vigintile, l.decile, l.quintile)`); err != nil {
			return wrap(err, "fill the SIMD lookup")
		}
		// The time after the lock, so the import committed last is the latest.
		return wrap(tx.getContext(ctx, &imp, `
			INSERT INTO simd_imports (source, postcodes, imported_at)
			SELECT $1, count(*), clock_timestamp() FROM simd_postcodes
			RETURNING source, postcodes, imported_at`, source), "record the SIMD import")
	})
	if err != nil {
		return model.SIMDImport{}, err
	}
	return imp, nil
}

// ShrinkError is a SIMD file with far fewer postcodes than the lookup it
// would replace.
type ShrinkError struct {
	File, Lookup int
}

func (e *ShrinkError) Error() string {
	return fmt.Sprintf("the file has %d postcodes but the lookup it would replace has %d: it looks cut short or filtered", e.File, e.Lookup)
}

// copySIMD copies the rows into simd_load, a temporary table dropped at
// the end of the transaction.
func (s *Store) copySIMD(ctx context.Context, next func() (simd.Row, error)) error {
	if _, err := s.q.ExecContext(ctx, `
		CREATE TEMPORARY TABLE simd_load (
			line      integer NOT NULL,
			postcode  text NOT NULL,
			data_zone text NOT NULL,
			simd_rank integer NOT NULL,
			vigintile smallint NOT NULL,
			decile    smallint NOT NULL,
			quintile  smallint NOT NULL
		) ON COMMIT DROP`); err != nil {
		return wrap(err, "make the SIMD load table")
	}
	tx, ok := s.q.(interface {
		PrepareContext(context.Context, string) (*sql.Stmt, error)
	})
	if !ok {
		return errors.New("copy the SIMD lookup: not in a transaction")
	}
	stmt, err := tx.PrepareContext(ctx, `COPY simd_load (line, postcode, data_zone, simd_rank, vigintile, decile, quintile) FROM STDIN`)
	if err != nil {
		return wrap(err, "start copying the SIMD lookup")
	}
	defer stmt.Close()
	for {
		r, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if _, err := stmt.ExecContext(ctx, r.Line, r.Postcode, r.DataZone, r.Rank, r.Vigintile, r.Decile, r.Quintile); err != nil {
			return wrap(err, fmt.Sprintf("copy line %d of the SIMD lookup", r.Line))
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return wrap(err, "finish copying the SIMD lookup")
	}
	// A temporary table has no statistics until asked: without them the
	// planner guesses its size and may join it row by row.
	_, err = s.q.ExecContext(ctx, `ANALYZE simd_load`)
	return wrap(err, "analyse the SIMD load table")
}

// checkSIMDDuplicates refuses a lookup that gives a postcode twice with
// different figures, naming the first line that contradicts an earlier
// one, and reports whether any postcode is given twice alike (it is then
// kept once).
func (s *Store) checkSIMDDuplicates(ctx context.Context) (twice bool, err error) {
	// One pass finds the postcodes given more than once: none, in the
	// Scottish Government's file. Only those are then compared.
	var more []string
	err = s.selectContext(ctx, &more, `SELECT postcode FROM simd_load GROUP BY postcode HAVING count(*) > 1`)
	if err != nil || len(more) == 0 {
		return false, wrap(err, "check the SIMD lookup for postcodes given twice")
	}
	var dup []struct {
		Line     int    `db:"line"`
		Postcode string `db:"postcode"`
		First    int    `db:"first"`
	}
	err = s.selectContext(ctx, &dup, `
		SELECT l.line, l.postcode, f.line AS first
		FROM simd_load l
		JOIN (SELECT DISTINCT ON (postcode) * FROM simd_load WHERE postcode = ANY($1) ORDER BY postcode, line) f USING (postcode)
		WHERE (l.data_zone, l.simd_rank, l.vigintile, l.decile, l.quintile)
		      IS DISTINCT FROM (f.data_zone, f.simd_rank, f.vigintile, f.decile, f.quintile)
		ORDER BY l.line LIMIT 1`, pq.Array(more))
	if err != nil {
		return true, wrap(err, "compare the postcodes given twice in the SIMD lookup")
	}
	if len(dup) > 0 {
		d := dup[0]
		return true, &simd.FormatError{Line: d.Line, Reason: fmt.Sprintf("postcode %s is on line %d too, with different figures", d.Postcode, d.First)}
	}
	return true, nil
}

// SIMDLookup is the lookup the bookings use now: the last import, and how
// many postcodes the table holds.
type SIMDLookup struct {
	Last      *model.SIMDImport // nil before the first import
	Postcodes int
}

// SIMDLookupNow says which SIMD lookup is loaded, for `hubbook simd status`.
func (s *Store) SIMDLookupNow(ctx context.Context) (SIMDLookup, error) {
	var l SIMDLookup
	var err error
	if l.Last, err = s.latestSIMDImport(ctx); err != nil {
		return l, err
	}
	err = s.getContext(ctx, &l.Postcodes, `SELECT count(*) FROM simd_postcodes`)
	return l, wrap(err, "count the SIMD lookup")
}
