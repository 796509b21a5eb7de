-- The audit trail (policy PRE) kept for good: the role each change was made in, every
-- sign-in attempt, and neither the change log nor the sign-ins ever rewritten.
ALTER TABLE mutations ADD COLUMN role TEXT;

CREATE TABLE sign_ins (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT    NOT NULL,
    username TEXT    NOT NULL,
    user_id  INTEGER REFERENCES users (id),
    address  TEXT,
    outcome  TEXT    NOT NULL
        CHECK (outcome IN ('signed_in', 'refused', 'throttled', 'signed_out'))
);
CREATE INDEX sign_ins_user ON sign_ins (user_id, at);

CREATE TRIGGER mutations_no_update BEFORE UPDATE ON mutations
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER mutations_no_delete BEFORE DELETE ON mutations
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER sign_ins_no_update BEFORE UPDATE ON sign_ins
BEGIN SELECT RAISE(ABORT, 'the sign-in log is append-only'); END;
CREATE TRIGGER sign_ins_no_delete BEFORE DELETE ON sign_ins
BEGIN SELECT RAISE(ABORT, 'the sign-in log is append-only'); END;
