/** The command endpoints, their store, the delivery and acknowledgement handling and the timeout sweep. */
@NullMarked
package org.openects.server.commands.internal;

import org.jspecify.annotations.NullMarked;
