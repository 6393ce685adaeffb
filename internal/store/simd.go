package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

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
// *simd.FormatError on its second line.
func (s *Store) ImportSIMD(ctx context.Context, source string, next func() (simd.Row, error)) (model.SIMDImport, error) {
	var imp model.SIMDImport
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.copySIMD(ctx, next); err != nil {
			return err
		}
		if err := tx.checkSIMDDuplicates(ctx); err != nil {
			return err
		}
		// Imports take turns; bookings (which only read the lookup) go on.
		if _, err := tx.q.ExecContext(ctx, `LOCK TABLE simd_postcodes IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return wrap(err, "lock the SIMD lookup")
		}
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM simd_postcodes`); err != nil {
			return wrap(err, "clear the SIMD lookup")
		}
		res, err := tx.q.ExecContext(ctx, `
			INSERT INTO simd_postcodes (postcode, data_zone, simd_rank, vigintile, decile, quintile)
			SELECT DISTINCT ON (postcode) postcode, data_zone, simd_rank, vigintile, decile, quintile
			FROM simd_load ORDER BY postcode, line`)
		if err != nil {
			return wrap(err, "fill the SIMD lookup")
		}
		n, err := res.RowsAffected()
		if err != nil {
			return wrap(err, "count the SIMD lookup")
		}
		// The time after the lock, so the import committed last is the latest.
		return wrap(tx.getContext(ctx, &imp, `
			INSERT INTO simd_imports (source, postcodes, imported_at) VALUES ($1, $2, clock_timestamp())
			RETURNING source, postcodes, imported_at`, source, n), "record the SIMD import")
	})
	if err != nil {
		return model.SIMDImport{}, err
	}
	return imp, nil
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
	return nil
}

// checkSIMDDuplicates refuses a lookup that gives a postcode twice with
// different figures, naming the first such line. The same postcode given
// twice alike is kept once.
func (s *Store) checkSIMDDuplicates(ctx context.Context) error {
	var dup []struct {
		Line     int    `db:"line"`
		Postcode string `db:"postcode"`
		First    int    `db:"first"`
	}
	err := s.selectContext(ctx, &dup, `
		SELECT l.line, l.postcode, f.line AS first
		FROM simd_load l
		JOIN (SELECT DISTINCT ON (postcode) * FROM simd_load ORDER BY postcode, line) f USING (postcode)
		WHERE l.line <> f.line
		  AND (l.data_zone, l.simd_rank, l.vigintile, l.decile, l.quintile)
		      IS DISTINCT FROM (f.data_zone, f.simd_rank, f.vigintile, f.decile, f.quintile)
		ORDER BY l.line LIMIT 1`)
	if err != nil {
		return wrap(err, "check the SIMD lookup for duplicates")
	}
	if len(dup) > 0 {
		d := dup[0]
		return &simd.FormatError{Line: d.Line, Reason: fmt.Sprintf("postcode %s is on line %d too, with different figures", d.Postcode, d.First)}
	}
	return nil
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
