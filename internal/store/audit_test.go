package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"hubbook/internal/model"
	"hubbook/internal/pg/pgtest"
	"hubbook/internal/store"
	"hubbook/internal/testutil"
)

// TestAuditLog_RecordsEveryKindOfChange makes one change of every kind a
// signed-in person can make and finds each in the audit log: who, what,
// which, and the key fields before and after.
func TestAuditLog_RecordsEveryKindOfChange(t *testing.T) {
	db := pgtest.New(t)
	st := store.New(db)
	ctx := context.Background()
	ada := model.Actor{ID: testutil.CreateUser(t, st, model.User{Role: model.RoleAdmin, Name: "Ada"}).ID, Name: "Ada"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must2 := func(_ store.Changed, err error) { t.Helper(); must(err) }

	v, err := st.AddVenue(ctx, ada, model.Venue{Slug: "hub", Name: "Hub", Address: "1 Main Street", Postcode: "EH1 1AA"})
	must(err)
	_, version, err := st.VenueForEdit(ctx, "hub")
	must(err)
	v.Name = "Northfield Hub"
	_, err = st.UpdateVenue(ctx, ada, "hub", version, v)
	must(err)
	sp, err := st.AddSpace(ctx, ada, model.Space{VenueID: v.ID, Slug: "hall", Name: "Hall", Kind: model.SpaceRoom, Capacity: 40})
	must(err)
	_, version, err = st.SpaceForEdit(ctx, "hall")
	must(err)
	sp.Capacity = 50
	_, err = st.UpdateSpace(ctx, ada, "hall", version, sp)
	must(err)
	p, err := st.AddPartner(ctx, ada, model.Partner{Slug: "money", Name: "Money Advice"})
	must(err)
	_, version, err = st.PartnerForEdit(ctx, "money")
	must(err)
	p.Phone = "0131 496 0999"
	_, err = st.UpdatePartner(ctx, ada, "money", version, p)
	must(err)
	th, err := st.AddTheme(ctx, ada, model.Theme{Slug: "energy", Name: "Energy"})
	must(err)
	_, version, err = st.ThemeForEdit(ctx, "energy")
	must(err)
	th.Name = "Energy and heating"
	_, err = st.UpdateTheme(ctx, ada, "energy", version, th)
	must(err)

	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	capacity := 10
	n := store.NewSession{Title: "Warm home advice", ThemeID: th.ID, AudienceID: 1, VenueID: v.ID, StartsAt: start,
		EndsAt: start.Add(time.Hour), BookingRequired: true, Capacity: &capacity}
	ids, err := st.AddSessions(ctx, ada, n, nil, nil)
	must(err)
	m, err := st.Session(ctx, ids[0])
	must(err)
	n.StartsAt, n.EndsAt = start.Add(time.Hour), start.Add(2*time.Hour)
	must2(st.UpdateSession(ctx, ada, m.PublicID, store.SessionEdit{Fields: n, Version: store.Version(m.UpdatedAt)}, nil))
	must2(st.CancelSession(ctx, ada, m.PublicID, "Heating broken"))
	must2(st.ReinstateSession(ctx, ada, m.PublicID))

	partnerUser := testutil.CreateUser(t, st, model.User{Role: model.RolePartner, PartnerID: &p.ID, Name: "Pat"})
	pat := model.Actor{ID: partnerUser.ID, Name: "Pat"}
	n.Status, n.PartnerID = model.StatusProposed, &p.ID
	proposals, err := st.AddSessions(ctx, pat, n, nil, nil)
	must(err)
	must(st.DeclineProposal(ctx, ada, proposals[0], "Not this month"))
	declined, err := st.Session(ctx, proposals[0])
	must(err)
	must2(st.UpdateSession(ctx, pat, declined.PublicID, store.SessionEdit{Fields: n, Version: store.Version(declined.UpdatedAt)}, &store.PartnerScope{PartnerID: p.ID}))
	must(st.ApproveProposal(ctx, ada, proposals[0], ""))

	u, err := st.CreateUser(ctx, ada, store.NewUser{Email: "nav@example.org", Name: "Nav", Role: model.RoleNavigator, PasswordHash: "$argon2id$x"})
	must(err)
	for _, c := range []store.UserChange{
		{Name: "Navigator Nav", Role: model.RoleNavigator},
		{Name: "Navigator Nav", Role: model.RoleStaff},
		{Name: "Navigator Nav", Role: model.RoleStaff, Disabled: true},
		{Name: "Navigator Nav", Role: model.RoleStaff},
	} {
		_, err := st.UpdateUser(ctx, ada, u.ID, c)
		must(err)
	}
	must(st.CreatePasswordReset(ctx, ada, u.ID, make([]byte, 32), time.Now().Add(time.Hour)))
	_, err = st.ResetPassword(ctx, make([]byte, 32), "$argon2id$y", time.Now())
	must(err)

	entries, _, err := st.AuditLog(ctx, model.AuditFilter{Limit: 500})
	must(err)
	byAction := map[string]model.AuditEntry{}
	for _, e := range entries {
		if _, seen := byAction[e.Action]; !seen { // newest first: keep the latest of each
			byAction[e.Action] = e
		}
	}
	for _, tc := range []struct {
		action, actor, key, changed string
	}{
		{"venue.create", "Ada", "hub", ""},
		{"venue.update", "Ada", "hub", "name"},
		{"space.create", "Ada", "hall", ""},
		{"space.update", "Ada", "hall", "capacity"},
		{"partner.create", "Ada", "money", ""},
		{"partner.update", "Ada", "money", "phone"},
		{"theme.create", "Ada", "energy", ""},
		{"theme.update", "Ada", "energy", "name"},
		{"session.create", "Ada", m.PublicID, ""},
		{"session.update", "Ada", m.PublicID, "starts_at"},
		{"session.cancel", "Ada", m.PublicID, "status"},
		{"session.reinstate", "Ada", m.PublicID, "status"},
		{"session.propose", "Pat", proposals[0], ""},
		{"session.decline", "Ada", proposals[0], "status"},
		{"session.update_proposal", "Pat", proposals[0], "status"},
		{"session.approve", "Ada", proposals[0], "status"},
		{"user.create", "Ada", "nav@example.org", ""},
		{"user.update", "Ada", "nav@example.org", "name"},
		{"user.change_role", "Ada", "nav@example.org", "role"},
		{"user.disable", "Ada", "nav@example.org", "disabled"},
		{"user.enable", "Ada", "nav@example.org", "disabled"},
		{"user.reset_link", "Ada", "nav@example.org", ""},
		{"user.set_password", "Navigator Nav", "nav@example.org", ""},
	} {
		e, ok := byAction[tc.action]
		if !ok {
			t.Errorf("%s: not in the audit log", tc.action)
			continue
		}
		if e.ActorName != tc.actor || e.EntityKey != tc.key || e.At.IsZero() {
			t.Errorf("%s: by %q on %q at %s, want by %q on %q", tc.action, e.ActorName, e.EntityKey, e.At, tc.actor, tc.key)
		}
		if tc.changed != "" && !differs(t, e, tc.changed) {
			t.Errorf("%s: %s is the same before (%s) and after (%s)", tc.action, tc.changed, e.Before, e.After)
		}
	}
	if got := distinctEntities(entries); !slices.Equal(got, []string{"partner", "session", "space", "theme", "user", "venue"}) {
		t.Errorf("entities %v", got)
	}
}

func differs(t *testing.T, e model.AuditEntry, field string) bool {
	t.Helper()
	var before, after map[string]any
	if json.Unmarshal(e.Before, &before) != nil || json.Unmarshal(e.After, &after) != nil {
		t.Errorf("%s: before %s, after %s are not JSON objects", e.Action, e.Before, e.After)
		return false
	}
	b, _ := json.Marshal(before[field])
	a, _ := json.Marshal(after[field])
	return string(a) != string(b)
}

func distinctEntities(entries []model.AuditEntry) []string {
	var out []string
	for _, e := range entries {
		if !slices.Contains(out, e.Entity) {
			out = append(out, e.Entity)
		}
	}
	slices.Sort(out)
	return out
}
