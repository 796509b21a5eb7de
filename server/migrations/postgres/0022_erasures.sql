-- Applicants' requests to have their data erased, and the head office's rulings: one
-- waiting per applicant at a time. `files` lists the beneficiary files whose register
-- entries were kept, by number, comma-separated.
CREATE TABLE erasures (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   BIGINT      NOT NULL REFERENCES users (id),
    asked_at  TIMESTAMPTZ NOT NULL,
    note      TEXT        NOT NULL,
    state     TEXT        NOT NULL CHECK (state IN ('pending', 'granted', 'refused')),
    ruled_by  BIGINT      REFERENCES users (id),
    ruled_at  TIMESTAMPTZ,
    reason    TEXT        NOT NULL DEFAULT '',
    files     TEXT        NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX erasures_one_pending ON erasures (user_id) WHERE state = 'pending';
CREATE INDEX erasures_by_state ON erasures (state, asked_at);

-- A beneficiary file erased but for its register entry: until when the entry is kept,
-- after which the retention job anonymises the rest.
ALTER TABLE cases ADD COLUMN keep_until TIMESTAMPTZ;
CREATE INDEX cases_register_keep ON cases (keep_until) WHERE keep_until IS NOT NULL;

-- The sign-in log stays append-only but for one update: an erased applicant's user name
-- (their national ID) replaced by the erased mark.
CREATE FUNCTION sign_ins_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.username = '—'
       AND (NEW.id, NEW.at, NEW.user_id, NEW.address, NEW.outcome)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.user_id, OLD.address, OLD.outcome) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the sign-in log is append-only';
END
$$;
DROP TRIGGER sign_ins_append_only ON sign_ins;
CREATE TRIGGER sign_ins_append_only BEFORE UPDATE OR DELETE ON sign_ins
FOR EACH ROW EXECUTE FUNCTION sign_ins_erase_only();

-- The account log likewise: what an erased applicant's entries said (the mobile they
-- opened it with) becomes empty; who did what, and when, stays.
CREATE FUNCTION account_changes_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.detail = '{}'
       AND (NEW.id, NEW.at, NEW.by_user, NEW.user_id, NEW.action)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.by_user, OLD.user_id, OLD.action) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the account log is append-only';
END
$$;
DROP TRIGGER account_changes_append_only ON account_changes;
CREATE TRIGGER account_changes_append_only BEFORE UPDATE OR DELETE ON account_changes
FOR EACH ROW EXECUTE FUNCTION account_changes_erase_only();
