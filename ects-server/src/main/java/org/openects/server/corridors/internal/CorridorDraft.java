package org.openects.server.corridors.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A corridor as a document gives it, before {@link CorridorRules} checks it: our own JSON model (the shape of
 * {@link org.openects.server.corridors.RouteCorridor}, version and stamps ignored) or what a GeoJSON, KML or GPX
 * reader found. Fields are nullable so that a missing one is reported by the rules with its name.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CorridorDraft(
        @Nullable String id,
        @Nullable String name,
        @Nullable List<PointDraft> centreline,
        @Nullable Integer widthMeters,
        @Nullable List<PlaceDraft> borderPosts,
        @Nullable List<PlaceDraft> authorisedStops,
        @Nullable List<AreaDraft> restrictedZones,
        @Nullable List<AreaDraft> coverageHoles,
        @Nullable List<BandDraft> speedProfile,
        @Nullable RestDraft restAllowance) {

    /** The draft with the id, name and width given outside the document (query parameters) in place of its own. */
    CorridorDraft overriddenBy(@Nullable String newId, @Nullable String newName, @Nullable Integer newWidth) {
        return new CorridorDraft(
                newId != null ? newId : id,
                newName != null ? newName : name,
                centreline,
                newWidth != null ? newWidth : widthMeters,
                borderPosts,
                authorisedStops,
                restrictedZones,
                coverageHoles,
                speedProfile,
                restAllowance);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PointDraft(@Nullable Double latitude, @Nullable Double longitude) {}

    /** A border post (no {@code maxStayMinutes}) or an authorised stop. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PlaceDraft(
            @Nullable String name,
            @Nullable PointDraft position,
            @Nullable Integer radiusMeters,
            @Nullable Integer maxStayMinutes) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AreaDraft(@Nullable String name, @Nullable List<PointDraft> ring) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BandDraft(@Nullable Double untilKm, @Nullable Integer kmh) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RestDraft(
            @Nullable Integer afterDrivingMinutes, @Nullable Integer restMinutes) {}
}
