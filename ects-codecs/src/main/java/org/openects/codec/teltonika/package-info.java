/** Teltonika trackers over TCP: the IMEI handshake and AVL data packets in Codec 8 and Codec 8 Extended. */
@NullMarked
package org.openects.codec.teltonika;

import org.jspecify.annotations.NullMarked;
