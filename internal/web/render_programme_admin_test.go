package web

// programmeAdminPageCases returns, by page template name, the data each of this
// area's pages is rendered with in TestTemplates_EveryPageRendersEmptyAndFull:
// an empty value and a full one at least. signedIn is a layout with a user.
func programmeAdminPageCases(signedIn Layout) map[string][]any {
	return map[string][]any{}
}
