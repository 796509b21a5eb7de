-- Signed-in sessions, kept in the database so that every server instance sharing it knows
-- them. The shape is the session library's; databases from before this migration have the
-- table already, made by the library at start.
CREATE TABLE IF NOT EXISTS sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BLOB NOT NULL,
    expiry_date INTEGER NOT NULL
);
