package org.openects.server.corridors.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The corridors' seed file ({@code reference/corridors.json} by default): our own JSON model.
 *
 * @param version the file's version, a positive number; a corridor of the file gets a new version in the library
 *     when no version of it came from this or a newer version of the file and it differs from its latest version
 * @param corridors the corridors it lists
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CorridorFile(@Nullable Long version, @Nullable List<CorridorDraft> corridors) {}
