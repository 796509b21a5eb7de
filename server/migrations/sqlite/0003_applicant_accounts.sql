-- Applicants open their own accounts on their phones: the mobile they can be reached on.
ALTER TABLE users ADD COLUMN mobile TEXT;
