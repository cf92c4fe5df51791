/** Route geometry on the WGS 84 ellipsoid: corridors around a route's centreline and geofences. */
@NullMarked
package org.openects.rules.geo;

import org.jspecify.annotations.NullMarked;
