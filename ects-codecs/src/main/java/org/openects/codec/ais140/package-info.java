/** AIS-140 (India, ARAI/CDAC) vehicle tracking units: comma-separated text frames from {@code $} to {@code *}, over TCP. */
@NullMarked
package org.openects.codec.ais140;

import org.jspecify.annotations.NullMarked;
