-- Needs and suggestions (GOAL): kept once by their device-made id; `seq` moves on with
-- every answer and closing, so pulls bring them back as they now stand.
CREATE TABLE feedback (
    id                TEXT    PRIMARY KEY,
    seq               INTEGER NOT NULL UNIQUE,
    outreach_point_id TEXT    REFERENCES outreach_points (id),
    applicant_id      INTEGER REFERENCES users (id),
    recorded_by       INTEGER NOT NULL REFERENCES users (id),
    kind              TEXT    NOT NULL,
    channel           TEXT    NOT NULL,
    state             TEXT    NOT NULL CHECK (state IN ('open', 'answered', 'closed')),
    at                TEXT    NOT NULL,
    received_at       TEXT    NOT NULL,
    data              TEXT    NOT NULL
);
CREATE INDEX feedback_point ON feedback (outreach_point_id, seq);
CREATE INDEX feedback_applicant ON feedback (applicant_id, seq);
