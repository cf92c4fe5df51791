-- A device is held by one movement at most (PostgreSQL: a partial unique index, its own V47). H2 has no partial
-- indexes: a generated column holds the device id while the movement holds it and NULL afterwards, with a unique
-- index over it; V31's generated column and index over movements go. A movement declared but not yet given devices
-- has no device_id; the state's name may be longer than before.
DROP INDEX movements_one_active_per_device;
ALTER TABLE movements DROP COLUMN active_device_id;
ALTER TABLE movements ALTER COLUMN device_id SET NULL;
ALTER TABLE movements ALTER COLUMN state SET DATA TYPE VARCHAR(32);
ALTER TABLE movement_devices ADD COLUMN held_device_id VARCHAR(64)
    GENERATED ALWAYS AS (CASE WHEN held THEN device_id END);
CREATE UNIQUE INDEX movement_devices_one_holder ON movement_devices (held_device_id);
