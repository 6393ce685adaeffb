// Package migrations holds hubbook's numbered SQL migrations, embedded in the
// binary so that one file deploys the application and its schema.
package migrations

import "embed"

// FS holds every migration file, named NNNNN_description.sql in goose format.
//
//go:embed *.sql
var FS embed.FS
