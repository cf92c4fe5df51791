package org.openects.codec.openects;

/** Why a native protocol message was not accepted. Stable names: they are stored with the archived message. */
public enum RejectReason {
    /** Not a JWS compact message, bad base64url, bad JSON, a missing or mistyped field, {@code dev} ≠ {@code kid}, an unsupported {@code alg} or {@code typ}. */
    MALFORMED,
    /** Longer than {@link NativeProtocol#MAX_MESSAGE_BYTES}; not parsed at all. */
    OVERSIZED,
    /** The key lookup knows no key for the claimed device. */
    UNKNOWN_DEVICE,
    /** The HMAC does not match the device's key: forged, altered or signed with another key. */
    BAD_SIGNATURE,
    /** Signed, but latitude or longitude is off the globe. */
    IMPOSSIBLE_COORDINATES,
    /** Signed, but the device time is further ahead of the receive time than the allowed clock skew. */
    FUTURE_DATED,
    /** Signed, but the counter was already seen or is older than the device's replay window. */
    REPLAYED_COUNTER
}
