package org.openects.server.corridors;

import java.time.Instant;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.jspecify.annotations.Nullable;

/**
 * One version of a corridor of the route library: an immutable value. Positions are WGS 84 latitude and longitude in
 * degrees; polygon rings are closed (the first position repeated last) and their positions run counterclockwise.
 *
 * @param id the corridor's stable id: 3 to 64 lower-case letters, digits and hyphens, e.g.
 *     {@code northern-corridor-msa-mal}
 * @param version the version, 1 for the first; each import or edit of the id adds one
 * @param name its name, for people
 * @param centreline the road the corridor follows, at least two distinct positions
 * @param widthMeters the corridor's full width around the centreline, in metres
 * @param borderPosts the border posts on the way
 * @param authorisedStops where a truck may stop, each with the longest stay allowed
 * @param restrictedZones areas a truck must not enter
 * @param coverageHoles areas known to have no mobile coverage (reports arrive late there)
 * @param speedProfile the speeds used for the transit time estimate, along the centreline from its start; the last
 *     band runs to the end
 * @param restAllowance the drivers' rest counted in the transit time estimate
 * @param createdAt when this version was stored
 * @param createdBy who stored it: an account name, or {@code system} for the seed file
 */
public record RouteCorridor(
        String id,
        int version,
        String name,
        List<Point> centreline,
        int widthMeters,
        List<BorderPost> borderPosts,
        List<AuthorisedStop> authorisedStops,
        List<Area> restrictedZones,
        List<Area> coverageHoles,
        List<SpeedBand> speedProfile,
        RestAllowance restAllowance,
        Instant createdAt,
        String createdBy) {

    /** The speed of the default speed profile, in km/h. */
    public static final int DEFAULT_SPEED_KMH = 50;

    public RouteCorridor {
        centreline = List.copyOf(centreline);
        borderPosts = List.copyOf(borderPosts);
        authorisedStops = List.copyOf(authorisedStops);
        restrictedZones = List.copyOf(restrictedZones);
        coverageHoles = List.copyOf(coverageHoles);
        speedProfile = List.copyOf(speedProfile);
    }

    /**
     * A WGS 84 position.
     *
     * @param latitude degrees, -90 to 90
     * @param longitude degrees, -180 to 180
     */
    public record Point(double latitude, double longitude) {}

    /**
     * A border post and its geofence, a circle around its position.
     *
     * @param name its name
     * @param position where it is
     * @param radiusMeters radius of its geofence in metres
     */
    public record BorderPost(String name, Point position, int radiusMeters) {}

    /**
     * A place where a truck may stop (a weighbridge, a truck park), and for how long.
     *
     * @param name its name
     * @param position where it is
     * @param radiusMeters radius of its geofence in metres
     * @param maxStayMinutes the longest stay allowed there, in minutes
     */
    public record AuthorisedStop(String name, Point position, int radiusMeters, int maxStayMinutes) {}

    /**
     * A named polygon: a restricted zone or a coverage hole.
     *
     * @param name its name
     * @param ring its outer boundary: at least four positions, the last the same as the first, counterclockwise
     */
    public record Area(String name, List<Point> ring) {
        public Area {
            ring = List.copyOf(ring);
        }
    }

    /**
     * A stretch of the speed profile.
     *
     * @param untilKm where the stretch ends, in kilometres along the centreline from its start; null for the last band,
     *     which runs to the end
     * @param kmh the average speed over the stretch, in km/h
     */
    public record SpeedBand(@Nullable Double untilKm, int kmh) {}

    /**
     * The drivers' rest: after each {@code afterDrivingMinutes} of driving, {@code restMinutes} of rest.
     *
     * @param afterDrivingMinutes driving time before a rest, in minutes (default 270)
     * @param restMinutes length of the rest, in minutes (default 45)
     */
    public record RestAllowance(int afterDrivingMinutes, int restMinutes) {

        /** 45 minutes of rest after each 4 h 30 of driving. */
        public static final RestAllowance DEFAULT = new RestAllowance(270, 45);
    }

    /** The geodesic length of the centreline on the WGS 84 ellipsoid, in metres. */
    public double lengthMeters() {
        double total = 0;
        for (int i = 1; i < centreline.size(); i++) {
            Point a = centreline.get(i - 1);
            Point b = centreline.get(i);
            total += Geodesic.WGS84.Inverse(
                            a.latitude(), a.longitude(), b.latitude(), b.longitude(), GeodesicMask.DISTANCE)
                    .s12;
        }
        return total;
    }

    /** The driving time over the whole centreline at the speed profile's speeds, in seconds (rounded up). */
    public long estimatedDrivingSeconds() {
        double lengthKm = lengthMeters() / 1000;
        double hours = 0;
        double from = 0;
        for (SpeedBand band : speedProfile) {
            Double until = band.untilKm();
            double to = until == null ? lengthKm : Math.min(until, lengthKm);
            if (to > from) {
                hours += (to - from) / band.kmh();
                from = to;
            }
            if (from >= lengthKm) {
                break;
            }
        }
        return (long) Math.ceil(hours * 3600);
    }

    /**
     * The estimated transit time in seconds: the driving time plus one rest of the rest allowance after each full
     * stretch of driving it allows, except at the very end.
     */
    public long estimatedTransitSeconds() {
        long driving = estimatedDrivingSeconds();
        long stretch = restAllowance.afterDrivingMinutes() * 60L;
        long rests = driving <= 0 ? 0 : (driving - 1) / stretch;
        return driving + rests * restAllowance.restMinutes() * 60L;
    }
}
