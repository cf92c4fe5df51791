package org.openects.rules.geo;

/** WGS 84 constants and the local metric frame the corridor measures in. */
final class Ellipsoid {

    static final double SEMI_MAJOR_AXIS = 6_378_137.0;
    static final double FLATTENING = 1 / 298.257223563;
    static final double ECCENTRICITY_SQUARED = FLATTENING * (2 - FLATTENING);

    /** The smallest meridional radius of curvature (at the equator), for conservative degree envelopes. */
    static final double MIN_MERIDIONAL_RADIUS = SEMI_MAJOR_AXIS * (1 - ECCENTRICITY_SQUARED);

    private Ellipsoid() {}

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
