-- The first schema: outreach points, users, cases and the mutation log.

CREATE TABLE server_state (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    -- Identifies this database; a client that sees it change resets its sync cursor.
    epoch TEXT    NOT NULL,
    -- The last sequence number given to a change.
    seq   INTEGER NOT NULL
);
INSERT INTO server_state (id, epoch, seq) VALUES (1, lower(hex(randomblob(16))), 0);

CREATE TABLE outreach_points (
    id          TEXT PRIMARY KEY,
    name_ar     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    governorate TEXT NOT NULL
);

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    username          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    display_name      TEXT    NOT NULL,
    password_hash     TEXT    NOT NULL,
    role              TEXT    NOT NULL
        CHECK (role IN ('applicant', 'officer', 'researcher', 'committee', 'head_office')),
    outreach_point_id TEXT REFERENCES outreach_points (id),
    active            INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT    NOT NULL,
    CHECK (role <> 'officer' OR outreach_point_id IS NOT NULL)
);

-- The current state of each case; `data` is the shared crate's `Case` as JSON, the other
-- columns are what queries filter on.
CREATE TABLE cases (
    id                TEXT    PRIMARY KEY,
    outreach_point_id TEXT    NOT NULL REFERENCES outreach_points (id),
    created_by        INTEGER NOT NULL REFERENCES users (id),
    status            TEXT    NOT NULL,
    national_id       TEXT    NOT NULL,
    revision          INTEGER NOT NULL,
    seq               INTEGER NOT NULL UNIQUE,
    data              TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);
CREATE INDEX cases_point_seq ON cases (outreach_point_id, seq);
CREATE INDEX cases_creator_seq ON cases (created_by, seq);
CREATE INDEX cases_national_id ON cases (national_id);

-- Every mutation received, applied or refused: the audit trail (who, when, which device,
-- what) and the record that makes a retried push harmless.
CREATE TABLE mutations (
    mutation_id TEXT    PRIMARY KEY,
    case_id     TEXT    NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    device_id   TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    received_at TEXT    NOT NULL,
    op          TEXT    NOT NULL,
    outcome     TEXT    NOT NULL
);
CREATE INDEX mutations_case ON mutations (case_id);
