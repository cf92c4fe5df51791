package org.openects.server.ingress;

/** What became of a received message. */
public enum IngressOutcome {
    /** Verified and handed to monitoring. */
    ACCEPTED,
    /** The exact bytes were already received (a broker redelivery); kept, not processed again. */
    DUPLICATE,
    /** Refused, with a reason; kept. */
    REJECTED
}
