/**
 * Transit movements: the supervised journey of goods under one customs document, with its device and route plan.
 * Public: {@link org.openects.server.movements.MovementDirectory} (active movements, from memory), the movement
 * types, and the {@link org.openects.server.movements.MovementStarted} event.
 */
@NullMarked
package org.openects.server.movements;

import org.jspecify.annotations.NullMarked;
