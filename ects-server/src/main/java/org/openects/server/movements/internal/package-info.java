/** Persistence and HTTP endpoints of movements. */
@NullMarked
package org.openects.server.movements.internal;

import org.jspecify.annotations.NullMarked;
