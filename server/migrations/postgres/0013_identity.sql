-- Proving who an applicant is: codes sent to a mobile, a verified mobile, devices that can
-- be released, and the account log's new actions.
CREATE TABLE pending_codes (
    id                TEXT        PRIMARY KEY,
    purpose           TEXT        NOT NULL CHECK (purpose IN ('sign_up', 'reset')),
    national_id       TEXT        NOT NULL,
    mobile            TEXT        NOT NULL,
    user_id           BIGINT REFERENCES users (id),
    password_hash     TEXT,
    outreach_point_id TEXT REFERENCES outreach_points (id),
    language          TEXT        NOT NULL DEFAULT 'ar',
    code_hash         TEXT        NOT NULL,
    tries             BIGINT      NOT NULL DEFAULT 0,
    sends             BIGINT      NOT NULL DEFAULT 1,
    sent_at           TIMESTAMPTZ NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX pending_codes_expiry ON pending_codes (expires_at);

ALTER TABLE users ADD COLUMN mobile_verified_at TIMESTAMPTZ;

ALTER TABLE device_users ADD COLUMN last_seen TIMESTAMPTZ;
ALTER TABLE device_users ADD COLUMN unsent BIGINT NOT NULL DEFAULT 0;
ALTER TABLE device_users ADD COLUMN released_at TIMESTAMPTZ;
UPDATE device_users SET last_seen = first_seen;

ALTER TABLE account_changes DROP CONSTRAINT account_changes_action;
ALTER TABLE account_changes ADD CONSTRAINT account_changes_action
    CHECK (action IN ('created', 'changed', 'password_reset', 'password_changed', 'opened',
        'password_recovered', 'released'));
