package org.openects.domain;

/** How far a report can be trusted, from strongest to weakest. Every report carries one. */
public enum TrustLevel {
    /** Signed end to end under the device's own key and verified, with a fresh counter (the native protocol). */
    SIGNED,
    /**
     * Came over a channel that authenticated the device (a TLS client certificate, say), unsigned. The rules and the
     * screens know it, but no transport of the platform assigns it yet: a report's trust comes from its protocol.
     */
    CHANNEL_AUTHENTICATED,
    /**
     * Only identified by what it says it is (IMEI, terminal number): the legacy protocols and unsigned Iridium fixes,
     * which anyone who knows the device id could send.
     */
    IDENTIFIED
}
