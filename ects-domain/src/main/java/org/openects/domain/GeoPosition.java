package org.openects.domain;

/** A WGS 84 position in decimal degrees. Construction fails for coordinates outside the globe. */
public record GeoPosition(double latitude, double longitude) {

    public GeoPosition {
        if (!isValid(latitude, longitude)) {
            throw new IllegalArgumentException("impossible coordinates: " + latitude + ", " + longitude);
        }
    }

    /** Whether the pair is a position on the globe (finite, latitude within ±90, longitude within ±180). */
    public static boolean isValid(double latitude, double longitude) {
        return Double.isFinite(latitude)
                && Double.isFinite(longitude)
                && latitude >= -90
                && latitude <= 90
                && longitude >= -180
                && longitude <= 180;
    }

    public static GeoPosition of(double latitude, double longitude) {
        return new GeoPosition(latitude, longitude);
    }
}
