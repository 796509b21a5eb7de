-- Sign-in names are looked up as `lower(username) = lower(?)`, which reads the same on
-- both engines; this index answers it (the NOCASE column's own index does not).
CREATE INDEX IF NOT EXISTS users_username_lower ON users (lower(username));
