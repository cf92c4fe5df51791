/**
 * Transit movements: the journey of goods under one customs document, from its declaration to its close, with its
 * devices and route plan, moved through one state machine ({@link org.openects.server.movements.MovementState}).
 * Public: {@link org.openects.server.movements.MovementDirectory} (supervised movements, from memory), {@link
 * org.openects.server.movements.MovementTransitions} (the lifecycle for other modules), {@link
 * org.openects.server.movements.MovementArrivals} (the monitoring's arrivals, off the hot path) and the movement types.
 * Every transition is recorded with who, when, where and why, and audited in the same transaction ({@code
 * movement.declared}, {@code movement.started}, {@code movement.transition}, {@code movement.cancelled}). It listens to
 * the declarations module's events (docs/procedure.md, "Movement lifecycle").
 */
@ApplicationModule(
        displayName = "Movements",
        allowedDependencies = {
            "audit",
            "corridors",
            "declarations",
            "devices",
            "identity",
            "live",
            "reference",
            "shared"
        })
@NullMarked
package org.openects.server.movements;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
