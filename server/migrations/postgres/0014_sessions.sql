-- Signed-in sessions, kept in the database so that every server instance sharing it knows
-- them. The shape is the session library's.
CREATE TABLE IF NOT EXISTS sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BYTEA NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);
