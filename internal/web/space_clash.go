package web

import (
	"errors"

	"hubbook/internal/model"
	"hubbook/internal/store"
)

// clashMessage is what to tell a person whose change would double-book a
// space: what is in the way and when, as viewer may see it (nil: staff),
// or "" when err is not a clash.
func clashMessage(err error, viewer *store.PartnerScope) string {
	if !errors.Is(err, model.ErrClash) {
		return ""
	}
	clash, ok := errors.AsType[*model.Clash](err)
	if !ok {
		return "That space is already booked at that time: choose another time or space."
	}
	if viewer != nil {
		seen := *clash
		seen.With = clash.With.SeenBy(viewer.PartnerID)
		clash = &seen
	}
	return clash.Error() + ". Choose another time or space."
}
