-- A refused message longer than ects.ingress.archive-prefix-bytes, or an MQTT message over ects.mqtt.max-message-bytes,
-- is archived as its first bytes only: original_length is then its full length (and digest stays the SHA-256 of all
-- its bytes, which the stored prefix cannot reproduce). NULL: the payload is stored whole.
ALTER TABLE raw_messages ADD COLUMN original_length INTEGER;
