package org.openects.server.corridors.internal;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/** The documents a corridor is imported from and exported to. */
enum CorridorFormat {
    /** Our own JSON model, the shape of {@code RouteCorridor}. */
    JSON("json", MediaType.APPLICATION_JSON_VALUE, "json"),
    /** GeoJSON (RFC 7946): a FeatureCollection. */
    GEOJSON("geojson", "application/geo+json", "geojson"),
    /** KML 2.2 (OGC 07-147r2): a Document of Placemarks. */
    KML("kml", "application/vnd.google-earth.kml+xml", "kml"),
    /** GPX 1.1: a route, waypoints and our own extensions. */
    GPX("gpx", "application/gpx+xml", "gpx");

    final String parameter;
    final String mediaType;
    final String extension;

    CorridorFormat(String parameter, String mediaType, String extension) {
        this.parameter = parameter;
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** The format a {@code format} parameter names. */
    static Optional<CorridorFormat> ofParameter(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (CorridorFormat format : values()) {
            if (format.parameter.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format a Content-Type names ({@code application/xml} and the like name none: XML is not enough). */
    static Optional<CorridorFormat> ofMediaType(@Nullable MediaType type) {
        if (type == null) {
            return Optional.empty();
        }
        for (CorridorFormat format : values()) {
            if (MediaType.parseMediaType(format.mediaType).equalsTypeAndSubtype(type)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The names the {@code format} parameter takes, for messages. */
    static String names() {
        return "json, geojson, kml or gpx";
    }
}
