// Package templates holds hubbook's html/template files, embedded in the
// binary: layouts/ (the page frame), partials/ (pieces shared by pages) and
// pages/ (one file per page).
package templates

import "embed"

// FS holds every template file.
//
//go:embed layouts partials pages
var FS embed.FS
