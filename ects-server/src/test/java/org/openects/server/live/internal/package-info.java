/** Tests of the live event streams: their lifetime and the per-account cap. */
@NullMarked
package org.openects.server.live.internal;

import org.jspecify.annotations.NullMarked;
