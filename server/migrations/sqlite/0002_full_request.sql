-- The full support request: reference numbers made on devices, the case history, the
-- devices that make references, and attachments.

-- Cases written before the request had its full form cannot be read as the new shape;
-- no association data predates this schema (the only rows are demo samples, which the
-- demo seeding writes again).
DELETE FROM mutations;
DROP TABLE cases;

CREATE TABLE cases (
    id                 TEXT    PRIMARY KEY,
    reference          TEXT    NOT NULL UNIQUE,
    outreach_point_id  TEXT    NOT NULL REFERENCES outreach_points (id),
    created_by         INTEGER NOT NULL REFERENCES users (id),
    status             TEXT    NOT NULL,
    -- The applicant's national ID once it is a valid one; a draft may not have it yet.
    national_id        TEXT,
    -- Whether any question was referred to the researchers: their scope.
    has_referral       INTEGER NOT NULL DEFAULT 0,
    submitted_at       TEXT,
    answer_expected_on TEXT,
    revision           INTEGER NOT NULL,
    seq                INTEGER NOT NULL UNIQUE,
    data               TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX cases_point_seq ON cases (outreach_point_id, seq);
CREATE INDEX cases_creator_seq ON cases (created_by, seq);
CREATE INDEX cases_referral_seq ON cases (has_referral, seq);
CREATE INDEX cases_national_id ON cases (national_id);

-- Every revision of every case as it was: who changed what, and when, can always be shown
-- (policy PRE), and a stale edit can be merged against the revision it was made on.
CREATE TABLE case_history (
    case_id     TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    mutation_id TEXT    NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    data        TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    PRIMARY KEY (case_id, revision)
);

-- Devices get a number the first time someone signs in on them; a reference number
-- starts with it, so references made offline on different devices never collide.
CREATE TABLE devices (
    number     INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id  TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL
);

-- Who has signed in on which device: only they may use its references.
CREATE TABLE device_users (
    device_number INTEGER NOT NULL REFERENCES devices (number),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    first_seen    TEXT    NOT NULL,
    PRIMARY KEY (device_number, user_id)
);

-- Files, named by the SHA-256 of their content, stored under the data folder.
CREATE TABLE attachments (
    sha256      TEXT    PRIMARY KEY,
    size        INTEGER NOT NULL,
    media_type  TEXT    NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT    NOT NULL
);

-- Which case refers to which file: who may download a file follows who may see a case.
CREATE TABLE case_attachments (
    case_id TEXT NOT NULL,
    sha256  TEXT NOT NULL,
    PRIMARY KEY (case_id, sha256)
);
CREATE INDEX case_attachments_sha ON case_attachments (sha256);

-- The cases were rebuilt: devices see a new epoch, reset their cursor and pull again.
UPDATE server_state SET epoch = lower(hex(randomblob(16))) WHERE id = 1;

