-- Applicants have accounts of their own; their mobile number is kept for contact.
ALTER TABLE users ADD COLUMN mobile TEXT;
