-- Schema v6: rooms and zones booked without clashes.
--
-- A space booking holds a space for a time range: a partner's or staff
-- member's booking, a programme session's hold on its space (kind
-- 'session', kept in step with the session by trigger), or a closure
-- (bank holiday, building works). Requests waiting for staff hold their
-- slot like confirmed bookings, first come, first served, until declined.
--
-- How the database refuses every clash, spaces within spaces included:
--
--   1. space_bookings.during is the booking with the space's set-up and
--      clear-down buffers added, and an exclusion constraint refuses two
--      live bookings of one space whose ranges overlap. Ranges are
--      half-open ([10:00, 11:00)), so 10:00-11:00 and 11:00-12:00 do not.
--
--   2. A booking also claims, in space_claims, its space and every space
--      within it (a room's zones, a wing's rooms and their zones), and an
--      exclusion constraint there refuses two overlapping claims on one
--      space. So a whole-room booking and a booking of one of its zones
--      both claim the zone and clash; two different zones of a room claim
--      nothing in common and do not; and a zone booking clashes with a
--      booking of any room or wing around it, since each of those claims
--      the zone.
--
-- Claims are written only by triggers: when a booking is made, moved or
-- changes status (claims exist only while it is live), and when a space
-- is added inside another or moved (the bookings around it then claim it
-- too, so a new zone inside a booked room is already taken). A clash
-- anywhere is SQLSTATE 23P01, which the store turns into a message naming
-- the booking in the way.

-- +goose Up

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- How spaces are booked: set-up before and clear-down after every booking
-- (in minutes), and whether partners may book it straight away ('instant'),
-- ask staff ('request'), or not at all ('staff').
ALTER TABLE spaces
    ADD COLUMN setup_minutes integer NOT NULL DEFAULT 0 CHECK (setup_minutes BETWEEN 0 AND 240),
    ADD COLUMN cleardown_minutes integer NOT NULL DEFAULT 0 CHECK (cleardown_minutes BETWEEN 0 AND 240),
    ADD COLUMN partner_booking text NOT NULL DEFAULT 'request' CHECK (partner_booking IN ('instant', 'request', 'staff'));

-- Opening hours by ISO weekday (1 is Monday), in the service's time zone.
-- A space with rows of its own keeps those hours; others keep their
-- venue's. A venue with no rows has set no hours, and is not checked.
CREATE TABLE opening_hours (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venue_id bigint NOT NULL REFERENCES venues (id),
    space_id bigint,
    weekday  smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens    time NOT NULL,
    closes   time NOT NULL,
    CHECK (closes > opens),
    FOREIGN KEY (space_id, venue_id) REFERENCES spaces (id, venue_id)
);
CREATE UNIQUE INDEX opening_hours_key ON opening_hours (venue_id, coalesce(space_id, 0), weekday, opens);

CREATE TABLE space_bookings (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id      text NOT NULL UNIQUE DEFAULT random_public_id() CHECK (public_id ~ '^[a-z0-9]{8,32}$'),
    space_id       bigint NOT NULL REFERENCES spaces (id),
    kind           text NOT NULL DEFAULT 'booking' CHECK (kind IN ('booking', 'session', 'closure')),
    status         text NOT NULL CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled')),
    session_id     bigint UNIQUE REFERENCES programme_sessions (id),
    partner_id     bigint REFERENCES partners (id),
    -- What it is for: shown to staff and the partner who booked it; other
    -- partners see only "Booked".
    purpose        text NOT NULL CHECK (btrim(purpose) <> '' AND length(purpose) <= 200),
    attendees      integer CHECK (attendees > 0 AND attendees <= 10000),
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    -- starts_at to ends_at with the space's buffers, as the constraints
    -- compare them.
    during         tstzrange NOT NULL,
    -- The bookings made together as one recurring booking share a series.
    series         uuid,
    booked_by      bigint REFERENCES users (id),
    decided_by     bigint REFERENCES users (id),
    decided_at     timestamptz,
    decline_reason text NOT NULL DEFAULT '',
    -- The iCalendar SEQUENCE of its event in feeds: raised by trigger
    -- whenever its time, space or status changes.
    sequence       integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (lower(during) <= starts_at AND upper(during) >= ends_at AND lower_inc(during) AND NOT upper_inc(during)),
    CHECK ((kind = 'session') = (session_id IS NOT NULL)),
    CHECK (status <> 'declined' OR btrim(decline_reason) <> ''),
    CONSTRAINT space_bookings_no_overlap EXCLUDE USING gist (space_id WITH =, during WITH &&)
        WHERE (status IN ('requested', 'confirmed'))
);
CREATE INDEX space_bookings_space_starts_idx ON space_bookings (space_id, starts_at);
CREATE INDEX space_bookings_partner_starts_idx ON space_bookings (partner_id, starts_at) WHERE partner_id IS NOT NULL;
CREATE INDEX space_bookings_requested_idx ON space_bookings (starts_at) WHERE status = 'requested';

-- +goose StatementBegin
CREATE FUNCTION space_bookings_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    IF (NEW.starts_at, NEW.ends_at, NEW.space_id, NEW.status) IS DISTINCT FROM (OLD.starts_at, OLD.ends_at, OLD.space_id, OLD.status) THEN
        NEW.sequence := OLD.sequence + 1;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER space_bookings_touch BEFORE UPDATE ON space_bookings
    FOR EACH ROW EXECUTE FUNCTION space_bookings_touch();

CREATE TABLE space_claims (
    booking_id bigint NOT NULL REFERENCES space_bookings (id) ON DELETE CASCADE,
    space_id   bigint NOT NULL REFERENCES spaces (id),
    during     tstzrange NOT NULL,
    PRIMARY KEY (booking_id, space_id),
    CONSTRAINT space_claims_no_overlap EXCLUDE USING gist (space_id WITH =, during WITH &&)
);

-- space_and_within is the space and every space inside it, at any depth.
-- +goose StatementBegin
CREATE FUNCTION space_and_within(root bigint) RETURNS TABLE (id bigint)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE down (id) AS (
        SELECT root
        UNION
        SELECT sp.id FROM spaces sp JOIN down ON sp.parent_id = down.id
    )
    SELECT id FROM down
$$;
-- +goose StatementEnd

-- space_root is the outermost space around a space (itself if it has no
-- parent). Bookings lock it, so that the bookings of one tree of rooms and
-- zones are made one at a time (see store.spaceForBooking).
-- +goose StatementBegin
CREATE FUNCTION space_root(start bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up (id, parent_id) AS (
        SELECT id, parent_id FROM spaces WHERE id = start
        UNION
        SELECT sp.id, sp.parent_id FROM spaces sp JOIN up ON sp.id = up.parent_id
    )
    SELECT id FROM up WHERE parent_id IS NULL
$$;
-- +goose StatementEnd

-- space_booking_claim rewrites the claims of one booking from what it is now.
-- +goose StatementBegin
CREATE FUNCTION space_booking_claim(booking bigint) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM space_claims WHERE booking_id = booking;
    INSERT INTO space_claims (booking_id, space_id, during)
    SELECT sb.id, w.id, sb.during
    FROM space_bookings sb, space_and_within(sb.space_id) w
    WHERE sb.id = booking AND sb.status IN ('requested', 'confirmed');
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION space_bookings_claim() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM space_booking_claim(NEW.id);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER space_bookings_claim
    AFTER INSERT OR UPDATE OF space_id, status, during ON space_bookings
    FOR EACH ROW EXECUTE FUNCTION space_bookings_claim();

-- A space added inside another, or moved, is claimed by the live bookings
-- of the spaces around it, its own bookings claim what is now inside, and
-- the bookings of the spaces it left stop claiming it. It first locks the
-- outermost spaces of the trees it leaves and joins (in id order, as
-- bookings lock theirs), so a booking made at the same moment is either
-- seen here or sees the move.
-- +goose StatementBegin
CREATE FUNCTION spaces_reclaim() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_parent bigint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_parent := OLD.parent_id;
    END IF;
    PERFORM 1 FROM spaces
    WHERE id IN (space_root(NEW.id), space_root(old_parent))
    ORDER BY id FOR NO KEY UPDATE;
    PERFORM space_booking_claim(sb.id)
    FROM space_bookings sb
    WHERE sb.status IN ('requested', 'confirmed')
      AND sb.space_id IN (
          WITH RECURSIVE up (id, parent_id) AS (
              SELECT id, parent_id FROM spaces WHERE id IN (NEW.id, old_parent)
              UNION SELECT sp.id, sp.parent_id FROM spaces sp JOIN up ON sp.id = up.parent_id)
          SELECT id FROM up
          UNION SELECT id FROM space_and_within(NEW.id));
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER spaces_reclaim
    AFTER INSERT OR UPDATE OF parent_id ON spaces
    FOR EACH ROW EXECUTE FUNCTION spaces_reclaim();

-- A programme session in a space holds it: a confirmed space booking while
-- the session is scheduled, a request while it is a partner's proposal,
-- freed when it is cancelled or declined or leaves the space. Written by
-- trigger in the session's own statement, so a move onto a taken space
-- fails (23P01) and leaves the session as it was.
-- +goose StatementBegin
CREATE FUNCTION programme_sessions_hold_space() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    sp spaces%ROWTYPE;
    held text;
BEGIN
    held := CASE NEW.status WHEN 'scheduled' THEN 'confirmed' WHEN 'proposed' THEN 'requested' ELSE 'cancelled' END;
    IF NEW.space_id IS NULL OR held = 'cancelled' THEN
        UPDATE space_bookings SET status = 'cancelled', updated_at = now()
        WHERE session_id = NEW.id AND status <> 'cancelled';
        RETURN NULL;
    END IF;
    -- As a booking does: one change at a time in the tree of spaces.
    PERFORM 1 FROM spaces WHERE id = space_root(NEW.space_id) FOR NO KEY UPDATE;
    SELECT * INTO sp FROM spaces WHERE id = NEW.space_id;
    INSERT INTO space_bookings (space_id, kind, status, session_id, partner_id, purpose, starts_at, ends_at, during)
    VALUES (NEW.space_id, 'session', held, NEW.id, NEW.partner_id, left(NEW.title, 200), NEW.starts_at, NEW.ends_at,
            tstzrange(NEW.starts_at - make_interval(mins => sp.setup_minutes),
                      NEW.ends_at + make_interval(mins => sp.cleardown_minutes), '[)'))
    ON CONFLICT (session_id) DO UPDATE SET
        space_id = EXCLUDED.space_id, status = EXCLUDED.status, partner_id = EXCLUDED.partner_id,
        purpose = EXCLUDED.purpose, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
        during = EXCLUDED.during, updated_at = now()
    WHERE (space_bookings.space_id, space_bookings.status, space_bookings.partner_id, space_bookings.purpose,
           space_bookings.starts_at, space_bookings.ends_at, space_bookings.during)
          IS DISTINCT FROM (EXCLUDED.space_id, EXCLUDED.status, EXCLUDED.partner_id, EXCLUDED.purpose,
           EXCLUDED.starts_at, EXCLUDED.ends_at, EXCLUDED.during);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER programme_sessions_hold_space
    AFTER INSERT OR UPDATE OF space_id, status, starts_at, ends_at, title, partner_id ON programme_sessions
    FOR EACH ROW EXECUTE FUNCTION programme_sessions_hold_space();

-- Sessions already in the programme hold their spaces from now on; past
-- ones are left out, and where two upcoming sessions already share a space
-- at once, the later-made one is not held (staff see it on the day view).
-- +goose StatementBegin
DO $$
DECLARE
    s record;
BEGIN
    FOR s IN SELECT id FROM programme_sessions
             WHERE space_id IS NOT NULL AND ends_at > now() AND status IN ('scheduled', 'proposed')
             ORDER BY id
    LOOP
        BEGIN
            UPDATE programme_sessions SET space_id = space_id WHERE id = s.id;
        EXCEPTION WHEN exclusion_violation THEN
            RAISE NOTICE 'session % already shares its space at that time; not held', s.id;
        END;
    END LOOP;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER programme_sessions_hold_space ON programme_sessions;
DROP FUNCTION programme_sessions_hold_space();
DROP TRIGGER spaces_reclaim ON spaces;
DROP FUNCTION spaces_reclaim();
DROP TABLE space_claims;
DROP TRIGGER space_bookings_claim ON space_bookings;
DROP TRIGGER space_bookings_touch ON space_bookings;
DROP FUNCTION space_bookings_touch();
DROP FUNCTION space_bookings_claim();
DROP FUNCTION space_booking_claim(bigint);
DROP FUNCTION space_and_within(bigint);
DROP FUNCTION space_root(bigint);
DROP TABLE space_bookings;
DROP TABLE opening_hours;
ALTER TABLE spaces DROP COLUMN partner_booking, DROP COLUMN cleardown_minutes, DROP COLUMN setup_minutes;
