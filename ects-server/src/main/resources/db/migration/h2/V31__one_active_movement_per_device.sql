-- A device carries at most one active movement (PostgreSQL: a partial unique index, its own V31). H2 has no partial
-- indexes: a generated column holds the device id while the movement is active and NULL afterwards, and a unique
-- index over it admits any number of NULLs but one active movement per device.
UPDATE movements m SET state = 'CANCELLED', ended_at = CURRENT_TIMESTAMP, ended_by = 'migration',
    end_reason = 'Another movement of the same device was active: one active movement per device (V31).'
WHERE m.state = 'ACTIVE'
  AND EXISTS (SELECT 1 FROM movements n WHERE n.device_id = m.device_id AND n.state = 'ACTIVE' AND n.id > m.id);
ALTER TABLE movements ADD COLUMN active_device_id VARCHAR(64)
    GENERATED ALWAYS AS (CASE WHEN state = 'ACTIVE' THEN device_id END);
CREATE UNIQUE INDEX movements_one_active_per_device ON movements (active_device_id);
