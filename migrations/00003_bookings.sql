-- Schema v3: bookings, waitlists and walk-ins.
--
-- A session's confirmed places are counted in programme_sessions.places_booked
-- and never exceed its capacity: every booking moves the counter with one
-- conditional UPDATE (... WHERE places_booked + n <= capacity) in the same
-- statement or transaction as the booking row, and the CHECK from schema v1
-- (places_booked <= capacity) stops anything else. waitlist_length counts the
-- people waiting (the waitlisted parties' sizes) the same way.

-- +goose Up

-- Places held back for walk-ins: online booking leaves them until a set time
-- before the start (BookingRules.ReserveOpens); navigators may use them.
ALTER TABLE programme_sessions
    ADD COLUMN walk_in_reserve integer NOT NULL DEFAULT 0 CHECK (walk_in_reserve >= 0),
    ADD CONSTRAINT programme_sessions_reserve_check
        CHECK (walk_in_reserve = 0 OR (booking_required AND walk_in_reserve <= capacity));

CREATE TABLE bookings (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- What people read out on the phone: HB- and letters and digits with no
    -- look-alikes (no 0/O, 1/I/L). It opens nothing by itself: staff and
    -- navigators look bookings up by it; the manage link needs the token.
    reference    text NOT NULL UNIQUE CHECK (reference ~ '^HB-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4,8}$'),
    session_id   bigint NOT NULL REFERENCES programme_sessions (id),
    status       text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    source       text NOT NULL CHECK (source IN ('online', 'navigator', 'walk_in')),
    name         text NOT NULL DEFAULT '' CHECK (length(name) <= 120),
    -- Normalised: email lower-cased, phone in E.164, so that the unique
    -- indexes below see one person however they typed it.
    email        text NOT NULL DEFAULT '' CHECK (email = '' OR (email = lower(email) AND email LIKE '_%@_%' AND length(email) <= 254)),
    phone        text NOT NULL DEFAULT '' CHECK (phone = '' OR phone ~ '^\+[1-9][0-9]{6,14}$'),
    party_size   integer NOT NULL CHECK (party_size >= 1 AND party_size <= 500),
    -- NULL when it was not asked (walk-ins are a count).
    children     integer CHECK (children >= 0 AND children <= party_size),
    access_needs text NOT NULL DEFAULT '' CHECK (length(access_needs) <= 1000),
    reminders    boolean NOT NULL DEFAULT false,
    postcode     text NOT NULL DEFAULT '' CHECK (postcode = '' OR postcode ~ '^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$'),
    -- SHA-256 of the manage link's token (256 random bits). The same token
    -- is the form's idempotency key: a resubmitted form finds its booking.
    token_hash   bytea UNIQUE CHECK (octet_length(token_hash) = 32),
    promoted_at  timestamptz,
    cancelled_at timestamptz,
    created_by   bigint REFERENCES users (id),
    updated_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (source = 'walk_in' OR btrim(name) <> ''),
    CHECK (source <> 'online' OR email <> '' OR phone <> ''),
    CHECK ((source = 'walk_in') = (token_hash IS NULL)),
    CHECK (source <> 'walk_in' OR status <> 'waitlisted'),
    CHECK (NOT reminders OR email <> ''),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);

-- One live booking per person per session.
CREATE UNIQUE INDEX bookings_live_email_idx ON bookings (session_id, email)
    WHERE status <> 'cancelled' AND email <> '';
CREATE UNIQUE INDEX bookings_live_phone_idx ON bookings (session_id, phone)
    WHERE status <> 'cancelled' AND phone <> '';
-- The waitlist in order of joining (id order).
CREATE INDEX bookings_waitlist_idx ON bookings (session_id, id) WHERE status = 'waitlisted';
CREATE INDEX bookings_session_idx ON bookings (session_id, status);
CREATE INDEX bookings_phone_idx ON bookings (phone) WHERE phone <> '';

-- A booking's history: made, waitlisted, promoted, changed, cancelled. A
-- promotion is written in the transaction that frees the places, so the
-- person can be told.
CREATE TABLE booking_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id bigint NOT NULL REFERENCES bookings (id),
    kind       text NOT NULL CHECK (kind IN ('booked', 'waitlisted', 'promoted', 'changed', 'cancelled')),
    party_size integer NOT NULL CHECK (party_size >= 1),
    actor_id   bigint REFERENCES users (id),
    at         timestamptz NOT NULL
);
CREATE INDEX booking_events_booking_idx ON booking_events (booking_id, id);
CREATE INDEX booking_events_promoted_idx ON booking_events (at) WHERE kind = 'promoted';

-- +goose Down
DROP TABLE booking_events;
DROP TABLE bookings;
ALTER TABLE programme_sessions DROP CONSTRAINT programme_sessions_reserve_check;
ALTER TABLE programme_sessions DROP COLUMN walk_in_reserve;
