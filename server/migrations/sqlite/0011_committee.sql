-- The committee's decisions by meeting, kept beside each case as it is written, so that a
-- meeting's minute is found without reading every case.

CREATE TABLE case_decisions (
    case_id        TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    -- The decision's place among the case's decisions, from 0.
    seq            INTEGER NOT NULL,
    meeting_number INTEGER NOT NULL,
    meeting_date   TEXT    NOT NULL,
    verdict        TEXT    NOT NULL,
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_decisions_meeting ON case_decisions (meeting_date, meeting_number);
