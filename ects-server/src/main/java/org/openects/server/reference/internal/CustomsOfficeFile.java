package org.openects.server.reference.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The customs offices' reference file ({@code reference/customs-offices.json} by default).
 *
 * @param version the file's version, a positive number; a file is applied at start when its version is greater than
 *     the one loaded last
 * @param offices the offices it lists
 */
record CustomsOfficeFile(@Nullable Long version, @Nullable List<OfficeEntry> offices) {}
