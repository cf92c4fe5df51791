-- A device is held by one movement at most (from its assignment until the seals are removed or the movement ends):
-- a partial unique index over movement_devices replaces V31's one-active-movement index over movements. A movement
-- declared but not yet given devices has no device_id; the state's name may be longer than before.
DROP INDEX movements_one_active_per_device;
ALTER TABLE movements ALTER COLUMN device_id DROP NOT NULL;
ALTER TABLE movements ALTER COLUMN state TYPE VARCHAR(32);
CREATE UNIQUE INDEX movement_devices_one_holder ON movement_devices (device_id) WHERE held;
