-- When a request's person was taken out by the retention job or an erasure, so it is done
-- once; and what the job looks for, by status and last change.
ALTER TABLE cases ADD COLUMN anonymised_at TEXT;
CREATE INDEX cases_retention ON cases (status, updated_at) WHERE anonymised_at IS NULL;
-- IDs no open request names any more were kept with a count of none: they go.
DELETE FROM people_counts WHERE cases <= 0;

-- The change log stays append-only but for one update: erasing what a change carried (its
-- op, replaced by the redacted mark) with the person's data; who made it, when, from which
-- device and what became of it stay.
DROP TRIGGER mutations_no_update;
CREATE TRIGGER mutations_no_update BEFORE UPDATE ON mutations
WHEN NEW.op <> '{"type":"redacted"}' OR NEW.mutation_id IS NOT OLD.mutation_id
  OR NEW.case_id IS NOT OLD.case_id OR NEW.user_id IS NOT OLD.user_id
  OR NEW.device_id IS NOT OLD.device_id OR NEW.created_at IS NOT OLD.created_at
  OR NEW.received_at IS NOT OLD.received_at OR NEW.outcome IS NOT OLD.outcome
  OR NEW.role IS NOT OLD.role
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
