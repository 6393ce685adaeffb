-- Schema v4: email.
--
-- Messages are River jobs (River's own tables, made by its migrator from
-- `hubbook migrate`), inserted in the transaction of the change that causes
-- them. mail_log is what happened to each message, and the sent-ledger: its
-- key names one message (a booking's confirmation, its 24-hour reminder for
-- a given start), and a row marked sent is never sent again, whatever
-- retries or crashes do to the job.

-- +goose Up

CREATE TABLE mail_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key          text NOT NULL UNIQUE,
    kind         text NOT NULL,
    booking_id   bigint REFERENCES bookings (id) ON DELETE SET NULL,
    user_id      bigint REFERENCES users (id) ON DELETE SET NULL,
    recipient    text NOT NULL DEFAULT '',
    subject      text NOT NULL DEFAULT '',
    -- sending: an attempt began and has not ended (if the job runs again,
    -- the earlier attempt may have been delivered: see note).
    status       text NOT NULL CHECK (status IN ('sending', 'retrying', 'sent', 'failed', 'dropped')),
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text NOT NULL DEFAULT '',
    note         text NOT NULL DEFAULT '',
    message_id   text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
CREATE INDEX mail_log_recent_idx ON mail_log (updated_at DESC, id DESC);
CREATE INDEX mail_log_booking_idx ON mail_log (booking_id) WHERE booking_id IS NOT NULL;

-- token_sealed is the manage link's token, encrypted with a key from
-- HUBBOOK_SECRET, so that reminders weeks later can carry the link; the
-- database alone cannot open it. email_failed_at is set when the mail
-- server refused the address for good: staff and navigators see it.
ALTER TABLE bookings
    ADD COLUMN token_sealed bytea,
    ADD COLUMN email_failed_at timestamptz;

-- +goose Down
ALTER TABLE bookings DROP COLUMN token_sealed, DROP COLUMN email_failed_at;
DROP TABLE mail_log;
