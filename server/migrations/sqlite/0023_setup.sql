-- The association's set-up as the head office keeps it in the app: what applicants see of
-- each outreach point and whether it is closed, every change to a point (append-only), the
-- versions of the settings (the flags give the first), the last test text through the
-- gateway, and the backups taken.
ALTER TABLE outreach_points ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE outreach_points ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE outreach_points ADD COLUMN hours TEXT NOT NULL DEFAULT '';
ALTER TABLE outreach_points ADD COLUMN closed_at TEXT;

CREATE TABLE point_changes (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT    NOT NULL,
    by_user  INTEGER NOT NULL REFERENCES users (id),
    point_id TEXT    NOT NULL REFERENCES outreach_points (id),
    action   TEXT    NOT NULL CHECK (action IN ('created', 'changed', 'closed')),
    detail   TEXT    NOT NULL
);
CREATE INDEX point_changes_point ON point_changes (point_id, at);
CREATE TRIGGER point_changes_no_update BEFORE UPDATE ON point_changes
BEGIN SELECT RAISE(ABORT, 'the point log is append-only'); END;
CREATE TRIGGER point_changes_no_delete BEFORE DELETE ON point_changes
BEGIN SELECT RAISE(ABORT, 'the point log is append-only'); END;

CREATE TABLE settings (
    version    INTEGER PRIMARY KEY,
    body       TEXT    NOT NULL,
    -- None for the first version, which the flags gave.
    created_by INTEGER REFERENCES users (id),
    created_at TEXT    NOT NULL
);
CREATE TRIGGER settings_no_update BEFORE UPDATE ON settings
BEGIN SELECT RAISE(ABORT, 'the settings are kept by version'); END;
CREATE TRIGGER settings_no_delete BEFORE DELETE ON settings
BEGIN SELECT RAISE(ABORT, 'the settings are kept by version'); END;

CREATE TABLE sms_tests (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT    NOT NULL,
    by_user INTEGER NOT NULL REFERENCES users (id),
    mobile  TEXT    NOT NULL,
    ok      INTEGER NOT NULL,
    answer  TEXT    NOT NULL
);

CREATE TABLE backups (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT    NOT NULL,
    target TEXT    NOT NULL
);
