-- The sessions the booking benchmark books, in a freshly migrated database
-- (run by run.sh with psql; -v spread=N sets how many spread sessions).
--
--   bench0000000             the hot session: every client books it
--   bench0000001 .. N        the spread sessions: one at random per booking
--   benchfull0001            capacity 1, already full: for "session full"
--
-- Every session is scheduled, needs booking, has the largest capacity the
-- schema allows (10,000) and no walk-in reserve, and starts in two weeks:
-- the fast path (bookFast in internal/store/bookings.go) books them all.
\set ON_ERROR_STOP on

INSERT INTO venues (slug, name, address, postcode)
VALUES ('bench-library', 'Bench Library', '1 Bench Street', 'EH1 1AA');

INSERT INTO programme_sessions (public_id, title, theme_id, audience_id, venue_id,
    starts_at, ends_at, booking_required, capacity)
SELECT 'bench' || lpad(n::text, 7, '0'),
       'Bench session ' || n,
       (SELECT id FROM themes ORDER BY position, id LIMIT 1),
       (SELECT id FROM audiences ORDER BY position, id LIMIT 1),
       (SELECT id FROM venues WHERE slug = 'bench-library'),
       date_trunc('day', now()) + interval '14 days 10 hours',
       date_trunc('day', now()) + interval '14 days 11 hours 30 minutes',
       true, 10000
FROM generate_series(0, :spread) AS n;

INSERT INTO programme_sessions (public_id, title, theme_id, audience_id, venue_id,
    starts_at, ends_at, booking_required, capacity, places_booked)
SELECT 'benchfull0001', 'Bench session, full',
       (SELECT id FROM themes ORDER BY position, id LIMIT 1),
       (SELECT id FROM audiences ORDER BY position, id LIMIT 1),
       (SELECT id FROM venues WHERE slug = 'bench-library'),
       date_trunc('day', now()) + interval '14 days 10 hours',
       date_trunc('day', now()) + interval '14 days 11 hours 30 minutes',
       true, 1, 1;

ANALYZE;
