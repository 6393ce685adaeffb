package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// sessionColumns and sessionJoins read a session with the names of its
// theme, audience, venue, space and partner in one round trip.
const sessionColumns = `
	ps.id, ps.public_id, ps.title, ps.summary, ps.description, ps.series_id,
	ps.starts_at, ps.ends_at, ps.booking_required, ps.capacity, ps.places_booked,
	ps.waitlist_length, ps.walk_in_reserve, ps.children_welcome, ps.access_notes, ps.status,
	ps.cancel_reason, ps.review_note, ps.proposed_by, ps.sequence, ps.created_at, ps.updated_at,
	t.id AS theme_id, t.slug AS theme_slug, t.name AS theme_name,
	a.id AS audience_id, a.slug AS audience_slug, a.name AS audience_name,
	v.id AS venue_id, v.slug AS venue_slug, v.name AS venue_name, v.summary AS venue_summary,
	v.address AS venue_address, v.postcode AS venue_postcode, v.directions AS venue_directions,
	v.phone AS venue_phone, v.opening_hours AS venue_opening_hours,
	v.access_notes AS venue_access_notes, v.features AS venue_features,
	sp.id AS space_id, sp.slug AS space_slug, sp.name AS space_name, sp.kind AS space_kind,
	sp.capacity AS space_capacity, sp.features AS space_features, sp.description AS space_description,
	p.id AS partner_id, p.slug AS partner_slug, p.name AS partner_name,
	p.website AS partner_website, p.phone AS partner_phone`

const sessionJoins = `
	FROM programme_sessions ps` + sessionNames

// sessionNames join a session ps to the names sessionColumns read.
const sessionNames = `
	JOIN themes t ON t.id = ps.theme_id
	JOIN audiences a ON a.id = ps.audience_id
	JOIN venues v ON v.id = ps.venue_id
	LEFT JOIN spaces sp ON sp.id = ps.space_id
	LEFT JOIN partners p ON p.id = ps.partner_id`

// sessionRow is one row of sessionColumns.
type sessionRow struct {
	ID              int64          `db:"id"`
	PublicID        string         `db:"public_id"`
	Title           string         `db:"title"`
	Summary         string         `db:"summary"`
	Description     string         `db:"description"`
	SeriesID        sql.NullInt64  `db:"series_id"`
	StartsAt        time.Time      `db:"starts_at"`
	EndsAt          time.Time      `db:"ends_at"`
	BookingRequired bool           `db:"booking_required"`
	Capacity        sql.NullInt64  `db:"capacity"`
	PlacesBooked    int            `db:"places_booked"`
	WaitlistLength  int            `db:"waitlist_length"`
	WalkInReserve   int            `db:"walk_in_reserve"`
	ChildrenWelcome bool           `db:"children_welcome"`
	AccessNotes     string         `db:"access_notes"`
	Status          string         `db:"status"`
	CancelReason    string         `db:"cancel_reason"`
	ReviewNote      string         `db:"review_note"`
	ProposedBy      sql.NullInt64  `db:"proposed_by"`
	Sequence        int            `db:"sequence"`
	CreatedAt       time.Time      `db:"created_at"`
	UpdatedAt       time.Time      `db:"updated_at"`
	ThemeID         int64          `db:"theme_id"`
	ThemeSlug       string         `db:"theme_slug"`
	ThemeName       string         `db:"theme_name"`
	AudienceID      int64          `db:"audience_id"`
	AudienceSlug    string         `db:"audience_slug"`
	AudienceName    string         `db:"audience_name"`
	VenueID         int64          `db:"venue_id"`
	VenueSlug       string         `db:"venue_slug"`
	VenueName       string         `db:"venue_name"`
	VenueSummary    string         `db:"venue_summary"`
	VenueAddress    string         `db:"venue_address"`
	VenuePostcode   string         `db:"venue_postcode"`
	VenueDirections string         `db:"venue_directions"`
	VenuePhone      string         `db:"venue_phone"`
	VenueHours      string         `db:"venue_opening_hours"`
	VenueAccess     string         `db:"venue_access_notes"`
	VenueFeatures   pq.StringArray `db:"venue_features"`
	SpaceID         sql.NullInt64  `db:"space_id"`
	SpaceSlug       sql.NullString `db:"space_slug"`
	SpaceName       sql.NullString `db:"space_name"`
	SpaceKind       sql.NullString `db:"space_kind"`
	SpaceCapacity   sql.NullInt64  `db:"space_capacity"`
	SpaceFeatures   pq.StringArray `db:"space_features"`
	SpaceDesc       sql.NullString `db:"space_description"`
	PartnerID       sql.NullInt64  `db:"partner_id"`
	PartnerSlug     sql.NullString `db:"partner_slug"`
	PartnerName     sql.NullString `db:"partner_name"`
	PartnerWebsite  sql.NullString `db:"partner_website"`
	PartnerPhone    sql.NullString `db:"partner_phone"`
}

func (r sessionRow) session() model.Session {
	s := model.Session{
		ID:              r.ID,
		PublicID:        r.PublicID,
		Title:           r.Title,
		Summary:         r.Summary,
		Description:     r.Description,
		Theme:           model.Theme{ID: r.ThemeID, Slug: r.ThemeSlug, Name: r.ThemeName},
		Audience:        model.Audience{ID: r.AudienceID, Slug: r.AudienceSlug, Name: r.AudienceName},
		StartsAt:        r.StartsAt,
		EndsAt:          r.EndsAt,
		BookingRequired: r.BookingRequired,
		PlacesBooked:    r.PlacesBooked,
		WaitlistLength:  r.WaitlistLength,
		WalkInReserve:   r.WalkInReserve,
		ChildrenWelcome: r.ChildrenWelcome,
		AccessNotes:     r.AccessNotes,
		Status:          model.SessionStatus(r.Status),
		CancelReason:    r.CancelReason,
		ReviewNote:      r.ReviewNote,
		Sequence:        r.Sequence,
		CreatedAt:       r.CreatedAt,
		UpdatedAt:       r.UpdatedAt,
		Venue: model.Venue{
			ID: r.VenueID, Slug: r.VenueSlug, Name: r.VenueName, Summary: r.VenueSummary,
			Address: r.VenueAddress, Postcode: r.VenuePostcode, Directions: r.VenueDirections,
			Phone: r.VenuePhone, OpeningHours: r.VenueHours, AccessNotes: r.VenueAccess,
			Features: r.VenueFeatures,
		},
	}
	if r.SeriesID.Valid {
		s.SeriesID = &r.SeriesID.Int64
	}
	if r.ProposedBy.Valid {
		s.ProposedBy = &r.ProposedBy.Int64
	}
	if r.Capacity.Valid {
		c := int(r.Capacity.Int64)
		s.Capacity = &c
	}
	if r.SpaceID.Valid {
		s.Space = &model.Space{
			ID: r.SpaceID.Int64, VenueID: r.VenueID, Slug: r.SpaceSlug.String, Name: r.SpaceName.String,
			Kind: model.SpaceKind(r.SpaceKind.String), Capacity: int(r.SpaceCapacity.Int64),
			Features: r.SpaceFeatures, Description: r.SpaceDesc.String,
		}
	}
	if r.PartnerID.Valid {
		s.Partner = &model.Partner{
			ID: r.PartnerID.Int64, Slug: r.PartnerSlug.String, Name: r.PartnerName.String,
			Website: r.PartnerWebsite.String, Phone: r.PartnerPhone.String,
		}
	}
	return s
}

// UpcomingSessions returns the sessions that have not yet ended at now and
// match f, in start order, with the number of matches before paging.
// Cancelled sessions are included: people who saw them listed need to know.
// Proposals and declined proposals are not public and never listed.
//
// A session lasts at most a day (by CHECK), so "not yet ended" can walk the
// (starts_at, title, id) index from a day back, in the order the page wants,
// and stop at the page's end; the total is a separate count on the narrow
// table, skipped when the page itself shows it.
func (s *Store) UpcomingSessions(ctx context.Context, now time.Time, f model.SessionFilter) ([]model.Session, int, error) {
	var c conditions
	c.add("ps.starts_at > ?::timestamptz - interval '24 hours' AND ps.ends_at > ?", now, now)
	c.add("ps.status IN ('scheduled', 'cancelled')")
	if f.VenueSlug != "" {
		c.add("ps.venue_id = (SELECT id FROM venues WHERE slug = ?)", f.VenueSlug)
	}
	if f.ThemeSlug != "" {
		c.add("ps.theme_id = (SELECT id FROM themes WHERE slug = ?)", f.ThemeSlug)
	}
	if f.AudienceSlug != "" {
		c.add("ps.audience_id = (SELECT id FROM audiences WHERE slug = ?)", f.AudienceSlug)
	}
	if !f.From.IsZero() {
		c.add("ps.starts_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		c.add("ps.starts_at < ?", f.To)
	}
	cond, args := c.sql(), c.args
	query := `SELECT ` + sessionColumns + sessionJoins + ` WHERE ` + cond + ` ORDER BY ps.starts_at, ps.title, ps.id`
	offset := max(f.Offset, 0)
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, offset)
	}
	var rows []sessionRow
	total := 0
	err := s.readInWrittenOrder(ctx, func(tx *Store) error {
		if err := tx.selectContext(ctx, &rows, query, args...); err != nil {
			return wrap(err, "upcoming sessions")
		}
		// A page that is not full, and not past the end, tells the total itself.
		if f.Limit == 0 || (len(rows) > 0 && len(rows) < f.Limit) {
			total = offset + len(rows)
			return nil
		}
		return wrap(tx.getContext(ctx, &total, `SELECT count(*) FROM programme_sessions ps WHERE `+cond, args...), "count upcoming sessions")
	})
	if err != nil {
		return nil, 0, err
	}
	sessions := make([]model.Session, len(rows))
	for i, r := range rows {
		sessions[i] = r.session()
	}
	return sessions, total, nil
}

// Session returns the session whose public id is publicID, with its full
// description, or model.ErrNotFound.
func (s *Store) Session(ctx context.Context, publicID string) (model.Session, error) {
	var r sessionRow
	err := s.getContext(ctx, &r, `SELECT `+sessionColumns+` `+sessionJoins+
		` WHERE ps.public_id = $1`, publicID)
	if err != nil {
		return model.Session{}, wrap(err, "session "+publicID)
	}
	return r.session(), nil
}

// NewSession is what it takes to add a session to the programme.
type NewSession struct {
	Title           string
	Summary         string
	Description     string
	ThemeID         int64
	AudienceID      int64
	VenueID         int64
	SpaceID         *int64
	PartnerID       *int64
	SeriesID        *int64
	StartsAt        time.Time
	EndsAt          time.Time
	BookingRequired bool
	Capacity        *int
	// WalkInReserve is how many places online booking leaves for walk-ins
	// until they open to everyone.
	WalkInReserve   int
	ChildrenWelcome bool
	AccessNotes     string
	Status          model.SessionStatus
	CancelReason    string
}

// CreateSession adds a session and returns its id and public id.
func (s *Store) CreateSession(ctx context.Context, n NewSession) (id int64, publicID string, err error) {
	if n.Status == "" {
		n.Status = model.StatusScheduled
	}
	var row struct {
		ID       int64  `db:"id"`
		PublicID string `db:"public_id"`
	}
	err = s.getContext(ctx, &row, `
		INSERT INTO programme_sessions (title, summary, description, theme_id, audience_id, venue_id,
			space_id, partner_id, series_id, starts_at, ends_at, booking_required, capacity,
			children_welcome, access_notes, status, cancel_reason, walk_in_reserve)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		RETURNING id, public_id`,
		n.Title, n.Summary, n.Description, n.ThemeID, n.AudienceID, n.VenueID,
		n.SpaceID, n.PartnerID, n.SeriesID, n.StartsAt, n.EndsAt, n.BookingRequired, n.Capacity,
		n.ChildrenWelcome, n.AccessNotes, n.Status, n.CancelReason, n.WalkInReserve)
	return row.ID, row.PublicID, wrap(err, "create session "+n.Title)
}

// CreateSeries records the recurrence rule behind a run of sessions.
func (s *Store) CreateSeries(ctx context.Context, rrule string) (int64, error) {
	var id int64
	err := s.getContext(ctx, &id, `INSERT INTO series (rrule) VALUES ($1) RETURNING id`, rrule)
	return id, wrap(err, "create series")
}
