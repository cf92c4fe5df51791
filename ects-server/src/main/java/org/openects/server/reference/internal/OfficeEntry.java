package org.openects.server.reference.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.reference.OfficeRole;

/**
 * A customs office as the reference file lists it, or as an administrator puts it (the code then comes from the path).
 * Fields are nullable so that a missing one is reported by {@link OfficeRules} with its name.
 */
record OfficeEntry(
        @Nullable String code,
        @Nullable String name,
        @Nullable String country,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable Integer radiusMeters,
        @Nullable List<OfficeRole> roles) {

    OfficeEntry withCode(String newCode) {
        return new OfficeEntry(newCode, name, country, latitude, longitude, radiusMeters, roles);
    }
}
