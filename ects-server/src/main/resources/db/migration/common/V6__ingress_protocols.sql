-- Several protocols and transports: which protocol a message was read as, and what kind of message it was.
ALTER TABLE raw_messages ADD COLUMN protocol VARCHAR(32) DEFAULT 'openects' NOT NULL;
ALTER TABLE raw_messages ADD COLUMN kind VARCHAR(16) DEFAULT 'report' NOT NULL;
ALTER TABLE devices ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE devices ADD COLUMN revoked_by VARCHAR(64);
CREATE INDEX raw_messages_device_time ON raw_messages (claimed_device_id, received_at);
