-- Inquiries logged at the reception (CH, H1), and the officer's reference tools (TOOLS).

CREATE TABLE inquiries (
    -- The order the server received them in: the cursor devices pull by.
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT    NOT NULL UNIQUE,
    outreach_point_id TEXT    NOT NULL REFERENCES outreach_points (id),
    recorded_by       INTEGER NOT NULL REFERENCES users (id),
    channel           TEXT    NOT NULL,
    data              TEXT    NOT NULL,
    at                TEXT    NOT NULL,
    received_at       TEXT    NOT NULL
);
CREATE INDEX inquiries_point_seq ON inquiries (outreach_point_id, seq);

CREATE TABLE tool_documents (
    kind       TEXT    PRIMARY KEY,
    sha256     TEXT    NOT NULL REFERENCES attachments (sha256),
    data       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users (id)
);

-- Who has proved they hold a file by sending all of it: they may read it back and attach
-- it. Knowing a file's hash proves nothing and grants nothing.
CREATE TABLE attachment_owners (
    sha256  TEXT    NOT NULL REFERENCES attachments (sha256),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (sha256, user_id)
);
