-- Accounts the head office administers: a password reset or a change of role ends the
-- account's sessions (each session keeps the version it began under), and every change
-- the head office makes to an account is kept, never rewritten.
ALTER TABLE users ADD COLUMN credentials_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE account_changes (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT    NOT NULL,
    by_user INTEGER NOT NULL REFERENCES users (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    action  TEXT    NOT NULL CHECK (action IN ('created', 'changed', 'password_reset', 'password_changed')),
    detail  TEXT    NOT NULL
);
CREATE INDEX account_changes_user ON account_changes (user_id, at);

CREATE TRIGGER account_changes_no_update BEFORE UPDATE ON account_changes
BEGIN SELECT RAISE(ABORT, 'the account log is append-only'); END;
CREATE TRIGGER account_changes_no_delete BEFORE DELETE ON account_changes
BEGIN SELECT RAISE(ABORT, 'the account log is append-only'); END;
