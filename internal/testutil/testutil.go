// Package testutil builds test fixtures through the store, one small helper
// per thing, with defaults for everything a test does not care about.
package testutil

import (
	"cmp"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

var serial atomic.Int64

// unique returns a slug-safe suffix unique within the test binary.
func unique() string { return fmt.Sprint(serial.Add(1)) }

// London is Europe/London, the time zone sessions are shown in.
func London(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// CreateVenue adds a venue; fields set in v override the defaults.
func CreateVenue(t testing.TB, st *store.Store, v model.Venue) model.Venue {
	t.Helper()
	n := unique()
	if v.Slug == "" {
		v.Slug = "venue-" + n
	}
	if v.Name == "" {
		v.Name = "Venue " + n
	}
	if v.Address == "" {
		v.Address = "1 High Street\nEdinburgh"
	}
	if v.Postcode == "" {
		v.Postcode = "EH1 1AA"
	}
	v, err := st.CreateVenue(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// CreateSpace adds a space to venue; fields set in sp override the defaults.
func CreateSpace(t testing.TB, st *store.Store, venue model.Venue, sp model.Space) model.Space {
	t.Helper()
	n := unique()
	sp.VenueID = venue.ID
	if sp.Slug == "" {
		sp.Slug = "space-" + n
	}
	if sp.Name == "" {
		sp.Name = "Room " + n
	}
	if sp.Kind == "" {
		sp.Kind = model.SpaceRoom
	}
	if sp.Capacity == 0 {
		sp.Capacity = 20
	}
	sp, err := st.CreateSpace(context.Background(), sp)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// CreatePartner adds a partner; fields set in p override the defaults.
func CreatePartner(t testing.TB, st *store.Store, p model.Partner) model.Partner {
	t.Helper()
	n := unique()
	if p.Slug == "" {
		p.Slug = "partner-" + n
	}
	if p.Name == "" {
		p.Name = "Partner " + n
	}
	p, err := st.CreatePartner(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Session describes a session for CreateSession in the terms a test uses:
// slugs rather than ids, and a start with a length.
type Session struct {
	Title    string
	Theme    string // theme slug, default "health"
	Audience string // audience slug, default "everyone"
	Venue    model.Venue
	Space    *model.Space
	Partner  *model.Partner
	Start    time.Time // default: tomorrow at this time
	Length   time.Duration
	DropIn   bool
	Capacity int // default 10 for bookable sessions
	Reserve  int // places held for walk-ins
	Status   model.SessionStatus
	Summary  string
	Children bool
}

// CreateSession adds a session and returns it as the store reads it back.
func CreateSession(t testing.TB, st *store.Store, s Session) model.Session {
	t.Helper()
	ctx := context.Background()
	if s.Title == "" {
		s.Title = "Session " + unique()
	}
	if s.Start.IsZero() {
		s.Start = time.Now().Add(24 * time.Hour).Truncate(time.Minute)
	}
	if s.Length == 0 {
		s.Length = time.Hour
	}
	if s.Venue.ID == 0 {
		s.Venue = CreateVenue(t, st, model.Venue{})
	}
	n := store.NewSession{
		Title:           s.Title,
		Summary:         s.Summary,
		ThemeID:         vocabularyID(t, st, "theme", cmp.Or(s.Theme, "health")),
		AudienceID:      vocabularyID(t, st, "audience", cmp.Or(s.Audience, "everyone")),
		VenueID:         s.Venue.ID,
		StartsAt:        s.Start,
		EndsAt:          s.Start.Add(s.Length),
		BookingRequired: !s.DropIn,
		ChildrenWelcome: s.Children,
		Status:          s.Status,
		WalkInReserve:   s.Reserve,
	}
	if s.Space != nil {
		n.SpaceID = &s.Space.ID
	}
	if s.Partner != nil {
		n.PartnerID = &s.Partner.ID
	}
	if !s.DropIn {
		c := s.Capacity
		if c == 0 {
			c = 10
		}
		n.Capacity = &c
	}
	_, publicID, err := st.CreateSession(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.Session(ctx, publicID)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func vocabularyID(t testing.TB, st *store.Store, kind, slug string) int64 {
	t.Helper()
	ctx := context.Background()
	switch kind {
	case "theme":
		themes, err := st.Themes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range themes {
			if x.Slug == slug {
				return x.ID
			}
		}
	case "audience":
		audiences, err := st.Audiences(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range audiences {
			if x.Slug == slug {
				return x.ID
			}
		}
	}
	t.Fatalf("no %s %q", kind, slug)
	return 0
}

// Password is the password of every account CreateUser makes.
const Password = "correct horse battery staple"

// passwordHash is Password's hash, made once per test binary: argon2id is
// deliberately slow.
var passwordHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(Password) })

// CreateUser adds an account whose password is Password; fields set in u
// override the defaults (role staff). A partner account without a partner
// gets a new one.
func CreateUser(t testing.TB, st *store.Store, u model.User) model.User {
	t.Helper()
	n := unique()
	if u.Role == "" {
		u.Role = model.RoleStaff
	}
	if u.Email == "" {
		u.Email = "user-" + n + "@example.org"
	}
	if u.Name == "" {
		u.Name = "User " + n
	}
	if u.Role == model.RolePartner && u.PartnerID == nil {
		p := CreatePartner(t, st, model.Partner{})
		u.PartnerID = &p.ID
	}
	hash, err := passwordHash()
	if err != nil {
		t.Fatal(err)
	}
	created, err := st.CreateUser(context.Background(), model.Actor{}, store.NewUser{
		Email: u.Email, Name: u.Name, Role: u.Role, PartnerID: u.PartnerID, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	return created
}
