-- The browser and system each device last reported from ("Chrome 131 · Android"), so
-- that people tell a holder's devices apart by more than a number.
ALTER TABLE devices ADD COLUMN browser TEXT;
