/** Persistence and HTTP endpoints of the device registry. */
@NullMarked
package org.openects.server.devices.internal;

import org.jspecify.annotations.NullMarked;
