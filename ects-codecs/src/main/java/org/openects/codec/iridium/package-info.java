/**
 * Iridium Short Burst Data over DirectIP: the gateway's mobile-originated TCP messages (header, location and payload
 * information elements), their confirmation, and the payloads they carry (native compact messages, T622 fixes); and
 * the mobile-terminated messages the platform sends to the gateway (header and payload elements) with the gateway's
 * confirmation ({@link org.openects.codec.iridium.DirectIpMt}).
 */
@NullMarked
package org.openects.codec.iridium;

import org.jspecify.annotations.NullMarked;
