/**
 * Transit movements: the supervised journey of goods under one customs document, with its device and route plan.
 * Public: {@link org.openects.server.movements.MovementDirectory} (active movements, from memory) and the movement
 * types. A movement's start and end are recorded in the audit log ({@code movement.started}, {@code
 * movement.completed}, {@code movement.cancelled}, with who did it).
 */
@ApplicationModule(
        displayName = "Movements",
        allowedDependencies = {"audit", "devices", "identity", "live", "shared"})
@NullMarked
package org.openects.server.movements;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
