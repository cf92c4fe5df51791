/**
 * The OpenECTS native device protocol ({@code docs/device-protocol.md}): signed JSON messages (JWS compact, HS256:
 * reports, command acknowledgements, time requests) and the compact binary encoding (hello, report, batch,
 * acknowledgement, time request; a truncated HMAC-SHA256 tag), each with a counter the platform screens against
 * replay; the platform's signed commands and time responses in both encodings; the TCP framing. {@link
 * org.openects.codec.openects.OpenEctsCodec} is the protocol's codec.
 */
@NullMarked
package org.openects.codec.openects;

import org.jspecify.annotations.NullMarked;
