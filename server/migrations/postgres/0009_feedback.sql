-- Needs and suggestions (the policy's GOAL), from applicants and staff.
CREATE TABLE feedback (
    id                TEXT        PRIMARY KEY,
    seq               BIGINT      NOT NULL UNIQUE,
    outreach_point_id TEXT REFERENCES outreach_points (id),
    applicant_id      BIGINT REFERENCES users (id),
    recorded_by       BIGINT      NOT NULL REFERENCES users (id),
    kind              TEXT        NOT NULL,
    channel           TEXT        NOT NULL,
    state             TEXT        NOT NULL CHECK (state IN ('open', 'answered', 'closed')),
    at                TIMESTAMPTZ NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL,
    data              JSONB       NOT NULL
);
CREATE INDEX feedback_point ON feedback (outreach_point_id, seq);
CREATE INDEX feedback_applicant ON feedback (applicant_id, seq);
