-- The committee's decisions, one row each, for its minutes by meeting.
CREATE TABLE case_decisions (
    case_id        TEXT   NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    seq            BIGINT NOT NULL,
    meeting_number BIGINT NOT NULL,
    meeting_date   DATE   NOT NULL,
    verdict        TEXT   NOT NULL,
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_decisions_meeting ON case_decisions (meeting_date, meeting_number);
