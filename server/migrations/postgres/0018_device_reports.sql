-- What each device tells of itself at every sync (the app's build, its storage), when each
-- of its users last finished a sync on it, the head office's marks of lost devices, and the
-- device each session runs on, so that marking a device lost ends its sessions at once.
ALTER TABLE devices ADD COLUMN last_seen TIMESTAMPTZ;
ALTER TABLE devices ADD COLUMN build TEXT;
ALTER TABLE devices ADD COLUMN persistent BOOLEAN;
ALTER TABLE devices ADD COLUMN storage_used BIGINT;
ALTER TABLE devices ADD COLUMN storage_quota BIGINT;
ALTER TABLE devices ADD COLUMN lost_at TIMESTAMPTZ;
ALTER TABLE devices ADD COLUMN lost_by BIGINT REFERENCES users (id);
ALTER TABLE devices ADD COLUMN lost_reason TEXT;
UPDATE devices SET last_seen = COALESCE(
    (SELECT MAX(last_seen) FROM device_users WHERE device_number = number), created_at);

-- Until a device says otherwise, its users' last contact is their last finished sync.
ALTER TABLE device_users ADD COLUMN synced_at TIMESTAMPTZ;
UPDATE device_users SET synced_at = last_seen;

-- Every mark of a device as lost or found again: who, when and why.
CREATE TABLE device_changes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_number BIGINT      NOT NULL REFERENCES devices (number),
    action        TEXT        NOT NULL CHECK (action IN ('lost', 'found')),
    by_user       BIGINT      NOT NULL REFERENCES users (id),
    reason        TEXT        NOT NULL,
    at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_changes_device ON device_changes (device_number, id);

ALTER TABLE sessions ADD COLUMN device_number BIGINT;
CREATE INDEX sessions_device ON sessions (device_number) WHERE device_number IS NOT NULL;
