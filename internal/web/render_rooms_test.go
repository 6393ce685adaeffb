package web

import (
	"fmt"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/testutil"
)

// roomsPageCases returns, by page template name, the data the rooms pages
// are rendered with in TestTemplates_EveryPageRendersEmptyAndFull: an
// empty value and a full one, with every kind of booking.
func roomsPageCases(layout, signedIn Layout) map[string][]any {
	v := fullSession().Venue
	day := time.Date(2027, 3, 29, 0, 0, 0, 0, time.UTC)
	hall := model.Space{ID: 1, VenueID: v.ID, Slug: "hall", Name: "Hall", Kind: model.SpaceRoom, Capacity: 80}
	parent := hall.ID
	stage := model.Space{ID: 2, VenueID: v.ID, ParentID: &parent, Slug: "stage", Name: "Stage end", Kind: model.SpaceZone, Capacity: 30, ParentName: "Hall"}
	blocks := []roomsBlock{
		{What: "Job club", URL: "/sessions/abcdefghjkmn", Kind: model.SpaceForSession, When: "10:00 to 11:30", Partner: "Skills"},
		{What: "Booked", Kind: model.SpaceForBooking, Hidden: true, When: "12:00 to 13:00"},
		{What: "Team meeting", URL: "/space-bookings/abcdefgh", Kind: model.SpaceForBooking, When: "13:00 to 14:00", Own: true, Waiting: true,
			Held: "Held 12:45 to 14:15 with set-up and clear-down", Around: "Booking of Hall, which takes in Stage end"},
		{What: "Closed: building works", Kind: model.SpaceClosed, When: "16:00 to 22:00"},
	}
	rows := []roomsRow{
		{Space: hall, WeekURL: "/rooms/central/hall?week=2027-03-29", BookURL: "/rooms/central/hall/book?date=2027-03-29",
			Cells:  []roomsCell{{Span: 4}, {Span: 3, Blocks: blocks[:1]}, {Span: 1}, {Span: 4, Blocks: blocks[1:3]}, {Span: 4}, {Span: 12, Blocks: blocks[3:]}},
			Blocks: blocks},
		{Space: stage, WeekURL: "/rooms/central/stage?week=2027-03-29", Cells: []roomsCell{{Span: 28}}},
	}
	return map[string][]any{
		"rooms": {roomsHomePage{}, roomsHomePage{Layout: signedIn, Venues: []model.Venue{v, {Slug: "bare", Name: "Bare"}}, Today: "2027-03-29"}},
		"rooms-day": {roomsDayPage{}, roomsDayPage{Layout: signedIn, Venue: v, Date: day, DateValue: "2027-03-29",
			PrevURL: "/rooms/central?date=2027-03-28", NextURL: "/rooms/central?date=2027-03-30",
			Problems: []problem{{"date", "not a date"}}, Hours: roomsHours(8*60, 22*60), Rows: rows, Bookings: 4},
			roomsDayPage{Layout: layout, Venue: v, Date: day, Hours: roomsHours(8*60, 22*60), Rows: rows[1:]}},
		"rooms-week": {roomsWeekPage{}, roomsWeekPage{Layout: signedIn, Venue: v, Space: stage, Monday: day, Sunday: day.AddDate(0, 0, 6),
			WeekValue: "2027-03-29", PrevURL: "/rooms/central/stage?week=2027-03-22", NextURL: "/rooms/central/stage?week=2027-04-05",
			Problems: []problem{{"week", "not a date"}},
			Days: []roomsDayOfWeek{{Date: day, DayURL: "/rooms/central?date=2027-03-29", BookURL: "/rooms/central/stage/book?date=2027-03-29", Blocks: blocks},
				{Date: day.AddDate(0, 0, 1), DayURL: "/rooms/central?date=2027-03-30"}}}},
	}
}

// The day grid puts a booking in the half-hour columns it touches, by the
// clock on the day the clocks change too, and two bookings sharing a
// column in one cell.
func TestRoomsCells_PlacesBookingsByTheClock(t *testing.T) {
	t.Parallel()
	loc := testutil.London(t)
	at := func(day time.Time, h, m int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, loc)
	}
	for _, tc := range []struct {
		name  string
		day   time.Time
		times [][4]int // start hour and minute, end hour and minute
		want  string
	}{
		{"an ordinary day", time.Date(2027, 3, 24, 0, 0, 0, 0, loc), [][4]int{{10, 0, 11, 30}}, "4 3* 21"},
		{"clocks go forward", time.Date(2027, 3, 28, 0, 0, 0, 0, loc), [][4]int{{10, 0, 11, 30}}, "4 3* 21"},
		{"clocks go back", time.Date(2027, 10, 31, 0, 0, 0, 0, loc), [][4]int{{10, 0, 11, 0}, {21, 0, 23, 0}}, "4 2* 20 2*"},
		{"sharing a column", time.Date(2027, 3, 24, 0, 0, 0, 0, loc), [][4]int{{10, 0, 10, 10}, {10, 10, 10, 20}, {10, 20, 11, 15}}, "4 3*** 21"},
		{"before the window", time.Date(2027, 3, 24, 0, 0, 0, 0, loc), [][4]int{{6, 0, 9, 0}}, "2* 26"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var bookings []model.SpaceBooking
			var blocks []roomsBlock
			for _, tm := range tc.times {
				bookings = append(bookings, model.SpaceBooking{StartsAt: at(tc.day, tm[0], tm[1]), EndsAt: at(tc.day, tm[2], tm[3])})
				blocks = append(blocks, roomsBlock{})
			}
			var got string
			for i, c := range roomsCells(bookings, blocks, tc.day, loc, roomsDayOpens, roomsDayCloses) {
				if i > 0 {
					got += " "
				}
				got += fmt.Sprint(c.Span)
				for range c.Blocks {
					got += "*"
				}
			}
			if got != tc.want {
				t.Errorf("cells %q, want %q", got, tc.want)
			}
		})
	}
}
