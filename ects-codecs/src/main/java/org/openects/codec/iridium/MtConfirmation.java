package org.openects.codec.iridium;

import java.util.Objects;
import java.util.Optional;

/**
 * The Iridium gateway's answer to one mobile-terminated message (MT confirmation element, IEI 0x44).
 *
 * @param clientMessageId the platform's number of the message it confirms (unsigned 32-bit)
 * @param imei the IMEI the message was for, as the gateway echoes it
 * @param autoIdReference the gateway's own reference for the message (unsigned 32-bit)
 * @param status at least 0: accepted, and this is the message's place in the modem's MT queue; negative: refused
 *     ({@link Status})
 */
public record MtConfirmation(long clientMessageId, String imei, long autoIdReference, int status) {

    public MtConfirmation {
        Objects.requireNonNull(imei);
    }

    /** Whether the gateway queued the message for the modem. */
    public boolean accepted() {
        return status >= 0;
    }

    /** The named refusal, when the status is one the DirectIP specification names. */
    public Optional<Status> refusal() {
        return Status.of(status);
    }

    /** What the status means, for logs and for the command's detail: "queued at position 0", "status -2 …". */
    public String describeStatus() {
        return describe(status);
    }

    /** What an MT message status means. */
    public static String describe(int status) {
        if (status >= 0) {
            return "queued at position " + status + " of the modem's MT queue";
        }
        return Status.of(status)
                .map(s -> "status " + status + " " + s.name() + ": " + s.meaning())
                .orElse("status " + status + ", which the DirectIP specification does not name");
    }

    /** The refusals the DirectIP specification names (negative MT message status). */
    public enum Status {
        INVALID_IMEI(-1, "invalid IMEI (too few characters, non-numeric)"),
        UNKNOWN_IMEI(-2, "unknown IMEI (not provisioned on the gateway)"),
        PAYLOAD_TOO_LARGE(-3, "payload size exceeded the maximum"),
        PAYLOAD_MISSING(-4, "payload expected but none received"),
        QUEUE_FULL(-5, "MT queue full (max 50)"),
        RESOURCES_UNAVAILABLE(-6, "MT resources unavailable"),
        PROTOCOL_VIOLATION(-7, "violation of the MT DirectIP protocol"),
        RING_ALERTS_DISABLED(-8, "ring alerts to the given IMEI are disabled"),
        NOT_ATTACHED(-9, "the IMEI is not attached (not set to receive ring alerts)");

        private final int code;
        private final String meaning;

        Status(int code, String meaning) {
            this.code = code;
            this.meaning = meaning;
        }

        public int code() {
            return code;
        }

        public String meaning() {
            return meaning;
        }

        /** The named refusal with this status, if any. */
        public static Optional<Status> of(int status) {
            for (Status s : values()) {
                if (s.code == status) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }
}
