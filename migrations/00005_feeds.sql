-- Schema v5: calendar feeds.
--
-- Private feeds (a partner's, a staff member's view of a venue) are reached
-- by a URL with a token in it, since calendar clients cannot sign in. Only
-- the token's SHA-256 finds a feed; a sealed copy (encrypted with a key from
-- HUBBOOK_SECRET) lets the owner's page show the address again. A partner's
-- users share one feed; each staff member has their own.
--
-- A feed's answer must not change without its ETag changing, so everything
-- a feed shows has a time it last changed: themes gain updated_at, and a
-- session records when it was called off (kept in feeds for 30 days after).

-- +goose Up

CREATE TABLE feed_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    token_sealed bytea,
    partner_id   bigint REFERENCES partners (id),
    user_id      bigint REFERENCES users (id),
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Rotating a token revokes the old one; staff may revoke a partner's.
    revoked_at   timestamptz,
    revoked_by   bigint REFERENCES users (id),
    last_used_at timestamptz,
    -- A feed belongs to a partner organisation or to one person, not both.
    CHECK ((partner_id IS NULL) <> (user_id IS NULL))
);

-- At most one live token per owner, whatever the concurrency: a second
-- rotation at the same moment fails rather than leaving two live addresses.
CREATE UNIQUE INDEX feed_tokens_partner_live_key ON feed_tokens (partner_id)
    WHERE revoked_at IS NULL AND partner_id IS NOT NULL;
CREATE UNIQUE INDEX feed_tokens_user_live_key ON feed_tokens (user_id)
    WHERE revoked_at IS NULL AND user_id IS NOT NULL;

ALTER TABLE themes ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- +goose StatementBegin
CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER themes_touch BEFORE UPDATE ON themes
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- cancelled_at is when a session stopped being on: cancelled by staff, or
-- a proposal declined. Set and cleared by the trigger below, never by hand.
ALTER TABLE programme_sessions ADD COLUMN cancelled_at timestamptz;
-- Filling it in is not an edit: updated_at (what open edit forms and
-- calendars compare) stays as it was.
ALTER TABLE programme_sessions DISABLE TRIGGER programme_sessions_touch;
UPDATE programme_sessions SET cancelled_at = updated_at WHERE status IN ('cancelled', 'declined');
ALTER TABLE programme_sessions ENABLE TRIGGER programme_sessions_touch;
ALTER TABLE programme_sessions ADD CONSTRAINT programme_sessions_cancelled_at_check
    CHECK ((status IN ('cancelled', 'declined')) = (cancelled_at IS NOT NULL));

-- +goose StatementBegin
CREATE FUNCTION programme_sessions_called_off() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('cancelled', 'declined') THEN
        IF TG_OP = 'INSERT' OR OLD.status NOT IN ('cancelled', 'declined') OR OLD.cancelled_at IS NULL THEN
            NEW.cancelled_at := now();
        ELSE
            NEW.cancelled_at := OLD.cancelled_at;
        END IF;
    ELSE
        NEW.cancelled_at := NULL;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER programme_sessions_called_off
    BEFORE INSERT OR UPDATE OF status ON programme_sessions
    FOR EACH ROW EXECUTE FUNCTION programme_sessions_called_off();

-- The feeds of a partner and of a space read sessions by them and time.
CREATE INDEX programme_sessions_partner_starts_idx ON programme_sessions (partner_id, starts_at) WHERE partner_id IS NOT NULL;
CREATE INDEX programme_sessions_space_starts_idx ON programme_sessions (space_id, starts_at) WHERE space_id IS NOT NULL;
DROP INDEX programme_sessions_space_idx;
DROP INDEX programme_sessions_partner_idx;

-- +goose Down
CREATE INDEX programme_sessions_partner_idx ON programme_sessions (partner_id);
CREATE INDEX programme_sessions_space_idx ON programme_sessions (space_id);
DROP INDEX programme_sessions_space_starts_idx;
DROP INDEX programme_sessions_partner_starts_idx;
DROP TRIGGER programme_sessions_called_off ON programme_sessions;
DROP FUNCTION programme_sessions_called_off();
ALTER TABLE programme_sessions DROP CONSTRAINT programme_sessions_cancelled_at_check;
ALTER TABLE programme_sessions DROP COLUMN cancelled_at;
DROP TRIGGER themes_touch ON themes;
DROP FUNCTION touch_updated_at();
ALTER TABLE themes DROP COLUMN updated_at;
DROP TABLE feed_tokens;
