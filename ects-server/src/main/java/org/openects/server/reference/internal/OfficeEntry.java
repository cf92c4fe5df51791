package org.openects.server.reference.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.reference.OfficeRole;

/**
 * A customs office as the reference file lists it, or as an administrator puts it (the code then comes from the path).
 * Fields are nullable so that a missing one is reported by {@link OfficeRules} with its name; {@code twoPersonUnlock}
 * is optional (absent: off).
 */
record OfficeEntry(
        @Nullable String code,
        @Nullable String name,
        @Nullable String country,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable Integer radiusMeters,
        @Nullable List<OfficeRole> roles,
        @Nullable Boolean twoPersonUnlock) {

    /** An entry without the two-person option (it is then off). */
    OfficeEntry(
            @Nullable String code,
            @Nullable String name,
            @Nullable String country,
            @Nullable Double latitude,
            @Nullable Double longitude,
            @Nullable Integer radiusMeters,
            @Nullable List<OfficeRole> roles) {
        this(code, name, country, latitude, longitude, radiusMeters, roles, null);
    }

    OfficeEntry withCode(String newCode) {
        return new OfficeEntry(newCode, name, country, latitude, longitude, radiusMeters, roles, twoPersonUnlock);
    }

    /** The two-person option, off when absent. */
    boolean twoPerson() {
        return Boolean.TRUE.equals(twoPersonUnlock);
    }
}
