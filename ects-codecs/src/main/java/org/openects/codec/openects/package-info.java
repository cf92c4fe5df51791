/** The OpenECTS native device protocol, version 0: HMAC-signed JSON reports (JWS compact, HS256) with an anti-replay counter. */
@NullMarked
package org.openects.codec.openects;

import org.jspecify.annotations.NullMarked;
