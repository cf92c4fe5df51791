/**
 * The route library: named, versioned corridors (centreline, width, border posts, authorised stops with the longest
 * allowed stay, restricted zones, known coverage holes, a speed profile and a driver rest allowance). Every import or
 * edit of a corridor adds a version; every version stays readable, because a movement's route plan names a corridor
 * by id and version. Imported and exported as GeoJSON (RFC 7946), KML 2.2 and GPX 1.1. Loaded at start from a
 * versioned seed file ({@code ects.reference.corridors}). Public: {@link org.openects.server.corridors.CorridorLibrary}
 * and the immutable {@link org.openects.server.corridors.RouteCorridor} it returns.
 */
@ApplicationModule(
        displayName = "Route library",
        allowedDependencies = {"audit", "identity", "shared"})
@NullMarked
package org.openects.server.corridors;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
