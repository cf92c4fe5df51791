/**
 * Device protocol codecs: bytes in, typed reports out, and the encoders for the replies devices expect; each protocol
 * describes itself ({@link org.openects.codec.ProtocolDescription}). No Spring.
 */
@NullMarked
package org.openects.codec;

import org.jspecify.annotations.NullMarked;
