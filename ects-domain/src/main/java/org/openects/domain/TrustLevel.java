package org.openects.domain;

/** How far a report can be trusted, from strongest to weakest. Every report carries one. */
public enum TrustLevel {
    /** Signed end to end under the device's own key and verified, with a fresh counter. */
    SIGNED,
    /** Came over a channel that authenticated the device (TLS client certificate, broker credentials), unsigned. */
    CHANNEL_AUTHENTICATED,
    /** Only identified by what it says it is (IMEI, serial): legacy protocols. */
    IDENTIFIED
}
