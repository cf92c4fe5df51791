/**
 * Live updates to browsers and API clients over Server-Sent Events, scoped per caller like the API lists. Public:
 * {@link org.openects.server.live.LiveHub} and {@link org.openects.server.live.LiveMessage}.
 */
@ApplicationModule(displayName = "Live", allowedDependencies = "identity")
@NullMarked
package org.openects.server.live;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
