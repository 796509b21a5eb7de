-- Who the applicant is: a one-time code proves the mobile when an account is opened and
-- when a password is forgotten. A step waits here, its code stored hashed, until the code
-- is typed, it expires, or it was tried too often.
CREATE TABLE pending_codes (
    id                TEXT    PRIMARY KEY,
    purpose           TEXT    NOT NULL CHECK (purpose IN ('sign_up', 'reset')),
    national_id       TEXT    NOT NULL,
    mobile            TEXT    NOT NULL,
    -- For a reset, the account; for a sign-up, what the account will be.
    user_id           INTEGER REFERENCES users (id),
    password_hash     TEXT,
    outreach_point_id TEXT    REFERENCES outreach_points (id),
    language          TEXT    NOT NULL DEFAULT 'ar',
    code_hash         TEXT    NOT NULL,
    tries             INTEGER NOT NULL DEFAULT 0,
    sends             INTEGER NOT NULL DEFAULT 1,
    sent_at           TEXT    NOT NULL,
    expires_at        TEXT    NOT NULL
);
CREATE INDEX pending_codes_expiry ON pending_codes (expires_at);

ALTER TABLE users ADD COLUMN mobile_verified_at TEXT;

-- Each device a user holds: the slot it takes among the user's active devices, when it
-- last introduced itself, and how many changes it said it had not sent.
ALTER TABLE device_users ADD COLUMN last_seen TEXT;
ALTER TABLE device_users ADD COLUMN unsent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE device_users ADD COLUMN released_at TEXT;
UPDATE device_users SET last_seen = first_seen;

-- The account log learns the actions of this step: an applicant opening an account with
-- a proven mobile, recovering a password, and an officer releasing a national ID.
CREATE TABLE account_changes_new (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT    NOT NULL,
    by_user INTEGER NOT NULL REFERENCES users (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    action  TEXT    NOT NULL CHECK (action IN ('created', 'changed', 'password_reset',
        'password_changed', 'opened', 'password_recovered', 'released')),
    detail  TEXT    NOT NULL
);
INSERT INTO account_changes_new SELECT * FROM account_changes;
DROP TABLE account_changes;
ALTER TABLE account_changes_new RENAME TO account_changes;
CREATE INDEX account_changes_user ON account_changes (user_id, at);
CREATE TRIGGER account_changes_no_update BEFORE UPDATE ON account_changes
BEGIN SELECT RAISE(ABORT, 'the account log is append-only'); END;
CREATE TRIGGER account_changes_no_delete BEFORE DELETE ON account_changes
BEGIN SELECT RAISE(ABORT, 'the account log is append-only'); END;
