package org.openects.codec;

/**
 * Why a received frame or message was not accepted, whatever its protocol. Stable names: they are stored with the
 * archived bytes and counted in metrics.
 */
public enum RejectReason {
    /** Not of the protocol's form: bad syntax, bad encoding, a missing or mistyped field, an unsupported version. */
    MALFORMED,
    /** Shorter than its own length field or header says. */
    TRUNCATED,
    /** Longer than the protocol's limit; not parsed at all. */
    OVERSIZED,
    /** The frame's checksum or CRC does not match its content. */
    BAD_CHECKSUM,
    /** Well formed, but a message type this platform does not handle. */
    UNSUPPORTED,
    /** The device is not registered (or, for signed protocols, no key is known for it). */
    UNKNOWN_DEVICE,
    /** The device is registered but its key was revoked: it is lost, stolen or retired. */
    REVOKED_DEVICE,
    /** The authentication tag does not match the device's key: forged, altered or signed with another key. */
    BAD_SIGNATURE,
    /** Latitude or longitude off the globe. */
    IMPOSSIBLE_COORDINATES,
    /** The device time is further ahead of the receive time than the allowed clock skew ({@code max-future}). */
    FUTURE_DATED,
    /**
     * The device time is further before the receive time than the platform keeps history for ({@code
     * ects.ingress.device-time.max-past}): a clock that was never set, or a date the device could not have meant.
     */
    PAST_DATED,
    /** The counter was already seen or is older than the device's replay window. */
    REPLAYED_COUNTER,
    /** The exact bytes were already received from this device (a redelivery). */
    DUPLICATE,
    /**
     * A message the device split over several frames never arrived whole: parts were still missing when it expired,
     * was pushed out by newer split messages, or the input ended. Its parts are archived as they came.
     */
    INCOMPLETE,
    /**
     * The device is registered for another protocol than the one the frame came in: a frame of one protocol carrying
     * the id of a device registered for another (an unsigned legacy frame naming a signing device) is not its own.
     */
    WRONG_PROTOCOL,
    /** The device is registered as signing (native protocol, Iridium native payloads) and the message is not signed. */
    UNSIGNED,
    /** The payload is not in the format the device is registered for (Iridium: T622 fixes or native messages). */
    WRONG_PAYLOAD_FORMAT,
    /** The connection came from an address the listener does not trust (Iridium DirectIP: not a gateway). */
    UNTRUSTED_SOURCE
}
