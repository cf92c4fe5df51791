/**
 * Iridium Short Burst Data over DirectIP: the gateway's mobile-originated TCP messages (header, location and payload
 * information elements), their confirmation, and the payloads they carry (native compact messages, T622 fixes).
 */
@NullMarked
package org.openects.codec.iridium;

import org.jspecify.annotations.NullMarked;
