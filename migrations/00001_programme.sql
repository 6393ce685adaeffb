-- Schema v1: the public programme.
--
-- Every rule the product depends on is written here as a constraint, not only
-- in Go: a session ends after it starts, capacities are never negative, a
-- session's space belongs to the session's venue, and so on. Bookings, accounts
-- and space bookings arrive in later migrations; the counters on
-- programme_sessions (places_booked, waitlist_length) are there so that the
-- booking migration can keep the capacity invariant with one conditional
-- UPDATE and a CHECK.

-- +goose Up

-- random_public_id returns 12 characters from an alphabet without look-alikes
-- (no 0/o, 1/l/i), about 59 random bits: the identifier citizens see in URLs,
-- so that nothing in the programme can be enumerated.
-- +goose StatementBegin
CREATE FUNCTION random_public_id() RETURNS text
LANGUAGE sql VOLATILE AS $$
    SELECT string_agg(substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + get_byte(b, i) % 31, 1), '' ORDER BY i)
    FROM (SELECT uuid_send(gen_random_uuid()) AS b) AS r,
         unnest(ARRAY[0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13]) AS i
$$;
-- +goose StatementEnd

CREATE TABLE venues (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name          text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 120),
    summary       text NOT NULL DEFAULT '' CHECK (length(summary) <= 300),
    address       text NOT NULL CHECK (btrim(address) <> ''),
    postcode      text NOT NULL CHECK (postcode ~ '^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$'),
    directions    text NOT NULL DEFAULT '',
    phone         text NOT NULL DEFAULT '',
    opening_hours text NOT NULL DEFAULT '',
    access_notes  text NOT NULL DEFAULT '',
    -- Building-wide features; the allowed words are listed in model.VenueFeatures.
    features      text[] NOT NULL DEFAULT '{}'
                  CHECK (features <@ ARRAY['step_free_entrance', 'accessible_toilet', 'lift', 'quiet_space', 'baby_change', 'parking', 'changing_places']::text[]),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE spaces (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venue_id    bigint NOT NULL REFERENCES venues (id),
    -- A zone inside a room, or a room inside a wing: booking one blocks the other
    -- (enforced when space bookings arrive). The parent is in the same venue.
    parent_id   bigint,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name        text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 120),
    kind        text NOT NULL CHECK (kind IN ('room', 'zone')),
    description text NOT NULL DEFAULT '',
    capacity    integer NOT NULL CHECK (capacity > 0 AND capacity <= 10000),
    -- The allowed words are listed in model.SpaceFeatures.
    features    text[] NOT NULL DEFAULT '{}'
                CHECK (features <@ ARRAY['step_free', 'hearing_loop', 'kitchen', 'screen', 'sink', 'child_safe', 'quiet']::text[]),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, venue_id),
    UNIQUE (venue_id, name),
    CHECK (parent_id <> id),
    FOREIGN KEY (parent_id, venue_id) REFERENCES spaces (id, venue_id)
);

CREATE TABLE partners (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name        text NOT NULL UNIQUE CHECK (btrim(name) <> '' AND length(name) <= 120),
    description text NOT NULL DEFAULT '',
    website     text NOT NULL DEFAULT '' CHECK (website = '' OR website ~ '^https?://'),
    phone       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Themes and audiences are short, ordered vocabularies; staff may extend
-- themes later, so both are tables rather than enums.
CREATE TABLE themes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name        text NOT NULL UNIQUE CHECK (btrim(name) <> '' AND length(name) <= 80),
    description text NOT NULL DEFAULT '',
    position    integer NOT NULL DEFAULT 0
);

CREATE TABLE audiences (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name        text NOT NULL UNIQUE CHECK (btrim(name) <> '' AND length(name) <= 80),
    position    integer NOT NULL DEFAULT 0
);

INSERT INTO themes (slug, name, description, position) VALUES
    ('health', 'Health', 'Living well with long-term conditions such as diabetes.', 1),
    ('healthy-weight', 'Healthy weight', 'Healthy diet, cooking and moving more.', 2),
    ('income-maximisation', 'Money and benefits', 'Benefits checks, debt and making money go further.', 3),
    ('skills', 'Skills and work', 'Learning, CVs and finding work.', 4),
    ('digital', 'Digital skills', 'Getting online, using a phone, tablet or computer.', 5),
    ('mental-wellbeing', 'Mental wellbeing', 'Looking after your mind, stress and low mood.', 6),
    ('isolation', 'Meeting people', 'Company, conversation and having a say in your community.', 7),
    ('housing', 'Housing', 'Finding, keeping and heating a home.', 8),
    ('family', 'Family', 'Activities and support for parents, carers and children.', 9);

INSERT INTO audiences (slug, name, position) VALUES
    ('everyone', 'Everyone', 1),
    ('adults', 'Adults', 2),
    ('families', 'Families', 3),
    ('children-young-people', 'Children and young people', 4);

-- A series is the recurring rule behind some sessions. The recurrence issue
-- fills it in; for now it records the rule that generated the demo sessions.
CREATE TABLE series (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rrule      text NOT NULL CHECK (rrule ~ '^FREQ='),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE programme_sessions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id        text NOT NULL UNIQUE DEFAULT random_public_id() CHECK (public_id ~ '^[a-z0-9]{8,32}$'),
    title            text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 160),
    summary          text NOT NULL DEFAULT '' CHECK (length(summary) <= 300),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    theme_id         bigint NOT NULL REFERENCES themes (id),
    audience_id      bigint NOT NULL REFERENCES audiences (id),
    venue_id         bigint NOT NULL REFERENCES venues (id),
    space_id         bigint,
    partner_id       bigint REFERENCES partners (id),
    series_id        bigint REFERENCES series (id),
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    -- booking_required false is a drop-in: no places to book, capacity optional.
    booking_required boolean NOT NULL,
    capacity         integer CHECK (capacity >= 0 AND capacity <= 10000),
    -- Maintained by the booking transactions (a later migration) so that one
    -- conditional UPDATE keeps confirmed places within capacity.
    places_booked    integer NOT NULL DEFAULT 0 CHECK (places_booked >= 0),
    waitlist_length  integer NOT NULL DEFAULT 0 CHECK (waitlist_length >= 0),
    children_welcome boolean NOT NULL DEFAULT false,
    access_notes     text NOT NULL DEFAULT '',
    status           text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancel_reason    text NOT NULL DEFAULT '',
    -- The iCalendar SEQUENCE: raised by trigger whenever time, place or status changes.
    sequence         integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (ends_at - starts_at <= interval '24 hours'),
    CHECK (NOT booking_required OR (capacity IS NOT NULL AND capacity > 0)),
    CHECK (capacity IS NULL OR places_booked <= capacity),
    FOREIGN KEY (space_id, venue_id) REFERENCES spaces (id, venue_id)
);

-- The programme's order: walked from a day back to list upcoming sessions.
CREATE INDEX programme_sessions_programme_order_idx ON programme_sessions (starts_at, title, id);
CREATE INDEX programme_sessions_venue_starts_idx ON programme_sessions (venue_id, starts_at);
CREATE INDEX programme_sessions_theme_starts_idx ON programme_sessions (theme_id, starts_at);
CREATE INDEX programme_sessions_space_idx ON programme_sessions (space_id);
CREATE INDEX programme_sessions_partner_idx ON programme_sessions (partner_id);
CREATE INDEX programme_sessions_series_idx ON programme_sessions (series_id);

-- +goose StatementBegin
CREATE FUNCTION programme_sessions_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    IF NEW.starts_at IS DISTINCT FROM OLD.starts_at
       OR NEW.ends_at IS DISTINCT FROM OLD.ends_at
       OR NEW.venue_id IS DISTINCT FROM OLD.venue_id
       OR NEW.space_id IS DISTINCT FROM OLD.space_id
       OR NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.sequence := OLD.sequence + 1;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER programme_sessions_touch
    BEFORE UPDATE ON programme_sessions
    FOR EACH ROW EXECUTE FUNCTION programme_sessions_touch();

-- +goose Down
DROP TABLE programme_sessions;
DROP FUNCTION programme_sessions_touch();
DROP TABLE series;
DROP TABLE audiences;
DROP TABLE themes;
DROP TABLE partners;
DROP TABLE spaces;
DROP TABLE venues;
DROP FUNCTION random_public_id();
