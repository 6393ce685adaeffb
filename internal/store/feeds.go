package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"hubbook/internal/model"
)

// feedConditions is the WHERE clause that picks a feed's sessions, shared by
// FeedSessions and FeedVersion so that the version always describes exactly
// what the feed holds.
func feedConditions(f model.FeedFilter) conditions {
	var c conditions
	// A session lasts at most a day (by CHECK): the start bound lets the
	// (…, starts_at) indexes do the work.
	c.add("ps.starts_at >= ?::timestamptz - interval '24 hours' AND ps.ends_at >= ?", f.Since, f.Since)
	c.add("(ps.cancelled_at IS NULL OR ps.cancelled_at >= ?)", f.CalledOffSince)
	if !f.Private {
		c.add("ps.status IN ('scheduled', 'cancelled')")
	}
	if f.VenueID != 0 {
		c.add("ps.venue_id = ?", f.VenueID)
	}
	if f.ThemeID != 0 {
		c.add("ps.theme_id = ?", f.ThemeID)
	}
	if f.AudienceID != 0 {
		c.add("ps.audience_id = ?", f.AudienceID)
	}
	if f.PartnerID != 0 {
		c.add("ps.partner_id = ?", f.PartnerID)
	}
	if f.SpaceID != 0 {
		c.add("ps.space_id IN "+spaceTree, f.SpaceID, f.SpaceID)
	}
	return c
}

// spaceTree is the space (given twice, for ?), the spaces it is part of,
// and the spaces within it: whatever is on in any of them takes this one.
const spaceTree = `(
	WITH RECURSIVE up (id, parent_id) AS (
		SELECT id, parent_id FROM spaces WHERE id = ?
		UNION SELECT sp.id, sp.parent_id FROM spaces sp JOIN up ON sp.id = up.parent_id)
	SELECT id FROM up UNION SELECT id FROM space_and_within(?))`

// feedHasBookings reports whether the feed f describes shows space
// bookings: a space's feed (what is on there), a partner's (its own), and
// a staff member's view of a venue. The public programme shows sessions
// only.
func feedHasBookings(f model.FeedFilter) bool {
	return f.SpaceID != 0 || f.PartnerID != 0 || (f.Private && f.VenueID != 0)
}

// bookingConditions picks the space bookings (made for a space, or
// closures: sessions are in the feed as themselves) of the feed f
// describes, kept as long as sessions are: live ones that ended no earlier
// than Since, called off ones for a while after.
func bookingConditions(f model.FeedFilter) conditions {
	var c conditions
	c.add("sb.kind IN ('booking', 'closure') AND sb.ends_at >= ?", f.Since)
	c.add("(sb.status IN ('requested', 'confirmed') OR sb.updated_at >= ?)", f.CalledOffSince)
	if f.SpaceID != 0 {
		c.add("sb.space_id IN "+spaceTree, f.SpaceID, f.SpaceID)
	}
	if f.PartnerID != 0 {
		c.add("sb.partner_id = ?", f.PartnerID)
	}
	if f.VenueID != 0 {
		c.add("sb.space_id IN (SELECT id FROM spaces WHERE venue_id = ?)", f.VenueID)
	}
	return c
}

// FeedSpaceBookings returns the space bookings of the feed f describes, in
// start order, none for the public programme. Private feeds see every
// purpose; a space's public feed sees bookings only as "Booked".
func (s *Store) FeedSpaceBookings(ctx context.Context, f model.FeedFilter) ([]model.SpaceBooking, error) {
	if !feedHasBookings(f) {
		return nil, nil
	}
	c := bookingConditions(f)
	var rows []spaceBookingRow
	if err := s.selectContext(ctx, &rows, `SELECT `+spaceBookingColumns+spaceBookingJoins+
		` WHERE `+c.sql()+` ORDER BY sb.starts_at, sb.id`, c.args...); err != nil {
		return nil, wrap(err, "feed space bookings")
	}
	out := spaceBookings(rows, nil)
	if !f.Private {
		for i, b := range out {
			out[i] = b.SeenBy(0)
		}
	}
	return out, nil
}

// FeedSessions returns the sessions of the feed f describes, in start
// order, each with when anything its event shows last changed.
func (s *Store) FeedSessions(ctx context.Context, f model.FeedFilter) ([]model.FeedSession, error) {
	c := feedConditions(f)
	changed := "ps.updated_at, t.updated_at, v.updated_at, sp.updated_at, p.updated_at"
	from := sessionJoins
	if f.Private {
		changed += ", bk.at"
		from += bookingsChanged
	}
	var rows []struct {
		sessionRow
		Changed time.Time `db:"changed_at"`
	}
	err := s.selectContext(ctx, &rows, `SELECT `+sessionColumns+`, greatest(`+changed+`) AS changed_at`+from+
		` WHERE `+c.sql()+` ORDER BY ps.starts_at, ps.title, ps.id`, c.args...)
	if err != nil {
		return nil, wrap(err, "feed sessions")
	}
	sessions := make([]model.FeedSession, len(rows))
	for i, r := range rows {
		sessions[i] = model.FeedSession{Session: r.session(), Changed: r.Changed}
	}
	return sessions, nil
}

// bookingsChanged joins to each session ps the last change to its
// bookings, bk.at (NULL when it has none).
const bookingsChanged = `
	LEFT JOIN LATERAL (SELECT max(b.updated_at) AS at FROM bookings b WHERE b.session_id = ps.id) bk ON true`

// FeedVersion reads what the feed f would hold without reading it: how many
// sessions, and a digest of their versions and of every theme, audience,
// venue, space and partner (whose names and addresses feeds show). Private
// feeds show booking counts, which change without a session's updated_at
// (a booking is not an edit), so their digest also covers the counts and
// the bookings' last change.
//
// The digest is a sum of one hash per row, so it needs no sorting and no
// joins, and it changes when any row does, even when two changes commit in
// the other order than they began. The named tables are small and hashed
// whole, so no edit of them can go unseen.
func (s *Store) FeedVersion(ctx context.Context, f model.FeedFilter) (model.FeedVersion, error) {
	c := feedConditions(f)
	row := "hashint8extended(ps.id, 0) # hashint8extended(floor(extract(epoch FROM ps.updated_at) * 1e6)::bigint, 1)"
	from := "FROM programme_sessions ps"
	if f.Private {
		row += ` # hashint8extended(ps.places_booked::bigint << 32 | ps.waitlist_length, 2)
			# hashint8extended(coalesce(ps.capacity, -1), 3)
			# hashint8extended(coalesce(floor(extract(epoch FROM bk.at) * 1e6)::bigint, 0), 4)`
		from += bookingsChanged
	}
	var v struct {
		Count int    `db:"count"`
		Rows  string `db:"rows"`
		Names string `db:"names"`
	}
	err := s.getContext(ctx, &v, `
		WITH names (digest) AS (
			SELECT concat_ws('/',
				(SELECT sum(hashtextextended(x::text, 0)) FROM themes x),
				(SELECT sum(hashtextextended(x::text, 0)) FROM audiences x),
				(SELECT sum(hashtextextended(x::text, 0)) FROM venues x),
				(SELECT sum(hashtextextended(x::text, 0)) FROM spaces x),
				(SELECT sum(hashtextextended(x::text, 0)) FROM partners x))
		), feed AS (
			SELECT count(*) AS count, coalesce(sum(`+row+`), 0)::text AS rows
			`+from+` WHERE `+c.sql()+`
		)
		SELECT feed.count, feed.rows, names.digest AS names FROM feed, names`, c.args...)
	if err != nil {
		return model.FeedVersion{}, wrap(err, "feed version")
	}
	if feedHasBookings(f) {
		b := bookingConditions(f)
		var bookings struct {
			Count int    `db:"count"`
			Rows  string `db:"rows"`
		}
		if err := s.getContext(ctx, &bookings, `
			SELECT count(*) AS count, coalesce(sum(hashint8extended(sb.id, 0)
			       # hashint8extended(floor(extract(epoch FROM sb.updated_at) * 1e6)::bigint, 1)), 0)::text AS rows
			FROM space_bookings sb WHERE `+b.sql(), b.args...); err != nil {
			return model.FeedVersion{}, wrap(err, "feed version")
		}
		v.Count += bookings.Count
		v.Rows += "+" + bookings.Rows
	}
	return model.FeedVersion{Count: v.Count, Digest: v.Rows + "/" + v.Names}, nil
}

// FeedOwner returns whose feed the token with hash opens, or
// model.ErrNotFound for a token that is unknown, revoked or replaced, or
// whose person can no longer sign in as staff. It notes, at most hourly,
// that the feed was used, which its owner's page shows.
func (s *Store) FeedOwner(ctx context.Context, hash []byte) (model.FeedOwner, error) {
	var r struct {
		PartnerID sql.NullInt64 `db:"partner_id"`
		UserID    sql.NullInt64 `db:"user_id"`
	}
	err := s.getContext(ctx, &r, `
		WITH live AS (
			SELECT ft.id, ft.partner_id, ft.user_id
			FROM feed_tokens ft
			LEFT JOIN users u ON u.id = ft.user_id
			WHERE ft.token_hash = $1 AND ft.revoked_at IS NULL
			  AND (ft.user_id IS NULL OR (u.disabled_at IS NULL AND u.role IN ('staff', 'admin')))
		), used AS (
			UPDATE feed_tokens ft SET last_used_at = now()
			FROM live
			WHERE ft.id = live.id AND (ft.last_used_at IS NULL OR ft.last_used_at < now() - interval '1 hour')
		)
		SELECT partner_id, user_id FROM live`, hash)
	if err != nil {
		return model.FeedOwner{}, wrap(err, "feed owner")
	}
	return model.FeedOwner{PartnerID: r.PartnerID.Int64, UserID: r.UserID.Int64}, nil
}

// FeedToken returns the live token of owner's feed, or model.ErrNotFound
// when there is none (never made, or revoked).
func (s *Store) FeedToken(ctx context.Context, owner model.FeedOwner) (model.FeedToken, error) {
	var r struct {
		ID         int64        `db:"id"`
		Sealed     []byte       `db:"token_sealed"`
		CreatedAt  time.Time    `db:"created_at"`
		CreatedBy  string       `db:"created_by"`
		LastUsedAt sql.NullTime `db:"last_used_at"`
	}
	err := s.getContext(ctx, &r, `
		SELECT ft.id, ft.token_sealed, ft.created_at, coalesce(u.name, '') AS created_by, ft.last_used_at
		FROM feed_tokens ft
		LEFT JOIN users u ON u.id = ft.created_by
		WHERE ft.revoked_at IS NULL AND `+ownerIs(owner), ownerID(owner))
	if err != nil {
		return model.FeedToken{}, wrap(err, "feed token")
	}
	t := model.FeedToken{ID: r.ID, Owner: owner, Sealed: r.Sealed, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy}
	if r.LastUsedAt.Valid {
		t.LastUsedAt = &r.LastUsedAt.Time
	}
	return t, nil
}

// ReplaceFeedToken makes the token with hash (and its sealed copy, which may
// be nil) owner's feed token, revoking the one before if any: the old
// address stops working in the same transaction. It locks the owner's row,
// so two people replacing it at once leave exactly one live token.
func (s *Store) ReplaceFeedToken(ctx context.Context, by model.Actor, owner model.FeedOwner, hash, sealed []byte) error {
	return s.InTx(ctx, func(tx *Store) error {
		key, label, err := tx.lockFeedOwner(ctx, owner)
		if err != nil {
			return err
		}
		revoked, err := tx.revokeFeedToken(ctx, by, owner)
		if err != nil {
			return err
		}
		action := "feed.create"
		if revoked {
			action = "feed.rotate"
		}
		var partnerID, userID *int64
		if owner.PartnerID != 0 {
			partnerID = &owner.PartnerID
		} else {
			userID = &owner.UserID
		}
		if _, err := tx.q.ExecContext(ctx, `
			INSERT INTO feed_tokens (token_hash, token_sealed, partner_id, user_id, created_by)
			VALUES ($1, $2, $3, $4, $5)`, hash, sealed, partnerID, userID, actorID(by)); err != nil {
			return wrap(err, "add feed token")
		}
		return tx.audit(ctx, by, change{action: action, entity: "feed", key: key, label: label})
	})
}

// RevokeFeedToken stops owner's feed token working, or returns
// model.ErrNotFound when there is no live one.
func (s *Store) RevokeFeedToken(ctx context.Context, by model.Actor, owner model.FeedOwner) error {
	return s.InTx(ctx, func(tx *Store) error {
		key, label, err := tx.lockFeedOwner(ctx, owner)
		if err != nil {
			return err
		}
		revoked, err := tx.revokeFeedToken(ctx, by, owner)
		if err != nil {
			return err
		}
		if !revoked {
			return model.ErrNotFound
		}
		return tx.audit(ctx, by, change{action: "feed.revoke", entity: "feed", key: key, label: label})
	})
}

// revokeFeedToken revokes owner's live token, reporting whether there was
// one.
func (s *Store) revokeFeedToken(ctx context.Context, by model.Actor, owner model.FeedOwner) (bool, error) {
	res, err := s.q.ExecContext(ctx, `
		UPDATE feed_tokens ft SET revoked_at = now(), revoked_by = $2
		WHERE ft.revoked_at IS NULL AND `+ownerIs(owner), ownerID(owner), actorID(by))
	if err != nil {
		return false, wrap(err, "revoke feed token")
	}
	n, err := res.RowsAffected()
	return n > 0, wrap(err, "revoke feed token")
}

// lockFeedOwner locks the partner's or user's row, so that changes to its
// feed token happen one at a time, and returns what the audit log names it
// by.
func (s *Store) lockFeedOwner(ctx context.Context, owner model.FeedOwner) (key, label string, err error) {
	var r struct {
		Key   string `db:"key"`
		Label string `db:"label"`
	}
	switch {
	case owner.PartnerID != 0 && owner.UserID == 0:
		err = s.getContext(ctx, &r, `SELECT slug AS key, name AS label FROM partners WHERE id = $1 FOR NO KEY UPDATE`, owner.PartnerID)
	case owner.UserID != 0 && owner.PartnerID == 0:
		err = s.getContext(ctx, &r, `SELECT email AS key, name AS label FROM users WHERE id = $1 FOR NO KEY UPDATE`, owner.UserID)
	default:
		return "", "", errors.New("feed owner: exactly one of partner and user")
	}
	return r.Key, r.Label, wrap(err, "lock feed owner")
}

// ownerIs is the condition on feed_tokens ft for owner's tokens, with $1
// for ownerID(owner).
func ownerIs(owner model.FeedOwner) string {
	if owner.PartnerID != 0 {
		return "ft.partner_id = $1"
	}
	return "ft.user_id = $1"
}

func ownerID(owner model.FeedOwner) int64 {
	if owner.PartnerID != 0 {
		return owner.PartnerID
	}
	return owner.UserID
}
