-- When a request's person was taken out by the retention job or an erasure, so it is done
-- once; and what the job looks for, by status and last change.
ALTER TABLE cases ADD COLUMN anonymised_at TIMESTAMPTZ;
CREATE INDEX cases_retention ON cases (status, updated_at) WHERE anonymised_at IS NULL;
-- IDs no open request names any more were kept with a count of none: they go.
DELETE FROM people_counts WHERE cases <= 0;

-- The change log stays append-only but for one update: erasing what a change carried (its
-- op, replaced by the redacted mark) with the person's data; who made it, when, from which
-- device and what became of it stay.
CREATE FUNCTION mutations_redact_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.op = '{"type":"redacted"}'::jsonb
       AND (NEW.mutation_id, NEW.case_id, NEW.user_id, NEW.device_id, NEW.created_at,
            NEW.received_at, NEW.outcome, NEW.role, NEW.rowid)
           IS NOT DISTINCT FROM (OLD.mutation_id, OLD.case_id, OLD.user_id, OLD.device_id,
            OLD.created_at, OLD.received_at, OLD.outcome, OLD.role, OLD.rowid) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the change log is append-only';
END
$$;
DROP TRIGGER mutations_append_only ON mutations;
CREATE TRIGGER mutations_append_only BEFORE UPDATE OR DELETE ON mutations
FOR EACH ROW EXECUTE FUNCTION mutations_redact_only();
