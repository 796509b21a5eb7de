-- Sign-in names are looked up as `lower(username) = lower(?)`, which reads the same on
-- both engines; PostgreSQL's unique index on `lower(username)` (0001) answers it already.
SELECT 1;
