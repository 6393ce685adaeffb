-- Schema v7: attendance, community voice and the evaluation figures.
--
-- What happened at a session is kept on its bookings: attended is NULL
-- until the register marks it, 0 for a no-show, else how many of the party
-- came. Walk-ins are bookings of source walk_in that attended in full.
-- Closing a register marks every unmarked confirmed booking a no-show.
--
-- Reach is measured with the Scottish Index of Multiple Deprivation: each
-- booking with a postcode keeps the data zone and decile its postcode had
-- in the lookup when it was made (simd_postcodes, loaded by
-- `hubbook simd import`), so that a later lookup, or the postcode being
-- removed by retention, never changes a past figure. Unique people are
-- counted by person_key, an HMAC (key from HUBBOOK_SECRET) of the
-- normalised email or phone, never by the raw value.
--
-- Retention anonymises a booking a set time after its session: names,
-- contacts, postcodes and free text go; data zone, decile, counts, the
-- person key and feedback scores stay, so the figures do not change.

-- +goose Up

ALTER TABLE bookings
    ADD COLUMN attended      integer CHECK (attended >= 0 AND attended <= party_size),
    ADD COLUMN marked_at     timestamptz,
    ADD COLUMN marked_by     bigint REFERENCES users (id),
    ADD COLUMN data_zone     text CHECK (data_zone ~ '^S0[0-9]{7}$'),
    ADD COLUMN simd_decile   smallint CHECK (simd_decile BETWEEN 1 AND 10),
    ADD COLUMN person_key    bytea CHECK (octet_length(person_key) = 32),
    ADD COLUMN anonymised_at timestamptz,
    ADD CONSTRAINT bookings_marked_check CHECK ((attended IS NULL) = (marked_at IS NULL)),
    ADD CONSTRAINT bookings_walk_in_attended_check CHECK (source <> 'walk_in' OR status <> 'confirmed' OR attended = party_size),
    ADD CONSTRAINT bookings_anonymised_check CHECK (anonymised_at IS NULL OR
        (name = '' AND email = '' AND phone = '' AND postcode = '' AND access_needs = '' AND token_sealed IS NULL AND NOT reminders));

-- An anonymised booking has no name or contact left: the checks that ask
-- for them hold until then. (Schema v3 left them unnamed: bookings_check
-- is children <= party_size, bookings_check1 the name, bookings_check2 the
-- contact.)
ALTER TABLE bookings DROP CONSTRAINT bookings_check1;
ALTER TABLE bookings ADD CONSTRAINT bookings_name_given_check
    CHECK (source = 'walk_in' OR btrim(name) <> '' OR anonymised_at IS NOT NULL);
ALTER TABLE bookings DROP CONSTRAINT bookings_check2;
ALTER TABLE bookings ADD CONSTRAINT bookings_contact_given_check
    CHECK (source <> 'online' OR email <> '' OR phone <> '' OR anonymised_at IS NOT NULL);

UPDATE bookings SET attended = party_size, marked_at = created_at
WHERE source = 'walk_in' AND status = 'confirmed';

-- A booking made with a postcode keeps where that postcode was in the
-- lookup then; walk-ins are recorded as having come.
-- +goose StatementBegin
CREATE FUNCTION bookings_reach() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.postcode <> '' AND NEW.data_zone IS NULL THEN
        SELECT p.data_zone, p.decile INTO NEW.data_zone, NEW.simd_decile
        FROM simd_postcodes p WHERE p.postcode = NEW.postcode;
    END IF;
    IF NEW.source = 'walk_in' AND NEW.attended IS NULL THEN
        NEW.attended := NEW.party_size;
        NEW.marked_at := NEW.created_at;
        NEW.marked_by := NEW.created_by;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- The register of a session, closed by whoever closed it.
ALTER TABLE programme_sessions
    ADD COLUMN register_closed_at timestamptz,
    ADD COLUMN register_closed_by bigint REFERENCES users (id);

-- Finding a person's data on request, and the evaluation's reads.
CREATE INDEX bookings_email_idx ON bookings (email) WHERE email <> '';
CREATE INDEX bookings_person_idx ON bookings (person_key) WHERE person_key IS NOT NULL;
-- Retention finds what it has not yet anonymised.
CREATE INDEX bookings_not_anonymised_idx ON bookings (session_id) WHERE anonymised_at IS NULL;
CREATE INDEX programme_sessions_ends_idx ON programme_sessions (ends_at);

-- The Scottish Government's SIMD postcode lookup, replaced whole by each
-- import; simd_imports says which file the figures used and when.
CREATE TABLE simd_postcodes (
    postcode  text PRIMARY KEY CHECK (postcode ~ '^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$'),
    data_zone text NOT NULL CHECK (data_zone ~ '^S0[0-9]{7}$'),
    simd_rank integer NOT NULL CHECK (simd_rank >= 1),
    vigintile smallint NOT NULL CHECK (vigintile BETWEEN 1 AND 20),
    decile    smallint NOT NULL CHECK (decile BETWEEN 1 AND 10),
    quintile  smallint NOT NULL CHECK (quintile BETWEEN 1 AND 5)
);

CREATE TRIGGER bookings_reach BEFORE INSERT ON bookings
    FOR EACH ROW EXECUTE FUNCTION bookings_reach();

CREATE TABLE simd_imports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text NOT NULL,
    postcodes   integer NOT NULL CHECK (postcodes >= 0),
    imported_at timestamptz NOT NULL DEFAULT now()
);

-- Feedback: one answer per booking (the emailed pulse survey), or, from
-- the session page, one per browser per session (walk-ins have no link):
-- browser_key is the SHA-256 of a random cookie.
CREATE TABLE feedback (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id  bigint NOT NULL REFERENCES programme_sessions (id),
    booking_id  bigint UNIQUE REFERENCES bookings (id),
    browser_key bytea CHECK (octet_length(browser_key) = 32),
    score       smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((booking_id IS NULL) <> (browser_key IS NULL)),
    UNIQUE (session_id, browser_key)
);
CREATE INDEX feedback_session_idx ON feedback (session_id);
CREATE INDEX feedback_recent_idx ON feedback (created_at DESC, id DESC) WHERE comment <> '';

-- Suggestions from anyone: what, where, when suits, and an optional
-- contact. New ones wait for staff; published ones are public with their
-- outcome ("you said, we did"). Support is one per browser (browser_key as
-- for feedback); merging moves a suggestion's support to the one it joins.
CREATE TABLE suggestions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id     text NOT NULL UNIQUE DEFAULT random_public_id() CHECK (public_id ~ '^[a-z0-9]{8,32}$'),
    what          text NOT NULL CHECK (btrim(what) <> '' AND length(what) <= 200),
    details       text NOT NULL DEFAULT '' CHECK (length(details) <= 2000),
    theme_id      bigint REFERENCES themes (id),
    venue_id      bigint REFERENCES venues (id),
    when_suits    text NOT NULL DEFAULT '' CHECK (length(when_suits) <= 200),
    contact_name  text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 120),
    contact_email text NOT NULL DEFAULT '' CHECK (contact_email = '' OR (contact_email = lower(contact_email) AND contact_email LIKE '_%@_%' AND length(contact_email) <= 254)),
    contact_phone text NOT NULL DEFAULT '' CHECK (contact_phone = '' OR contact_phone ~ '^\+[1-9][0-9]{6,14}$'),
    person_key    bytea CHECK (octet_length(person_key) = 32),
    status        text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'published', 'planned', 'not_now', 'merged', 'removed')),
    -- Why "not now", or what staff say about a plan; public once published.
    response      text NOT NULL DEFAULT '' CHECK (length(response) <= 2000),
    merged_into   bigint REFERENCES suggestions (id),
    decided_by    bigint REFERENCES users (id),
    decided_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    anonymised_at timestamptz,
    CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
    CHECK (merged_into <> id),
    CHECK (status <> 'not_now' OR btrim(response) <> '')
);
CREATE INDEX suggestions_status_idx ON suggestions (status, created_at DESC);
CREATE INDEX suggestions_contact_email_idx ON suggestions (contact_email) WHERE contact_email <> '';

CREATE TABLE suggestion_supports (
    suggestion_id bigint NOT NULL REFERENCES suggestions (id),
    browser_key   bytea NOT NULL CHECK (octet_length(browser_key) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (suggestion_id, browser_key)
);

-- The sessions that answer a planned suggestion.
CREATE TABLE suggestion_sessions (
    suggestion_id bigint NOT NULL REFERENCES suggestions (id),
    session_id    bigint NOT NULL REFERENCES programme_sessions (id),
    PRIMARY KEY (suggestion_id, session_id)
);

-- +goose Down
DROP TABLE suggestion_sessions;
DROP TABLE suggestion_supports;
DROP TABLE suggestions;
DROP TABLE feedback;
DROP TRIGGER bookings_reach ON bookings;
DROP FUNCTION bookings_reach();
DROP TABLE simd_imports;
DROP TABLE simd_postcodes;
DROP INDEX programme_sessions_ends_idx;
ALTER TABLE programme_sessions DROP COLUMN register_closed_at, DROP COLUMN register_closed_by;
ALTER TABLE bookings DROP CONSTRAINT bookings_name_given_check, DROP CONSTRAINT bookings_contact_given_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_check1 CHECK (source = 'walk_in' OR btrim(name) <> '');
ALTER TABLE bookings ADD CONSTRAINT bookings_check2 CHECK (source <> 'online' OR email <> '' OR phone <> '');
DROP INDEX bookings_email_idx, bookings_person_idx, bookings_not_anonymised_idx;
ALTER TABLE bookings DROP COLUMN attended, DROP COLUMN marked_at, DROP COLUMN marked_by, DROP COLUMN data_zone,
    DROP COLUMN simd_decile, DROP COLUMN person_key, DROP COLUMN anonymised_at;
