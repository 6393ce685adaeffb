package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// The day view's grid: half-hour columns from 08:00 to 22:00 at least,
// widened to the opening hours and to bookings outside them.
const (
	roomsSlotMinutes = 30
	roomsDayOpens    = 8 * 60
	roomsDayCloses   = 22 * 60
)

type roomsHomePage struct {
	Layout
	Venues []model.Venue
	// Today is the date of the day views the venues link to.
	Today string
}

// roomsHome lists the venues, each linking to today's day view.
func (s *Server) roomsHome(c *gin.Context) {
	venues, err := s.deps.Store.Venues(c.Request.Context())
	if s.failed(c, err) {
		return
	}
	s.render(c, http.StatusOK, "rooms", roomsHomePage{Layout: s.layout(c, "Rooms and spaces"), Venues: venues,
		Today: s.deps.Now().In(s.deps.Location).Format(time.DateOnly)})
}

// roomsBlock is one booking as the day and week views show it: what it
// is, when, and whether it waits for staff or is the viewer's own.
type roomsBlock struct {
	What string
	// URL is the session's page, or the booking's for whoever may manage it.
	URL     string
	Kind    model.SpaceBookingKind
	Hidden  bool
	When    string
	Held    string
	Partner string
	Waiting bool
	Own     bool
	// Around says the booking is of another space that takes in this one
	// (a room around a zone) or, in the week view, lies within it.
	Around string
}

// roomsCell is a cell of the day grid: empty, or the bookings it spans.
type roomsCell struct {
	Span   int
	Blocks []roomsBlock
}

// roomsRow is a space in the day view, with its grid cells and its list.
type roomsRow struct {
	Space   model.Space
	WeekURL string
	BookURL string
	Cells   []roomsCell
	Blocks  []roomsBlock
}

// roomsHour labels the grid's columns, an hour at a time.
type roomsHour struct {
	Label string
	Span  int
}

type roomsDayPage struct {
	Layout
	Venue     model.Venue
	Date      time.Time
	DateValue string
	PrevURL   string
	NextURL   string
	Problems  []problem
	Hours     []roomsHour
	Rows      []roomsRow
	// Bookings counts the bookings of the day, in every space.
	Bookings int
}

// roomsViewer is who is looking: a partner sees its own organisation's
// bookings as its own, anyone else the bookings they made.
type roomsViewer struct {
	scope   *store.PartnerScope
	userID  int64
	canBook bool
	staff   bool
	// navigator sees what everyone books, as staff do, but not partners'
	// proposals, which are not public until approved (seen).
	navigator bool
}

// seen is what the viewer may see of bookings read for it (the store has
// already hidden other partners' from a partner).
func (v roomsViewer) seen(bookings []model.SpaceBooking) []model.SpaceBooking {
	if v.navigator {
		for i, b := range bookings {
			if b.Kind == model.SpaceForSession && b.Status == model.SpaceRequested {
				bookings[i] = b.SeenBy(0)
			}
		}
	}
	return bookings
}

// roomsViewerOf is the signed-in person as the rooms pages see them.
func roomsViewerOf(c *gin.Context) roomsViewer {
	u, _ := currentUser(c)
	v := roomsViewer{userID: u.ID, canBook: u.Is(model.RolePartner, model.RoleStaff, model.RoleAdmin),
		staff: u.Is(model.RoleStaff, model.RoleAdmin)}
	switch {
	case u.Is(model.RolePartner):
		scope, _ := partnerScope(c)
		v.scope = &scope
	case !v.staff:
		v.navigator = true
	}
	return v
}

// owns reports whether b is the viewer's: for a partner, its
// organisation's bookings and sessions; for others, what they booked.
func (v roomsViewer) owns(b model.SpaceBooking) bool {
	if v.scope != nil {
		return b.Partner != nil && b.Partner.ID == v.scope.PartnerID
	}
	return b.BookedByID != nil && *b.BookedByID == v.userID
}

// roomsDay is a venue's day: every space down the side, the hours across,
// and each booking where and when it is; then the same as a list.
func (s *Server) roomsDay(c *gin.Context) {
	ctx := c.Request.Context()
	venue, err := s.deps.Store.Venue(ctx, c.Param("venue"))
	if s.failed(c, err) {
		return
	}
	day, problems := s.roomsDate(c.Query("date"), "date", "today")
	next := day.AddDate(0, 0, 1)
	spaces, err := s.deps.Store.Spaces(ctx, venue.ID)
	if s.failed(c, err) {
		return
	}
	viewer := roomsViewerOf(c)
	bookings, err := s.deps.Store.SpaceBookingsAt(ctx, venue.ID, day, next, viewer.scope)
	bookings = viewer.seen(bookings)
	if s.failed(c, err) {
		return
	}
	// Only the set-up or clear-down of some falls in the day: leave them out.
	bookings = slices.DeleteFunc(bookings, func(b model.SpaceBooking) bool {
		return !b.StartsAt.Before(next) || !b.EndsAt.After(day)
	})
	opens, closes, err := s.roomsWindow(ctx, spaces, day, bookings)
	if s.failed(c, err) {
		return
	}
	page := roomsDayPage{
		Layout: s.layout(c, venue.Name+": rooms on "+day.Format("Monday 2 January")),
		Venue:  venue, Date: day, DateValue: day.Format(time.DateOnly), Problems: problems,
		PrevURL:  roomsDayURL(venue.Slug, day.AddDate(0, 0, -1)),
		NextURL:  roomsDayURL(venue.Slug, next),
		Hours:    roomsHours(opens, closes),
		Bookings: len(bookings),
	}
	page.Rows = s.roomsDayRows(venue, spaces, bookings, viewer, day, opens, closes)
	s.render(c, http.StatusOK, "rooms-day", page)
}

// roomsDayRows are the day view's rows, one a space: its bookings and
// those of the spaces around it (a zone's room) and within it (a room's
// zones), which take it too, each labelled: a room with a zone booked is
// not free as a whole room.
func (s *Server) roomsDayRows(venue model.Venue, spaces []model.Space, bookings []model.SpaceBooking, viewer roomsViewer,
	day time.Time, opens, closes int) []roomsRow {
	date := day.Format(time.DateOnly)
	rows := make([]roomsRow, 0, len(spaces))
	for _, sp := range spaces {
		row := roomsRow{Space: sp, WeekURL: roomsSpaceURL(venue.Slug, sp.Slug) + "?week=" + date}
		if viewer.canBook {
			row.BookURL = roomsSpaceURL(venue.Slug, sp.Slug) + "/book?date=" + date
		}
		related := roomsRelated(spaces, sp)
		var taking []model.SpaceBooking
		for _, b := range bookings {
			if note, ok := related[b.Space.ID]; ok {
				blk := s.roomsBlockOf(b, viewer)
				blk.Around = note
				taking = append(taking, b)
				row.Blocks = append(row.Blocks, blk)
			}
		}
		row.Cells = roomsCells(taking, row.Blocks, day, s.deps.Location, opens, closes)
		rows = append(rows, row)
	}
	return rows
}

// roomsDate reads a date parameter; an empty or unreadable one is today,
// the latter with a note saying the page shows instead.
func (s *Server) roomsDate(value, param, instead string) (time.Time, []problem) {
	loc := s.deps.Location
	if d, ok := parseDate(value, loc); ok {
		return d, nil
	}
	y, m, d := s.deps.Now().In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if value == "" {
		return today, nil
	}
	return today, []problem{{param, fmt.Sprintf("%q is not a date, so this shows %s. Enter a date like %s.",
		value, instead, today.Format("2006-01-02"))}}
}

// roomsWindow is the grid's first and last minute of day: 08:00 to 22:00,
// or wider for opening hours or bookings outside them (a closure is cut
// to the window instead, since it may last all day).
func (s *Server) roomsWindow(ctx context.Context, spaces []model.Space, day time.Time, bookings []model.SpaceBooking) (int, int, error) {
	opens, closes := roomsDayOpens, roomsDayCloses
	weekday := (int(day.Weekday())+6)%7 + 1
	if len(spaces) > 0 {
		// The venue's hours and every space's own, in one read.
		vh, err := s.deps.Store.VenueHours(ctx, spaces[0].VenueID)
		if err != nil {
			return 0, 0, err
		}
		all := vh.Venue
		for _, own := range vh.Spaces {
			all = append(all, own...)
		}
		for _, h := range all {
			if h.Weekday == weekday {
				opens, closes = min(opens, h.Opens), max(closes, h.Closes)
			}
		}
	}
	for _, b := range bookings {
		if b.Kind != model.SpaceClosed {
			opens = min(opens, roomsMinute(b.StartsAt, day, s.deps.Location))
			closes = max(closes, roomsMinute(b.EndsAt, day, s.deps.Location))
		}
	}
	return opens / 60 * 60, (closes + 59) / 60 * 60, nil
}

// roomsMinute is t as minutes after the local midnight starting day, by
// the clock (so 10:00 is 600 on the day the clocks change), within it.
func roomsMinute(t, day time.Time, loc *time.Location) int {
	switch {
	case t.Before(day):
		return 0
	case !t.Before(day.AddDate(0, 0, 1)):
		return 24 * 60
	}
	t = t.In(loc)
	return t.Hour()*60 + t.Minute()
}

// roomsCells lays a space's bookings (in start order, none overlapping)
// along the grid's slots from opens to closes: each booking spans the
// slots it touches; one sharing a slot with the one before joins its cell.
func roomsCells(bookings []model.SpaceBooking, blocks []roomsBlock, day time.Time, loc *time.Location, opens, closes int) []roomsCell {
	slots := (closes - opens) / roomsSlotMinutes
	var cells []roomsCell
	at := 0
	for i, b := range bookings {
		from := (max(roomsMinute(b.StartsAt, day, loc), opens) - opens) / roomsSlotMinutes
		to := (min(roomsMinute(b.EndsAt, day, loc), closes) - opens + roomsSlotMinutes - 1) / roomsSlotMinutes
		from, to = min(from, slots), min(to, slots)
		if from < at && len(cells) > 0 && cells[len(cells)-1].Blocks != nil {
			last := &cells[len(cells)-1]
			last.Blocks = append(last.Blocks, blocks[i])
			if to > at {
				last.Span += to - at
				at = to
			}
			continue
		}
		if from > at {
			cells = append(cells, roomsCell{Span: from - at})
			at = from
		}
		to = max(to, at+1)
		if to > slots {
			// Cut to the window, but still shown.
			to = slots
		}
		if to <= at {
			continue
		}
		cells = append(cells, roomsCell{Span: to - at, Blocks: []roomsBlock{blocks[i]}})
		at = to
	}
	if at < slots {
		cells = append(cells, roomsCell{Span: slots - at})
	}
	return cells
}

// roomsHours are the grid's column headings, one an hour.
func roomsHours(opens, closes int) []roomsHour {
	var hours []roomsHour
	for m := opens; m < closes; m += 60 {
		hours = append(hours, roomsHour{Label: fmt.Sprintf("%02d:00", m/60), Span: 60 / roomsSlotMinutes})
	}
	return hours
}

// roomsBlockOf says what b is, when, and whose, as the viewer may see it.
func (s *Server) roomsBlockOf(b model.SpaceBooking, viewer roomsViewer) roomsBlock {
	loc := s.deps.Location
	blk := roomsBlock{What: b.Purpose, Kind: b.Kind, Hidden: b.Hidden, Waiting: b.Status == model.SpaceRequested,
		When: b.StartsAt.In(loc).Format("15:04") + " to " + b.EndsAt.In(loc).Format("15:04"), Own: viewer.owns(b)}
	switch b.Kind {
	case model.SpaceClosed:
		blk.What = "Closed"
		if b.Purpose != "" {
			blk.What = "Closed: " + b.Purpose
		}
	case model.SpaceForSession:
		if b.Status == model.SpaceConfirmed {
			// A proposal (requested) has no public page yet.
			blk.URL = "/sessions/" + b.SessionPublicID
		}
	default:
		if viewer.staff || blk.Own {
			blk.URL = "/space-bookings/" + b.PublicID
		}
	}
	if b.Partner != nil && !b.Hidden {
		blk.Partner = b.Partner.Name
	}
	if b.Before > 0 || b.After > 0 {
		blk.Held = "Held " + b.StartsAt.Add(-b.Before).In(loc).Format("15:04") + " to " +
			b.EndsAt.Add(b.After).In(loc).Format("15:04") + " with set-up and clear-down"
	}
	return blk
}

func roomsDayURL(venue string, day time.Time) string {
	return "/rooms/" + url.PathEscape(venue) + "?date=" + day.Format(time.DateOnly)
}

func roomsSpaceURL(venue, space string) string {
	return "/rooms/" + url.PathEscape(venue) + "/" + url.PathEscape(space)
}

// roomsDayOfWeek is a day of the week view with the space's bookings.
type roomsDayOfWeek struct {
	Date    time.Time
	DayURL  string
	BookURL string
	Blocks  []roomsBlock
}

type roomsWeekPage struct {
	Layout
	Venue     model.Venue
	Space     model.Space
	Monday    time.Time
	Sunday    time.Time
	WeekValue string
	PrevURL   string
	NextURL   string
	Problems  []problem
	Days      []roomsDayOfWeek
}

// roomsWeek is one space's week, Monday to Sunday, with the bookings of
// the spaces around it and within it, which take it too.
func (s *Server) roomsWeek(c *gin.Context) {
	ctx := c.Request.Context()
	venue, err := s.deps.Store.Venue(ctx, c.Param("venue"))
	if s.failed(c, err) {
		return
	}
	spaces, err := s.deps.Store.Spaces(ctx, venue.ID)
	if s.failed(c, err) {
		return
	}
	space, ok := roomsFindSpace(spaces, c.Param("space"))
	if !ok {
		s.notFound(c)
		return
	}
	date, problems := s.roomsDate(c.Query("week"), "week", "this week")
	monday := date.AddDate(0, 0, -((int(date.Weekday()) + 6) % 7))
	nextMonday := monday.AddDate(0, 0, 7)
	viewer := roomsViewerOf(c)
	bookings, err := s.deps.Store.SpaceBookingsAt(ctx, venue.ID, monday, nextMonday, viewer.scope)
	bookings = viewer.seen(bookings)
	if s.failed(c, err) {
		return
	}
	related := roomsRelated(spaces, space)
	base := roomsSpaceURL(venue.Slug, space.Slug)
	page := roomsWeekPage{
		Layout: s.layout(c, space.Name+": week of "+monday.Format("Monday 2 January")),
		Venue:  venue, Space: space, Monday: monday, Sunday: nextMonday.AddDate(0, 0, -1),
		WeekValue: monday.Format(time.DateOnly), Problems: problems,
		PrevURL: base + "?week=" + monday.AddDate(0, 0, -7).Format(time.DateOnly),
		NextURL: base + "?week=" + nextMonday.Format(time.DateOnly),
	}
	for d := monday; d.Before(nextMonday); d = d.AddDate(0, 0, 1) {
		day := roomsDayOfWeek{Date: d, DayURL: roomsDayURL(venue.Slug, d)}
		if viewer.canBook {
			day.BookURL = base + "/book?date=" + d.Format(time.DateOnly)
		}
		end := d.AddDate(0, 0, 1)
		for _, b := range bookings {
			around, ok := related[b.Space.ID]
			if !ok || !b.StartsAt.Before(end) || !b.EndsAt.After(d) {
				continue
			}
			blk := s.roomsBlockOf(b, viewer)
			blk.Around = around
			day.Blocks = append(day.Blocks, blk)
		}
		page.Days = append(page.Days, day)
	}
	s.render(c, http.StatusOK, "rooms-week", page)
}

func roomsFindSpace(spaces []model.Space, slug string) (model.Space, bool) {
	for _, sp := range spaces {
		if sp.Slug == slug {
			return sp, true
		}
	}
	return model.Space{}, false
}

// roomsAround maps the spaces around space (its room, the room's wing),
// by id, to what to say of a booking of each: it takes space too.
func roomsAround(byID map[int64]model.Space, space model.Space) map[int64]string {
	around := map[int64]string{}
	for p := space.ParentID; p != nil; {
		parent, ok := byID[*p]
		if !ok || parent.ID == space.ID || around[parent.ID] != "" {
			break
		}
		around[parent.ID] = "Booking of " + parent.Name + ", which takes in " + space.Name
		p = parent.ParentID
	}
	return around
}

// roomsRelated maps the spaces whose bookings take some or all of space,
// by id, to what to say of a booking of each: nothing for space itself,
// and for a space around it or within it, which.
func roomsRelated(spaces []model.Space, space model.Space) map[int64]string {
	byID := roomsByID(spaces)
	related := roomsAround(byID, space)
	related[space.ID] = ""
	for _, sp := range spaces {
		if sp.ID == space.ID {
			continue
		}
		// Within: any space whose chain of parents reaches space.
		for p, hops := sp.ParentID, 0; p != nil && hops < len(spaces); hops++ {
			if *p == space.ID {
				related[sp.ID] = "Booking of " + sp.Name + ", part of " + space.Name
				break
			}
			p = byID[*p].ParentID
		}
	}
	return related
}

func roomsByID(spaces []model.Space) map[int64]model.Space {
	byID := make(map[int64]model.Space, len(spaces))
	for _, sp := range spaces {
		byID[sp.ID] = sp
	}
	return byID
}
