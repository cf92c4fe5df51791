package org.openects.server.corridors.internal;

import java.time.Instant;
import java.util.List;
import org.openects.server.corridors.RouteCorridor;
import org.openects.server.corridors.RouteCorridor.Area;
import org.openects.server.corridors.RouteCorridor.AuthorisedStop;
import org.openects.server.corridors.RouteCorridor.BorderPost;
import org.openects.server.corridors.RouteCorridor.Point;
import org.openects.server.corridors.RouteCorridor.RestAllowance;
import org.openects.server.corridors.RouteCorridor.SpeedBand;

/** A corridor version as the API answers it: {@link RouteCorridor} and its computed length and times. */
record CorridorView(
        String id,
        int version,
        String name,
        double lengthMeters,
        long estimatedDrivingSeconds,
        long estimatedTransitSeconds,
        int widthMeters,
        List<Point> centreline,
        List<BorderPost> borderPosts,
        List<AuthorisedStop> authorisedStops,
        List<Area> restrictedZones,
        List<Area> coverageHoles,
        List<SpeedBand> speedProfile,
        RestAllowance restAllowance,
        Instant createdAt,
        String createdBy) {

    static CorridorView of(RouteCorridor c) {
        return new CorridorView(
                c.id(),
                c.version(),
                c.name(),
                c.lengthMeters(),
                c.estimatedDrivingSeconds(),
                c.estimatedTransitSeconds(),
                c.widthMeters(),
                c.centreline(),
                c.borderPosts(),
                c.authorisedStops(),
                c.restrictedZones(),
                c.coverageHoles(),
                c.speedProfile(),
                c.restAllowance(),
                c.createdAt(),
                c.createdBy());
    }
}
