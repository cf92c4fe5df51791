/** The SSE endpoint and the per-subscriber delivery queues. */
@NullMarked
package org.openects.server.live.internal;

import org.jspecify.annotations.NullMarked;
