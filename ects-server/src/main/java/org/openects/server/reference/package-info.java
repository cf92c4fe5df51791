/**
 * Reference data: the customs offices (code, name, country, position and a circular geofence) that declarations and
 * route plans name. Loaded at start from a versioned file ({@code ects.reference.customs-offices}) and editable by
 * administrators through the API (audited). Public: {@link org.openects.server.reference.CustomsOffices}, answered
 * from memory, and the {@link org.openects.server.reference.CustomsOffice} it returns.
 */
@ApplicationModule(
        displayName = "Reference data",
        allowedDependencies = {"audit", "identity", "shared"})
@NullMarked
package org.openects.server.reference;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
