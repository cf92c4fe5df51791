-- Every message received from a device, kept raw with its digest and outcome before anything else is done with it.
CREATE TABLE raw_messages (
    id                  BIGINT       PRIMARY KEY,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    transport           VARCHAR(16)  NOT NULL,
    source              VARCHAR(256) NOT NULL,
    claimed_device_id   VARCHAR(64),
    digest              BYTEA        NOT NULL,
    payload             BYTEA        NOT NULL,
    outcome             VARCHAR(16)  NOT NULL,
    reason              VARCHAR(32),
    detail              VARCHAR(512)
);
CREATE INDEX raw_messages_received ON raw_messages (received_at);
CREATE INDEX raw_messages_outcome ON raw_messages (outcome, reason);
CREATE INDEX raw_messages_claimed ON raw_messages (claimed_device_id);
