-- Drafts thrown away stay as tombstones until purged, so every device learns to remove them.
ALTER TABLE cases ADD COLUMN discarded INTEGER NOT NULL DEFAULT 0;

-- Pulls from before this sequence number cannot be answered with changes alone (the
-- tombstones they would need were purged): devices that far behind start over.
ALTER TABLE server_state ADD COLUMN horizon INTEGER NOT NULL DEFAULT 0;
