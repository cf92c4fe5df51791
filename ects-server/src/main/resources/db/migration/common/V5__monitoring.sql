-- Normalised reports, movement events and alerts, written in batches by the hot path.
CREATE TABLE reports (
    id                  BIGINT       PRIMARY KEY,
    device_id           VARCHAR(64)  NOT NULL,
    movement_id         BIGINT,
    counter             BIGINT       NOT NULL,
    device_time         TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    latitude            DOUBLE PRECISION,
    longitude           DOUBLE PRECISION,
    valid_fix           BOOLEAN      NOT NULL,
    speed_kmh           DOUBLE PRECISION,
    seal                VARCHAR(16)  NOT NULL,
    battery_percent     INTEGER,
    history             BOOLEAN      NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    trust               VARCHAR(32)  NOT NULL,
    alarms              VARCHAR(256),
    raw_message_id      BIGINT       NOT NULL
);
CREATE INDEX reports_movement_time ON reports (movement_id, device_time);
CREATE INDEX reports_device_time ON reports (device_id, device_time);

CREATE TABLE movement_events (
    id                  BIGINT       PRIMARY KEY,
    movement_id         BIGINT       NOT NULL,
    device_id           VARCHAR(64)  NOT NULL,
    type                VARCHAR(48)  NOT NULL,
    severity            VARCHAR(16)  NOT NULL,
    occurred_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    latitude            DOUBLE PRECISION,
    longitude           DOUBLE PRECISION,
    late                BOOLEAN      NOT NULL,
    detail              VARCHAR(512),
    recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX movement_events_movement ON movement_events (movement_id, occurred_at);

CREATE TABLE alerts (
    id                  BIGINT       PRIMARY KEY,
    movement_id         BIGINT       NOT NULL,
    event_id            BIGINT       NOT NULL,
    device_id           VARCHAR(64)  NOT NULL,
    type                VARCHAR(48)  NOT NULL,
    severity            VARCHAR(16)  NOT NULL,
    state               VARCHAR(16)  NOT NULL,
    raised_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    latitude            DOUBLE PRECISION,
    longitude           DOUBLE PRECISION,
    late                BOOLEAN      NOT NULL,
    detail              VARCHAR(512),
    acknowledged_by     VARCHAR(64),
    acknowledged_at     TIMESTAMP WITH TIME ZONE,
    resolved_by         VARCHAR(64),
    resolved_at         TIMESTAMP WITH TIME ZONE,
    resolution          VARCHAR(16),
    resolution_reason   VARCHAR(512)
);
CREATE INDEX alerts_movement ON alerts (movement_id, raised_at);
CREATE INDEX alerts_state ON alerts (state, raised_at);
