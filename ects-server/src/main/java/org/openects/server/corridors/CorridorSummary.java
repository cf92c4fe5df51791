package org.openects.server.corridors;

import java.time.Instant;

/**
 * One version of a corridor in a list: what it is called, how long and wide it is, how many places it names.
 *
 * @param id the corridor's id
 * @param version its version
 * @param name its name, for people
 * @param lengthMeters the geodesic length of its centreline on WGS 84, in metres
 * @param widthMeters its width in metres
 * @param borderPosts how many border posts it names
 * @param authorisedStops how many authorised stops
 * @param restrictedZones how many restricted zones
 * @param coverageHoles how many known coverage holes
 * @param createdAt when this version was stored
 * @param createdBy who stored it: an account name, or {@code system} for the seed file
 */
public record CorridorSummary(
        String id,
        int version,
        String name,
        double lengthMeters,
        int widthMeters,
        int borderPosts,
        int authorisedStops,
        int restrictedZones,
        int coverageHoles,
        Instant createdAt,
        String createdBy) {

    /** The summary of a corridor version. */
    public static CorridorSummary of(RouteCorridor corridor) {
        return new CorridorSummary(
                corridor.id(),
                corridor.version(),
                corridor.name(),
                corridor.lengthMeters(),
                corridor.widthMeters(),
                corridor.borderPosts().size(),
                corridor.authorisedStops().size(),
                corridor.restrictedZones().size(),
                corridor.coverageHoles().size(),
                corridor.createdAt(),
                corridor.createdBy());
    }
}
