-- Messages to applicants: the outbox, each attempt, the texts the head office edits, and
-- each applicant's choices.
CREATE TABLE notifications (
    id          TEXT        PRIMARY KEY,
    case_id     TEXT REFERENCES cases (id) ON DELETE CASCADE,
    notice      TEXT        NOT NULL,
    mobile      TEXT        NOT NULL,
    body        TEXT        NOT NULL,
    state       TEXT        NOT NULL,
    attempts    BIGINT      NOT NULL DEFAULT 0,
    due_at      TIMESTAMPTZ NOT NULL,
    provider_id TEXT,
    detail      TEXT        NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX notifications_due ON notifications (state, due_at);
CREATE INDEX notifications_case ON notifications (case_id);
CREATE INDEX notifications_provider ON notifications (provider_id);

CREATE TABLE notification_attempts (
    notification_id TEXT        NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    attempt         BIGINT      NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    result          TEXT,
    PRIMARY KEY (notification_id, attempt)
);

CREATE TABLE notice_texts (
    notice     TEXT        NOT NULL,
    language   TEXT        NOT NULL CHECK (language IN ('ar', 'en')),
    version    BIGINT      NOT NULL,
    body       TEXT        NOT NULL,
    created_by BIGINT      NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (notice, language, version)
);

ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'ar';
ALTER TABLE users ADD COLUMN sms_opt_out BOOLEAN NOT NULL DEFAULT FALSE;

INSERT INTO users (username, display_name, password_hash, role, active, created_at)
VALUES ('system', 'رسائل الجمعية', '!', 'head_office', FALSE, '2026-12-02T00:00:00Z');
