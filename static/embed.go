// Package static holds hubbook's own stylesheets, small scripts and images, and the design
// system's files that the build copies into vendor/ (not committed), all
// embedded in the binary and served under content-hashed URLs.
package static

import "embed"

// FS holds every static file. vendor/ is filled by `make assets`; the build
// fails without it, which is what we want: pages without the design system's
// CSS are unusable.
//
//go:embed css img js vendor
var FS embed.FS
