-- The attempts the throttles count (sign-ins, sign-up and recovery steps, codes typed, new
-- devices), kept in the database so that every server instance sharing it counts the
-- same ones. Kept a day at most: the longest window.
CREATE TABLE attempts (
    id       INTEGER PRIMARY KEY,
    throttle TEXT    NOT NULL,
    subject  TEXT    NOT NULL,
    at_ms    INTEGER NOT NULL
);
CREATE INDEX attempts_by_subject ON attempts (throttle, subject, at_ms);
CREATE INDEX attempts_by_time ON attempts (at_ms);
