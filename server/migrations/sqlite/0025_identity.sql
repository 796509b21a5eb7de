-- An officer or the head office, having seen the original, confirms who holds an
-- applicant's account: the account then reaches the requests taken under its ID.
ALTER TABLE users ADD COLUMN identity_confirmed_at TEXT;
ALTER TABLE users ADD COLUMN identity_confirmed_by INTEGER REFERENCES users (id);
ALTER TABLE users ADD COLUMN identity_document TEXT;

-- The account log learns the confirmation.
CREATE TABLE account_changes_new (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT    NOT NULL,
    by_user INTEGER NOT NULL REFERENCES users (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    action  TEXT    NOT NULL CHECK (action IN ('created', 'changed', 'password_reset',
        'password_changed', 'opened', 'password_recovered', 'released', 'identity_confirmed')),
    detail  TEXT    NOT NULL
);
INSERT INTO account_changes_new SELECT * FROM account_changes;
DROP TABLE account_changes;
ALTER TABLE account_changes_new RENAME TO account_changes;
CREATE INDEX account_changes_user ON account_changes (user_id, at);
CREATE TRIGGER account_changes_no_update BEFORE UPDATE ON account_changes
WHEN NEW.detail <> '{}' OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
  OR NEW.by_user IS NOT OLD.by_user OR NEW.user_id IS NOT OLD.user_id
  OR NEW.action IS NOT OLD.action
BEGIN SELECT RAISE(ABORT, 'the account log is append-only'); END;
CREATE TRIGGER account_changes_no_delete BEFORE DELETE ON account_changes
BEGIN SELECT RAISE(ABORT, 'the account log is append-only'); END;
