/**
 * Live updates to browsers and API clients over Server-Sent Events, scoped per caller like the API lists. Public:
 * {@link org.openects.server.live.LiveHub} and {@link org.openects.server.live.LiveMessage}.
 */
@NullMarked
package org.openects.server.live;

import org.jspecify.annotations.NullMarked;
