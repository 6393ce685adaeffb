-- Schema v2: accounts, login sessions, the audit log, proposals and series.
--
-- Roles are a CHECK list rather than a table: the code grants each one its
-- routes, so a new role needs code anyway. A partner account belongs to one
-- partner organisation and every partner query is scoped to that id.

-- +goose Up

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored lower-cased and trimmed, so one address is one account.
    email         text NOT NULL CHECK (email = lower(btrim(email)) AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND length(email) <= 254),
    name          text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 120),
    role          text NOT NULL CHECK (role IN ('admin', 'staff', 'navigator', 'partner')),
    partner_id    bigint REFERENCES partners (id),
    -- argon2id in the PHC string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    -- Raised whenever the password changes or the account is disabled, and
    -- kept in each login session: a session from before no longer counts.
    auth_version  integer NOT NULL DEFAULT 1,
    disabled_at   timestamptz,
    last_login_at timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- A partner account speaks for exactly one organisation; no other role does.
    CHECK ((role = 'partner') = (partner_id IS NOT NULL))
);

CREATE UNIQUE INDEX users_email_key ON users (email);

-- One-time links an admin makes so that a person can set a new password.
-- Only a SHA-256 of the token is kept: the database never holds a usable link.
CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    bigint NOT NULL REFERENCES users (id),
    created_by bigint REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CHECK (expires_at > created_at)
);

CREATE INDEX password_resets_user_idx ON password_resets (user_id);

-- Login sessions, as github.com/alexedwards/scs/postgresstore expects them.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);

CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- The audit log: every change a signed-in person makes, written in the same
-- transaction as the change. actor_name is kept as it was, so the log still
-- reads when an account is renamed.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor_id     bigint REFERENCES users (id),
    actor_name   text NOT NULL,
    -- What was done, as entity.verb: session.create, user.disable, ...
    action       text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    entity       text NOT NULL CHECK (entity ~ '^[a-z_]+$'),
    -- The id people see: a session's public id, a slug, an email address.
    entity_key   text NOT NULL,
    entity_label text NOT NULL DEFAULT '',
    before       jsonb,
    after        jsonb
);

CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_key, at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC);

-- Sessions a partner proposes wait as 'proposed' until staff approve them
-- ('scheduled') or decline them ('declined'); neither of those two is public.
ALTER TABLE programme_sessions DROP CONSTRAINT programme_sessions_status_check;
ALTER TABLE programme_sessions ADD CONSTRAINT programme_sessions_status_check
    CHECK (status IN ('proposed', 'scheduled', 'cancelled', 'declined'));
ALTER TABLE programme_sessions
    ADD COLUMN proposed_by bigint REFERENCES users (id),
    -- What staff told the partner when declining or changing a proposal.
    ADD COLUMN review_note text NOT NULL DEFAULT '' CHECK (length(review_note) <= 2000);

-- The programme, the staff lists and the proposal queue read by status.
CREATE INDEX programme_sessions_status_starts_idx ON programme_sessions (status, starts_at);

-- updated_at is the version an edit form carries (optimistic concurrency):
-- bookings moving the counters (places_booked, waitlist_length) are not an
-- edit, and must not make a staff member's open form stale. The calendar
-- sequence still rises when time, place or status changes.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION programme_sessions_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF to_jsonb(NEW) - ARRAY['places_booked', 'waitlist_length', 'updated_at', 'sequence']
       IS DISTINCT FROM to_jsonb(OLD) - ARRAY['places_booked', 'waitlist_length', 'updated_at', 'sequence'] THEN
        NEW.updated_at := now();
    END IF;
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

-- A series expands its RRULE from dtstart, in its time zone, so that a
-- session at 10:00 stays at 10:00 across the clock change.
ALTER TABLE series
    ADD COLUMN dtstart timestamptz,
    ADD COLUMN tzid text NOT NULL DEFAULT 'Europe/London';

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION programme_sessions_touch() RETURNS trigger
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
ALTER TABLE series DROP COLUMN tzid, DROP COLUMN dtstart;
DROP INDEX programme_sessions_status_starts_idx;
ALTER TABLE programme_sessions DROP COLUMN review_note, DROP COLUMN proposed_by;
ALTER TABLE programme_sessions DROP CONSTRAINT programme_sessions_status_check;
ALTER TABLE programme_sessions ADD CONSTRAINT programme_sessions_status_check
    CHECK (status IN ('scheduled', 'cancelled'));
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE password_resets;
DROP TABLE users;
