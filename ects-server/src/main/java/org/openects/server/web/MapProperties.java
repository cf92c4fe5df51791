package org.openects.server.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Map settings of the web UI ({@code ects.map.*}).
 *
 * @param tileUrl tile URL template ({@code {z}/{x}/{y}}, optionally {@code {s}}) for the map background; empty (the
 *     default) draws corridors and tracks as vectors on a plain background, so the UI works with no tile server
 * @param tileAttribution attribution text shown for the tile layer, empty for none
 */
@ConfigurationProperties("ects.map")
public record MapProperties(
        @DefaultValue("") String tileUrl, @DefaultValue("") String tileAttribution) {

    /** Whether a tile layer is configured. */
    public boolean hasTiles() {
        return !tileUrl.isBlank();
    }
}
