// Package templates holds hubbook's html/template files, embedded in the
// binary: layouts/ (the page frame), partials/ (pieces shared by pages) and
// pages/ (one file per page); email/ holds the emails (KIND.txt and
// KIND.html, with layout.txt and layout.html).
package templates

import "embed"

// FS holds every template file.
//
//go:embed layouts partials pages email
var FS embed.FS
