-- The payload format an Iridium device is registered for: 'native' (signed compact messages) or 't622' (unsigned
-- T622 fixes). Null for the other protocols, whose payload is their protocol. Existing Iridium devices were
-- registered with keys for native messages.
ALTER TABLE devices ADD COLUMN payload_format VARCHAR(16);
UPDATE devices SET payload_format = 'native' WHERE protocol = 'iridium';
