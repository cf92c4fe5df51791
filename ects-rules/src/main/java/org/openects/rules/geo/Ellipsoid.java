package org.openects.rules.geo;

/** WGS 84 constants and the local metric frame the corridor measures in. */
final class Ellipsoid {

    static final double SEMI_MAJOR_AXIS = 6_378_137.0;
    static final double FLATTENING = 1 / 298.257223563;
    static final double ECCENTRICITY_SQUARED = FLATTENING * (2 - FLATTENING);

    /** The smallest meridional radius of curvature (at the equator), for conservative degree envelopes. */
    static final double MIN_MERIDIONAL_RADIUS = SEMI_MAJOR_AXIS * (1 - ECCENTRICITY_SQUARED);

    private Ellipsoid() {}

    /**
     * The distance between two nearby points by Gauss's mid-latitude method: east and north offsets in metres with the
     * radii of curvature at their mean latitude. Within a centimetre of the geodesic distance up to 20 km, away from
     * the poles.
     */
    static double midLatitudeDistance(double latitude1, double longitude1, double latitude2, double longitude2) {
        double midLatitude = Math.toRadians((latitude1 + latitude2) / 2);
        double sin = Math.sin(midLatitude);
        double w = 1 - ECCENTRICITY_SQUARED * sin * sin;
        double primeVertical = SEMI_MAJOR_AXIS / Math.sqrt(w);
        double east = Math.toRadians(longitudeDelta(longitude1, longitude2)) * primeVertical * Math.cos(midLatitude);
        double north = Math.toRadians(latitude2 - latitude1) * primeVertical * (1 - ECCENTRICITY_SQUARED) / w;
        return Math.sqrt(east * east + north * north);
    }

    /** Longitude difference {@code to - from} in degrees, brought into [-180, 180]. */
    static double longitudeDelta(double fromDegrees, double toDegrees) {
        double delta = toDegrees - fromDegrees;
        if (delta > 180) {
            delta -= 360;
        } else if (delta < -180) {
            delta += 360;
        }
        return delta;
    }
}
