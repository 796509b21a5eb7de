-- Bringing the association's existing register in: the column mapping remembered for each
-- set of headers, and every import or dry run with how far it got (and when it last got
-- further) and its report, which names only the rows refused.
CREATE TABLE import_mappings (
    headers_key TEXT    PRIMARY KEY,
    mapping     TEXT    NOT NULL,
    saved_by    INTEGER NOT NULL REFERENCES users (id),
    saved_at    TEXT    NOT NULL
);

CREATE TABLE imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    file        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    dry_run     INTEGER NOT NULL,
    by_user     INTEGER NOT NULL REFERENCES users (id),
    started_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    finished_at TEXT,
    total       INTEGER NOT NULL,
    done        INTEGER NOT NULL DEFAULT 0,
    counts      TEXT    NOT NULL,
    failed      TEXT,
    report      TEXT
);

-- A password someone else set (the head office opening or resetting an account, or a staff
-- sheet brought in) is changed by its owner before anything else.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
