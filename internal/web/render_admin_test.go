package web

import (
	"time"

	"hubbook/internal/model"
)

// adminPageCases returns, by page template name, the data each of this
// area's pages is rendered with in TestTemplates_EveryPageRendersEmptyAndFull:
// an empty value and a full one at least. signedIn is a layout with a user.
func adminPageCases(signedIn Layout) map[string][]any {
	at := time.Date(2027, 3, 2, 14, 5, 0, 0, time.UTC)
	partnerID := int64(7)
	partner := model.User{ID: 2, Email: "jo@example.org", Name: "Jo <b>Reid</b>", Role: model.RolePartner,
		PartnerID: &partnerID, PartnerName: "Calm Minds", LastLoginAt: &at, DisabledAt: &at, UpdatedAt: at}
	staff := model.User{ID: 3, Email: "sam@example.org", Name: "Sam", Role: model.RoleStaff, UpdatedAt: at}
	partners := []model.Partner{{ID: 7, Slug: "calm-minds", Name: "Calm Minds"}, {ID: 8, Slug: "money", Name: "Money Advice"}}
	allWrong := fieldErrors{{"name", "Enter the person's name"}, {"email", "Enter an email address like name@example.com"},
		{"role", "Choose what the account can do"}, {"partner", "Choose the partner organisation"},
		{"password", "Enter a password of at least 12 characters"}, {"disabled", "You cannot disable your own account"}}
	return map[string][]any{
		"admin-users": {userListPage{}, userListPage{Layout: signedIn, Users: []userRow{
			{User: partner, LastSignIn: "Tuesday 2 March 2027, 14:05"}, {User: staff}}}},
		"admin-user": {
			userPage{},
			userPage{Layout: signedIn, New: true, Partners: partners, Roles: roleChoices(),
				Form: accountForm{Name: "Jo", Email: "jo@example.org", Role: "partner", Partner: "7"}, Errors: allWrong},
			userPage{Layout: signedIn, Account: partner, AccountSeen: "Tuesday 2 March 2027, 14:05", LastSignIn: "Tuesday 2 March 2027, 14:05",
				Partners: partners, Roles: roleChoices(), Form: formOf(partner), Self: true, Conflict: true, Errors: allWrong},
			userPage{Layout: signedIn, Account: staff, Partners: partners, Roles: roleChoices(), Form: formOf(staff)},
		},
		"admin-reset-link": {resetLinkPage{}, resetLinkPage{Layout: signedIn, Account: partner,
			Link: "https://hubbook.example.org/reset/AAAA", Expires: "Wednesday 3 March 2027, 14:05", New: true}},
		"admin-audit": {auditPage{}, auditPage{Layout: signedIn,
			Query: auditQuery{Actor: "3", Entity: "user", Action: "user.disable", From: "2027-03-01", To: "2027-03-02", Text: "jo",
				Problems: []problem{{"from", "bad date"}}},
			Choices: auditChoices{Actors: []option{{"3", "Sam (sam@example.org)"}}, Entities: []option{{"user", "Accounts"}},
				Actions: []option{{"user.disable", "Disabled account"}}},
			Entries: []auditRow{
				{When: "Tuesday 2 March 2027, 14:05", Who: "Sam", ActorID: 3, What: "Disabled account", Label: "Jo", Key: "jo@example.org",
					Changes: []fieldChange{{Field: "disabled", Before: "no", After: "yes", HasBefore: true, HasAfter: true},
						{Field: "email", After: "jo@example.org", HasAfter: true}, {Field: "partner id", Before: "7", HasBefore: true}}},
				{When: "Monday 1 March 2027, 09:00", Who: "command line", What: "user.mystery", Label: "Jo", Key: "Jo", UnreadableDiff: true},
			},
			Total: 120, First: 51, Last: 100,
			Pages:   []pageLink{{Number: 1, URL: "/admin/audit?page=1"}, {Gap: true}, {Number: 2, URL: "/admin/audit?page=2", Current: true}},
			PrevURL: "/admin/audit?page=1", NextURL: "/admin/audit?page=3", ClearURL: "/admin/audit"}},
		"reset": {resetPage{}, resetPage{Layout: signedIn, Account: staff,
			Errors: fieldErrors{{"password", "Enter a password"}, {"confirm", "Enter the new password again"}}}},
		"reset-dead": {resetPage{}, resetPage{Layout: signedIn}},
	}
}
