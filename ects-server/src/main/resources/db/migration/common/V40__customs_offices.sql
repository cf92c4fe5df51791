-- Reference data: customs offices (code, name, country, position, geofence), loaded from a versioned file and
-- editable by administrators. The geofence is a circle around the position for now.
CREATE TABLE customs_offices (
    code            VARCHAR(8)       NOT NULL PRIMARY KEY,
    name            VARCHAR(200)     NOT NULL,
    country         VARCHAR(2)       NOT NULL,
    latitude        DOUBLE PRECISION NOT NULL,
    longitude       DOUBLE PRECISION NOT NULL,
    radius_meters   INTEGER          NOT NULL,
    -- comma-separated office roles: DEPARTURE, TRANSIT, DESTINATION, BORDER
    roles           VARCHAR(64)      NOT NULL,
    -- 'file': as the reference file says (a newer file updates it); 'admin': edited by an administrator (kept).
    -- No CHECK constraint: on H2 one failed to evaluate once the connection that created it was closed.
    source          VARCHAR(8)       NOT NULL,
    -- the version of the reference file the office last came from; NULL for an office an administrator created
    file_version    BIGINT,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by      VARCHAR(64)      NOT NULL
);

-- Which version of each reference file was loaded last (0: none yet).
CREATE TABLE reference_file_versions (
    name            VARCHAR(64)      NOT NULL PRIMARY KEY,
    version         BIGINT           NOT NULL,
    location        VARCHAR(1000),
    loaded_at       TIMESTAMP WITH TIME ZONE
);

INSERT INTO reference_file_versions (name, version) VALUES ('customs-offices', 0);
