-- Device keys are delivered only to the device's seal provider (docs/security.md, "Device keys: provisioning"):
-- a key registered or rotated by an administrator waits, unread, until the owning seal provider claims it once.
-- key_provisioned_at NULL: the current key has not been delivered yet.
ALTER TABLE devices ADD COLUMN key_provisioned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE devices ADD COLUMN key_provisioned_by VARCHAR(64);
-- Keys issued before this migration were shown to whoever registered or rotated them.
UPDATE devices SET key_provisioned_at = key_rotated_at, key_provisioned_by = created_by;
