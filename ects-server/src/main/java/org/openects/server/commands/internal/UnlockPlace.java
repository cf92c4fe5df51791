package org.openects.server.commands.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.jspecify.annotations.Nullable;

/**
 * Where an unlock is authorised: a circle (WGS 84) with a name. A customs office of the reference data, or the origin,
 * the destination or an authorised stop of the movement's route plan.
 */
sealed interface UnlockPlace {

    /** {@code OFFICE}, {@code ORIGIN}, {@code DESTINATION} or {@code STOP}. */
    @JsonProperty
    String kind();

    /** The office's code; {@code null} for a place of the route plan. */
    @JsonProperty
    @Nullable
    String code();

    @JsonProperty
    String name();

    @JsonProperty
    double latitude();

    @JsonProperty
    double longitude();

    @JsonProperty
    double radiusMeters();

    /** How the custody step and the audit log name the place: the office's code, or the place's name. */
    default String label() {
        String code = code();
        return code != null ? code : kind().toLowerCase(java.util.Locale.ROOT) + " " + name();
    }

    /** Whether the position lies inside the place's circle. */
    default boolean contains(double lat, double lon) {
        return distanceMeters(lat, lon) <= radiusMeters();
    }

    /** The geodesic distance from the position to the place's centre, in metres. */
    default double distanceMeters(double lat, double lon) {
        return Geodesic.WGS84.Inverse(lat, lon, latitude(), longitude(), GeodesicMask.DISTANCE).s12;
    }

    /** A customs office (its circle geofence). */
    record Office(String code, String name, double latitude, double longitude, double radiusMeters)
            implements UnlockPlace {
        @Override
        public String kind() {
            return "OFFICE";
        }
    }

    /** The origin, the destination or an authorised stop of the movement's route plan. */
    record PlanEnd(String kind, String name, double latitude, double longitude, double radiusMeters)
            implements UnlockPlace {
        @Override
        public @Nullable String code() {
            return null;
        }
    }

    /** The place as stored: kind, code, name, centre and radius. */
    static UnlockPlace of(
            String kind, @Nullable String code, String name, double latitude, double longitude, double radius) {
        if (kind.equals("OFFICE") && code != null) {
            return new Office(code, name, latitude, longitude, radius);
        }
        return new PlanEnd(kind, name, latitude, longitude, radius);
    }
}
