package org.openects.server.reference;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A customs office and its geofence, a circle of {@code radiusMeters} around its position (WGS 84).
 *
 * @param code the office's reference number in the NCTS style: the ISO 3166 alpha-2 country code, then six letters or
 *     digits
 * @param name its name, for people
 * @param country ISO 3166 alpha-2 code of the country it belongs to
 * @param latitude latitude of its position in degrees
 * @param longitude longitude of its position in degrees
 * @param radiusMeters radius of its geofence in metres (50 m to 50 km)
 * @param roles what it does in the procedure, in the order {@link OfficeRole} declares them
 * @param twoPersonUnlock whether an unlock authorised at this office waits for a second, different officer to confirm
 *     it before it takes effect (the two-person rule; false when the file or the administrator leave it out)
 * @param source where its current data came from
 * @param fileVersion the version of the reference file it last came from; null when an administrator created it
 * @param updatedAt when it last changed
 * @param updatedBy who changed it last: an account name, or {@code system} for the file
 */
public record CustomsOffice(
        String code,
        String name,
        String country,
        double latitude,
        double longitude,
        int radiusMeters,
        Set<OfficeRole> roles,
        boolean twoPersonUnlock,
        OfficeSource source,
        @Nullable Long fileVersion,
        Instant updatedAt,
        String updatedBy) {

    public CustomsOffice {
        EnumSet<OfficeRole> ordered = EnumSet.noneOf(OfficeRole.class);
        ordered.addAll(roles);
        roles = Collections.unmodifiableSet(ordered);
    }
}
