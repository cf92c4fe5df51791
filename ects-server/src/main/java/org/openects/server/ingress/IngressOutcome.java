package org.openects.server.ingress;

/** What became of a received message; the message is archived whatever its outcome. */
public enum IngressOutcome {
    /**
     * Admitted, at least in part (a batch or packet may have some records refused): its reports went to monitoring.
     * Verified when its protocol signs; a legacy protocol's message is only identified by the id it claims.
     */
    ACCEPTED,
    /**
     * Nothing new: every reading it carries was received already (a legacy device or unsigned fix sending its history
     * again, reason {@code DUPLICATE}). A signed message received again is {@link #REJECTED} as a replayed counter.
     */
    DUPLICATE,
    /** Refused, with a reason. */
    REJECTED
}
