-- An officer or the head office, having seen the original, confirms who holds an
-- applicant's account: the account then reaches the requests taken under its ID.
ALTER TABLE users ADD COLUMN identity_confirmed_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN identity_confirmed_by BIGINT REFERENCES users (id);
ALTER TABLE users ADD COLUMN identity_document TEXT;

-- The account log learns the confirmation.
ALTER TABLE account_changes DROP CONSTRAINT account_changes_action;
ALTER TABLE account_changes ADD CONSTRAINT account_changes_action
    CHECK (action IN ('created', 'changed', 'password_reset', 'password_changed', 'opened',
        'password_recovered', 'released', 'identity_confirmed'));
