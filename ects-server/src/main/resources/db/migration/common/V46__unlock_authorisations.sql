-- Unlock authorisation (commands module): an officer authorises the unlock of a seal of a supervised movement at a
-- place, for a reason and a validity window, sent by the platform (REMOTE) or done at the truck (AT_TRUCK); with the
-- two-person option of the office a second officer confirms it. States and kinds are checked in code (no CHECK
-- constraints, see V40).

-- The reference module's customs offices: whether an unlock authorised there needs a second officer's confirmation.
ALTER TABLE customs_offices ADD COLUMN two_person_unlock BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE unlock_authorisations (
    id                  BIGINT                   NOT NULL PRIMARY KEY,
    -- the reference officers and devices see: UA- and the id
    reference           VARCHAR(32)              NOT NULL UNIQUE,
    device_id           VARCHAR(64)              NOT NULL,
    movement_id         BIGINT                   NOT NULL,
    movement_reference  VARCHAR(64)              NOT NULL,
    -- OFFICE (place_code = the office code) or ORIGIN / DESTINATION of the movement's route plan
    place_kind          VARCHAR(16)              NOT NULL,
    place_code          VARCHAR(64),
    place_name          VARCHAR(200)             NOT NULL,
    place_latitude      DOUBLE PRECISION         NOT NULL,
    place_longitude     DOUBLE PRECISION         NOT NULL,
    place_radius_meters DOUBLE PRECISION         NOT NULL,
    -- REMOTE or AT_TRUCK
    method              VARCHAR(16)              NOT NULL,
    reason              VARCHAR(500)             NOT NULL,
    valid_from          TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until         TIMESTAMP WITH TIME ZONE NOT NULL,
    two_person          BOOLEAN                  NOT NULL,
    -- AWAITING_CONFIRMATION, EFFECTIVE, SENT, EXECUTED, FAILED, USED, REVOKED
    state               VARCHAR(24)              NOT NULL,
    authorised_by       VARCHAR(64)              NOT NULL,
    authorised_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmed_by        VARCHAR(64),
    confirmed_at        TIMESTAMP WITH TIME ZONE,
    revoked_by          VARCHAR(64),
    revoked_at          TIMESTAMP WITH TIME ZONE,
    -- for REMOTE: the device command that carries it (its downlink counter) and the device's answer
    command_counter     BIGINT,
    ack_status          VARCHAR(24),
    -- the unlock the device reported that used it
    used_at             TIMESTAMP WITH TIME ZONE,
    detail              VARCHAR(1000)
);

CREATE INDEX unlock_authorisations_device ON unlock_authorisations (device_id, valid_until);
CREATE INDEX unlock_authorisations_movement ON unlock_authorisations (movement_id);

-- Unlocks a device reported that no authorisation covered (kept for the monitoring rules).
CREATE TABLE unauthorised_unlocks (
    id                  BIGINT                   NOT NULL PRIMARY KEY,
    device_id           VARCHAR(64)              NOT NULL,
    movement_id         BIGINT,
    device_time         TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    method              VARCHAR(24)              NOT NULL,
    credential          VARCHAR(64),
    latitude            DOUBLE PRECISION,
    longitude           DOUBLE PRECISION,
    -- why no authorisation covered it
    reason              VARCHAR(500)             NOT NULL
);

CREATE INDEX unauthorised_unlocks_device ON unauthorised_unlocks (device_id, device_time);
