-- Reads are audited, not only changes: each time a user opens people's personal data on
-- the server (a page of the head office's list or search, a case's history, an export,
-- the committee's papers) it is kept with who, when, what was asked and how many rows it
-- showed, and which requests were among them.
CREATE TABLE reads (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    at      TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL,
    shown   INTEGER NOT NULL
);
CREATE INDEX reads_at ON reads (at);

CREATE TABLE read_cases (
    read_id INTEGER NOT NULL REFERENCES reads (id) ON DELETE CASCADE,
    case_id TEXT NOT NULL,
    PRIMARY KEY (case_id, read_id)
);
