package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/ical"
	"hubbook/internal/model"
)

// How long sessions stay in a feed after they end, and after they are
// called off. The history lets a partner look back at last quarter in
// their calendar; a cancelled session stays long enough for every
// subscribed client to see it struck through, then leaves.
const (
	feedHistoryDays   = 90
	feedCalledOffDays = 30
)

// Cache-Control for calendars: shared caches may keep the public feeds a
// few minutes (they are the same for everyone, and clients come back
// hourly); the private ones only the subscriber's own client may keep.
const (
	cachePublicFeed  = "public, max-age=300"
	cachePrivateFeed = "private, max-age=300"
)

// feedCacheSize is how many built feeds are kept. The whole programme of a
// year (5,000 sessions) is about 2.5 MB, a partner's or a room's far less.
const feedCacheSize = 32

// tagsSeenSize is how many calendar ETags keep the time they were first
// seen. One forgotten costs its clients one download more.
const tagsSeenSize = 4096

// feed is one calendar feed to answer: what it is called, what it holds and
// how much it tells.
type feed struct {
	name   string
	filter model.FeedFilter
	detail ical.Detail
	cache  string
}

// window sets the feed's time bounds from the start of today in the
// service's time zone, so the bounds (and with them the feed's bytes and
// ETag) move once a day, not with every request.
func (s *Server) window(f *model.FeedFilter) {
	y, m, d := s.deps.Now().In(s.deps.Location).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, s.deps.Location)
	f.Since = today.AddDate(0, 0, -feedHistoryDays)
	f.CalledOffSince = today.AddDate(0, 0, -feedCalledOffDays)
}

// serveFeed answers with the feed's calendar, or 304 Not Modified when the
// client's copy is current. Whether it is current is read from the
// database without building the calendar (store.FeedVersion), so the hourly
// refreshes of every subscribed client cost one small query each.
func (s *Server) serveFeed(c *gin.Context, f feed) {
	ctx := c.Request.Context()
	s.window(&f.filter)
	version, err := s.deps.Store.FeedVersion(ctx, f.filter)
	if s.failed(c, err) {
		return
	}
	// Everything the bytes depend on: the data's version, the filter and
	// the day (the bounds), the name, where links point, and the encoding.
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00%+v\x00%d\x00%s\x00%s\x00%d",
		ical.Format, s.deps.BaseURL, f.filter, f.detail, f.name, version.Digest, version.Count)
	tag := hex.EncodeToString(h.Sum(nil))[:32]
	s.serveCalendar(c, calendarFile{
		tag:   tag,
		cache: f.cache,
		build: func() ([]byte, error) {
			if body, ok := s.feeds.Get(tag); ok {
				return body, nil
			}
			// Built once for everyone asking at the same moment, and to the
			// end even if the first to ask goes away.
			ctx := context.WithoutCancel(ctx)
			body, err, _ := s.feedBuilds.Do(tag, func() (any, error) {
				sessions, err := s.deps.Store.FeedSessions(ctx, f.filter)
				if err != nil {
					return nil, err
				}
				bookings, err := s.deps.Store.FeedSpaceBookings(ctx, f.filter)
				if err != nil {
					return nil, err
				}
				body, err := ical.Feed(f.name, sessions, bookings, s.deps.BaseURL, f.detail)
				if err == nil {
					s.feeds.Add(tag, body)
				}
				return body, err
			})
			if err != nil {
				return nil, err
			}
			return body.([]byte), nil
		},
	})
}

// feedProgramme is the public programme as a feed, narrowed by venue, theme
// and audience as on the programme page. The page's dates and paging mean
// nothing to a subscription and are ignored; a venue, theme or audience
// that does not exist is a 400 that says what does.
func (s *Server) feedProgramme(c *gin.Context) {
	vocab, err := s.vocabulary(c.Request.Context())
	if s.failed(c, err) {
		return
	}
	f := feed{detail: ical.Public, cache: cachePublicFeed}
	names := []string{}
	var problems []string
	query := c.Request.URL.Query()
	pick := func(param, what string, slugs []string, found func(i int)) {
		if len(query[param]) > 1 {
			problems = append(problems, fmt.Sprintf("Give %s once: a feed shows one %s or every %s.", param, what, what))
			return
		}
		v := strings.ToLower(strings.TrimSpace(query.Get(param)))
		if v == "" {
			return
		}
		for i, slug := range slugs {
			if slug == v {
				found(i)
				return
			}
		}
		problems = append(problems, fmt.Sprintf("There is no %s called %q. Leave %s out for every %s, or use one of: %s.",
			what, v, param, what, strings.Join(slugs, ", ")))
	}
	pick("venue", "venue", slugsOf(vocab.Venues, func(v model.Venue) string { return v.Slug }), func(i int) {
		f.filter.VenueID = vocab.Venues[i].ID
		names = append(names, vocab.Venues[i].Name)
	})
	pick("theme", "topic", slugsOf(vocab.Themes, func(t model.Theme) string { return t.Slug }), func(i int) {
		f.filter.ThemeID = vocab.Themes[i].ID
		names = append(names, vocab.Themes[i].Name)
	})
	pick("audience", "audience", slugsOf(vocab.Audiences, func(a model.Audience) string { return a.Slug }), func(i int) {
		f.filter.AudienceID = vocab.Audiences[i].ID
		names = append(names, vocab.Audiences[i].Name)
	})
	if len(problems) > 0 {
		c.Header("Cache-Control", "no-store")
		c.String(http.StatusBadRequest, "This calendar cannot be made:\n%s\n", strings.Join(problems, "\n"))
		return
	}
	f.name = s.deps.ServiceName
	if len(names) > 0 {
		f.name += ": " + strings.Join(names, ", ")
	}
	s.serveFeed(c, f)
}

// byID finds the item of list with id, or model.ErrNotFound.
func byID[T any](list []T, id int64, idOf func(T) int64) (T, error) {
	for _, x := range list {
		if idOf(x) == id {
			return x, nil
		}
	}
	var zero T
	return zero, model.ErrNotFound
}

func slugsOf[T any](list []T, slug func(T) string) []string {
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = slug(x)
	}
	return out
}

// feedSpace is what is on in one room or zone: the sessions in it, in the
// room it is part of, and in the zones within it. Only public sessions, and
// nothing about who booked.
func (s *Server) feedSpace(c *gin.Context) {
	slug, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok || !slugPattern.MatchString(slug) {
		s.notFound(c)
		return
	}
	ctx := c.Request.Context()
	sp, _, err := s.deps.Store.SpaceForEdit(ctx, slug)
	if s.failed(c, err) {
		return
	}
	venues, err := s.deps.Store.Venues(ctx)
	if s.failed(c, err) {
		return
	}
	venue, err := byID(venues, sp.VenueID, func(v model.Venue) int64 { return v.ID })
	if s.failed(c, err) {
		return
	}
	s.serveFeed(c, feed{
		name:   sp.Name + ", " + venue.Name,
		filter: model.FeedFilter{SpaceID: sp.ID},
		detail: ical.Public,
		cache:  cachePublicFeed,
	})
}

// feedOwner reads the token from the :token parameter ("….ics") and
// returns whose feed it opens. An unknown, revoked or malformed token is
// the same plain 404 as any missing page: nothing says whether it existed.
func (s *Server) feedOwner(c *gin.Context) (model.FeedOwner, bool) {
	token, ok := strings.CutSuffix(c.Param("token"), ".ics")
	if !ok || !auth.WellFormedToken(token) {
		s.notFound(c)
		return model.FeedOwner{}, false
	}
	owner, err := s.deps.Store.FeedOwner(c.Request.Context(), auth.HashToken(token))
	if isNotFound(err) {
		s.notFound(c)
		return model.FeedOwner{}, false
	}
	if s.failed(c, err) {
		return model.FeedOwner{}, false
	}
	return owner, true
}

// feedPartner is a partner's private feed: its sessions, proposals
// included, with booking figures.
func (s *Server) feedPartner(c *gin.Context) {
	owner, ok := s.feedOwner(c)
	if !ok {
		return
	}
	if owner.PartnerID == 0 {
		s.notFound(c) // a staff member's token opens staff feeds only
		return
	}
	partners, err := s.deps.Store.Partners(c.Request.Context())
	if s.failed(c, err) {
		return
	}
	p, err := byID(partners, owner.PartnerID, func(p model.Partner) int64 { return p.ID })
	if s.failed(c, err) {
		return
	}
	s.serveFeed(c, feed{
		name:   p.Name + ": sessions",
		filter: model.FeedFilter{PartnerID: p.ID, Private: true},
		detail: ical.Private,
		cache:  cachePrivateFeed,
	})
}

// feedVenue is everything on at one venue, for staff: every session,
// proposals included, with booking figures, behind the staff member's own
// token.
func (s *Server) feedVenue(c *gin.Context) {
	owner, ok := s.feedOwner(c)
	if !ok {
		return
	}
	if owner.UserID == 0 {
		s.notFound(c) // a partner's token opens its own feed only
		return
	}
	venue, err := s.deps.Store.Venue(c.Request.Context(), c.Param("slug"))
	if s.failed(c, err) {
		return
	}
	s.serveFeed(c, feed{
		name:   venue.Name + ": everything",
		filter: model.FeedFilter{VenueID: venue.ID, Private: true},
		detail: ical.Private,
		cache:  cachePrivateFeed,
	})
}

// sessionCalendar is one session as an .ics file, to add to a calendar
// from the session's page.
func (s *Server) sessionCalendar(c *gin.Context) {
	m, ok := s.findSession(c)
	if !ok {
		return
	}
	body, err := ical.Encode(ical.Calendar{Name: m.Title, Events: []ical.Event{ical.Session(m, s.deps.BaseURL, ical.Public)}})
	if s.failed(c, err) {
		return
	}
	s.serveCalendar(c, calendarFile{
		download: m.PublicID + ".ics",
		cache:    cachePublicFeed,
		build:    func() ([]byte, error) { return body, nil },
		tag:      bodyTag(body),
	})
}

// bodyTag is an ETag for a calendar already built: a digest of its bytes.
func bodyTag(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:16])
}
