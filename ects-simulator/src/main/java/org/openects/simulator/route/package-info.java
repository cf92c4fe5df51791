/** Geometry of a route polyline: distances along it, interpolated positions and lateral offsets, on a spherical Earth. */
@NullMarked
package org.openects.simulator.route;

import org.jspecify.annotations.NullMarked;
