// Package store holds all of hubbook's SQL: one file per table or aggregate,
// methods named for what they return or do, and the transactions that keep
// the invariants. Nothing outside this package (and internal/pg) writes SQL.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/riverqueue/river"

	"hubbook/internal/model"
)

// Store reads and writes hubbook's data. The zero value is not usable; make
// one with New. A Store made by InTx runs every query in that transaction.
type Store struct {
	db *sqlx.DB
	q  sqlx.ExtContext
	// rules and now decide when booking closes and when the walk-in
	// reserve opens (WithBooking).
	rules model.BookingRules
	now   func() time.Time
	// jobs inserts email jobs in the store's transactions.
	jobs *river.Client[*sql.Tx]
	// personKey is the keyed hash that counts unique people (WithPersonKey).
	personKey func(string) []byte
}

// New returns a Store over db, with booking rules of zero (booking closes
// at the start; the walk-in reserve opens at the start) and the system
// clock.
func New(db *sqlx.DB) *Store { return &Store{db: db, q: db, now: time.Now, jobs: newJobs(db)} }

// WithBooking returns a Store like s with the service's booking rules and
// clock (nil: the system clock): tests move the clock to open a reserve or
// close booking.
func (s *Store) WithBooking(rules model.BookingRules, now func() time.Time) *Store {
	c := *s
	c.rules = rules
	if now != nil {
		c.now = now
	}
	return &c
}

// WithPersonKey returns a Store like s that keeps, with each booking, key
// of its normalised email (or, without one, phone): an HMAC with a key from
// HUBBOOK_SECRET, so that the evaluation counts unique people and repeat
// visits without keeping the raw value for it. Without one (nil), bookings
// have no person key and count as nobody in particular.
func (s *Store) WithPersonKey(key func(string) []byte) *Store {
	c := *s
	c.personKey = key
	return &c
}

// personKeyOf is the person key of a booking with email and phone, or nil.
func (s *Store) personKeyOf(email, phone string) []byte {
	switch {
	case s.personKey == nil:
		return nil
	case email != "":
		return s.personKey("email:" + email)
	case phone != "":
		return s.personKey("phone:" + phone)
	}
	return nil
}

// InTx runs fn with a Store bound to one transaction, committed when fn
// returns nil and rolled back otherwise. Called on a Store that InTx made,
// fn joins that transaction, so that store methods compose (the demo seed
// makes accounts in its own transaction); an error from fn should then end
// the outer one too.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.q != sqlx.ExtContext(s.db) {
		err := fn(s)
		if r, ok := err.(refusal); ok {
			return r.err // the outer transaction decides what is kept
		}
		return err
	}
	err := s.inTx(ctx, nil, "", fn)
	if isClash(err) {
		// Any change that would double-book a space, however it got there
		// (a booking, a session moved or reinstated), names what is in the way.
		return s.clashOf(ctx, err)
	}
	return err
}

// inTx is InTx with transaction options and a statement (such as SET LOCAL)
// run first.
func (s *Store) inTx(ctx context.Context, opts *sql.TxOptions, setup string, fn func(tx *Store) error) error {
	tx, err := s.db.BeginTxx(ctx, opts)
	if err != nil {
		return wrap(err, "begin transaction")
	}
	defer tx.Rollback() // a no-op after Commit
	if setup != "" {
		if _, err := tx.ExecContext(ctx, setup); err != nil {
			return wrap(err, "set up transaction")
		}
	}
	err = fn(&Store{db: s.db, q: tx, rules: s.rules, now: s.now, jobs: s.jobs, personKey: s.personKey})
	if r, ok := err.(refusal); ok {
		if err := tx.Commit(); err != nil {
			return wrap(err, "commit")
		}
		return r.err
	}
	if err != nil {
		return err
	}
	return wrap(tx.Commit(), "commit")
}

// refusal is an answer that ends a transaction's work but keeps what it
// did: a party that does not fit is refused, and the promotion from the
// waitlist made before finding that out is committed.
type refusal struct{ err error }

func (r refusal) Error() string { return r.err.Error() }
func (r refusal) Unwrap() error { return r.err }

// refuse returns err from a function given to InTx so that the transaction
// commits what it did and InTx returns err. Inside a transaction InTx
// joined, the outer one decides: InTx returns err as it is.
func refuse(err error) error { return refusal{err} }

// wrap adds context to err and marks the failures that mean the database
// cannot be reached, so the web layer can answer 503 rather than 500.
func wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	if unavailable(err) && !errors.Is(err, model.ErrUnavailable) {
		return fmt.Errorf("%s: %w: %w", what, model.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func unavailable(err error) bool {
	if errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	if pqErr := pq.As(err); pqErr != nil {
		// Class 08 is connection exceptions; 57P01-57P03 are shutdowns.
		return pqErr.Code.Class() == "08" || pqErr.Code == "57P01" || pqErr.Code == "57P02" || pqErr.Code == "57P03"
	}
	return false
}

// seedLock is the advisory lock key that serialises demo seeding.
const seedLock = 0x6875626b // "hubk"

// ClaimEmpty, inside InTx, takes a transaction-scoped advisory lock and
// reports whether the programme has no venues yet: the demo seed runs only
// on an empty database, once, even when two processes start together.
func (s *Store) ClaimEmpty(ctx context.Context) (bool, error) {
	if _, err := s.q.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, seedLock); err != nil {
		return false, wrap(err, "lock for seeding")
	}
	var empty bool
	err := s.getContext(ctx, &empty, `SELECT NOT EXISTS (SELECT 1 FROM venues)`)
	return empty, wrap(err, "check for an empty database")
}

// readInWrittenOrder runs fn in a read-only transaction whose queries join
// tables in the order they are written (join_collapse_limit = 1). The
// programme's six-table join otherwise spends about ten times longer in
// PostgreSQL's planner, searching join orders, than in running; its joins
// are written in the order that is always best (the session first, then
// its names by primary key). Inside InTx, fn runs in that transaction as is.
func (s *Store) readInWrittenOrder(ctx context.Context, fn func(tx *Store) error) error {
	if s.q != sqlx.ExtContext(s.db) {
		err := fn(s)
		if r, ok := err.(refusal); ok {
			return r.err // the outer transaction decides what is kept
		}
		return err
	}
	return s.inTx(ctx, &sql.TxOptions{ReadOnly: true}, `SET LOCAL join_collapse_limit = 1`, fn)
}
