-- Messages to applicants. A message is written here in the same transaction as the change
-- that causes it, then sent by the server's worker; `id` is the event's id and the
-- gateway's client reference, so a message is sent at most once per event.
CREATE TABLE notifications (
    id          TEXT    PRIMARY KEY,
    -- The case it is about; none for a one-time code.
    case_id     TEXT    REFERENCES cases (id) ON DELETE CASCADE,
    notice      TEXT    NOT NULL,
    mobile      TEXT    NOT NULL,
    -- Emptied once sent when it held a code, so no code is kept readable.
    body        TEXT    NOT NULL,
    -- queued | sending | sent | delivered | failed | unknown | opted_out
    state       TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    -- When it may go next: now, after a failure's backoff, or after quiet hours.
    due_at      TEXT    NOT NULL,
    provider_id TEXT,
    detail      TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX notifications_due ON notifications (state, due_at);
CREATE INDEX notifications_case ON notifications (case_id);
CREATE INDEX notifications_provider ON notifications (provider_id);

-- Each call to the gateway, written and committed before the call: after a crash, an
-- attempt without an end is one whose answer never came.
CREATE TABLE notification_attempts (
    notification_id TEXT    NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    attempt         INTEGER NOT NULL,
    started_at      TEXT    NOT NULL,
    finished_at     TEXT,
    result          TEXT,
    PRIMARY KEY (notification_id, attempt)
);

-- The texts the head office edited; a notice without a row here uses the shipped text.
CREATE TABLE notice_texts (
    notice     TEXT    NOT NULL,
    language   TEXT    NOT NULL CHECK (language IN ('ar', 'en')),
    version    INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT    NOT NULL,
    PRIMARY KEY (notice, language, version)
);

-- What an applicant chose: the language of their messages, and whether they want those
-- their request does not need.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'ar';
ALTER TABLE users ADD COLUMN sms_opt_out INTEGER NOT NULL DEFAULT 0;

-- The server's own changes to cases (a message's delivery) are written by this account,
-- which cannot sign in.
INSERT INTO users (username, display_name, password_hash, role, active, created_at)
VALUES ('system', 'رسائل الجمعية', '!', 'head_office', 0, '2026-12-02T00:00:00Z');
