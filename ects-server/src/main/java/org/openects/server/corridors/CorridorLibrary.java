package org.openects.server.corridors;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The route library: every version of every corridor, read from the database. Versions never change once stored, so a
 * movement that names a corridor by id and version always finds the same corridor.
 */
public interface CorridorLibrary {

    /** The latest version of each corridor, ordered by id. */
    List<CorridorSummary> list();

    /**
     * One version of a corridor.
     *
     * @param id the corridor's id
     * @param version the version wanted; null for the latest
     * @return the corridor, or empty when there is no such id or version
     */
    Optional<RouteCorridor> find(String id, @Nullable Integer version);

    /** Every version of a corridor, oldest first; empty when there is no such corridor. */
    List<CorridorSummary> versions(String id);
}
