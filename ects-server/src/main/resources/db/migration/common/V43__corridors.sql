-- The route library: every version of every corridor. A version is never changed or deleted once stored (a movement's
-- route plan names a corridor by id and version). The corridor itself (centreline, width, places, zones, speed
-- profile, rest allowance) is JSON text in the shape of corridors.RouteCorridor; id, version, name and the stamps are
-- columns of their own for lists and lookups.
CREATE TABLE corridor_versions (
    id              VARCHAR(64)      NOT NULL,
    version         INTEGER          NOT NULL,
    name            VARCHAR(200)     NOT NULL,
    geometry        VARCHAR          NOT NULL,
    length_meters   DOUBLE PRECISION NOT NULL,
    -- 'file': from the seed file (ects.reference.corridors); 'import': through the API.
    -- No CHECK constraint: on H2 one failed to evaluate once the connection that created it was closed.
    source          VARCHAR(8)       NOT NULL,
    -- the version of the seed file it came from; NULL for an import
    file_version    BIGINT,
    -- the format it was imported from: json, geojson, kml or gpx
    format          VARCHAR(8)       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(64)      NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE INDEX corridor_versions_name ON corridor_versions (name);
CREATE INDEX corridor_versions_created_at ON corridor_versions (created_at);
