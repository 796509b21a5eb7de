-- Applicants' requests to have their data erased, and the head office's rulings: one
-- waiting per applicant at a time. `files` lists the beneficiary files whose register
-- entries were kept, by number, comma-separated.
CREATE TABLE erasures (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    asked_at  TEXT    NOT NULL,
    note      TEXT    NOT NULL,
    state     TEXT    NOT NULL CHECK (state IN ('pending', 'granted', 'refused')),
    ruled_by  INTEGER REFERENCES users (id),
    ruled_at  TEXT,
    reason    TEXT    NOT NULL DEFAULT '',
    files     TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX erasures_one_pending ON erasures (user_id) WHERE state = 'pending';
CREATE INDEX erasures_by_state ON erasures (state, asked_at);

-- A beneficiary file erased but for its register entry: until when the entry is kept,
-- after which the retention job anonymises the rest.
ALTER TABLE cases ADD COLUMN keep_until TEXT;
CREATE INDEX cases_register_keep ON cases (keep_until) WHERE keep_until IS NOT NULL;

-- The sign-in log stays append-only but for one update: an erased applicant's user name
-- (their national ID) replaced by the erased mark.
DROP TRIGGER sign_ins_no_update;
CREATE TRIGGER sign_ins_no_update BEFORE UPDATE ON sign_ins
WHEN NEW.username <> '—' OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
  OR NEW.user_id IS NOT OLD.user_id OR NEW.address IS NOT OLD.address
  OR NEW.outcome IS NOT OLD.outcome
BEGIN SELECT RAISE(ABORT, 'the sign-in log is append-only'); END;

-- The account log likewise: what an erased applicant's entries said (the mobile they
-- opened it with) becomes empty; who did what, and when, stays.
DROP TRIGGER account_changes_no_update;
CREATE TRIGGER account_changes_no_update BEFORE UPDATE ON account_changes
WHEN NEW.detail <> '{}' OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
  OR NEW.by_user IS NOT OLD.by_user OR NEW.user_id IS NOT OLD.user_id
  OR NEW.action IS NOT OLD.action
BEGIN SELECT RAISE(ABORT, 'the account log is append-only'); END;
