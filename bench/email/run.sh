#!/usr/bin/env bash
# The reminder benchmark: 10,000 reminders due at once, sent by the mail
# workers to an SMTP sink on loopback, with workers=5 and workers=20, on a
# throwaway cluster (or DATABASE_URL's server). See README.md. Flags pass
# through to main.go:
#
#   bench/email/run.sh                          # about six minutes
#   bench/email/run.sh -workers 5 -n 2000       # a quicker look
#   bench/email/run.sh -wait-quiet 60s          # on a machine others use too
set -euo pipefail
cd "$(dirname "$0")/../.."
exec go run ./bench/email/main.go "$@"
