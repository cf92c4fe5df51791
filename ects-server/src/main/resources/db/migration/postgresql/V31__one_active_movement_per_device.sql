-- A device carries at most one active movement: the database holds it, not only the application's check, so that two
-- concurrent starts for the same device cannot both succeed (the second gets 409). H2 has its own V31.
-- Should duplicates exist already, all but the newest active movement of a device are cancelled, saying why.
UPDATE movements m SET state = 'CANCELLED', ended_at = CURRENT_TIMESTAMP, ended_by = 'migration',
    end_reason = 'Another movement of the same device was active: one active movement per device (V31).'
WHERE m.state = 'ACTIVE'
  AND EXISTS (SELECT 1 FROM movements n WHERE n.device_id = m.device_id AND n.state = 'ACTIVE' AND n.id > m.id);
CREATE UNIQUE INDEX movements_one_active_per_device ON movements (device_id) WHERE state = 'ACTIVE';
