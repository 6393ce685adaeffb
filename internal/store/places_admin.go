package store

import (
	"database/sql"
	"errors"
	"strconv"
	"time"

	"hubbook/internal/model"
)

// Errors of the staff's forms for venues, spaces, partners and themes. Each
// names the field the person has to change, so the form can say so next
// to it rather than fail.
var (
	// ErrSlugTaken means another record of the same kind already has the
	// web address (slug).
	ErrSlugTaken = errors.New("web address already in use")
	// ErrNameTaken means another record of the same kind (for a space,
	// another space in the same venue) already has the name.
	ErrNameTaken = errors.New("name already in use")
	// ErrParentNotAllowed means a space's chosen parent is not another space
	// of the same venue, or lies inside the space itself.
	ErrParentNotAllowed = errors.New("parent space not allowed")
)

// taken turns a unique violation of table's slug or name into ErrSlugTaken
// or ErrNameTaken, and leaves any other error as it is.
func taken(err error, table string) error {
	switch {
	case isUniqueViolation(err, table+"_slug_key"):
		return ErrSlugTaken
	case isUniqueViolation(err, table+"_name_key"), table == "spaces" && isUniqueViolation(err, "spaces_venue_id_name_key"):
		return ErrNameTaken
	}
	return err
}

// versionTime is the updated_at that a venue's, space's or partner's
// version (see Version) names, for an UPDATE's guard. A version that is
// not one names 1970, which no row has.
func versionTime(version string) time.Time {
	micros, _ := strconv.ParseInt(version, 10, 64)
	return time.UnixMicro(micros)
}

// matchedVersion checks the result of an UPDATE guarded by a version, on a
// row the transaction has locked: no row changed means someone else saved
// it since the form was opened, model.ErrConflict.
func matchedVersion(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(err, what)
	}
	if n == 0 {
		return model.ErrConflict
	}
	return nil
}
