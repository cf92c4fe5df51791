package org.openects.codec.iridium;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One DirectIP mobile-terminated message as the platform sends it to the Iridium gateway: the MT header element
 * (IEI 0x41) and, unless the disposition flags ask for something else, the MT payload element (IEI 0x42).
 *
 * @param clientMessageId the platform's own number for the message (unsigned 32-bit), echoed in the confirmation
 * @param imei the modem's IMEI, 15 digits
 * @param dispositionFlags 0 for a normal message, or the {@code FLAG_} bits of {@link DirectIpMt} (unsigned 16-bit)
 * @param payload the bytes for the modem (1 to {@link DirectIpMt#MAX_PAYLOAD_BYTES}), or {@code null} for a message
 *     without payload (flush the queue, ring alert only)
 */
public record MtMessage(long clientMessageId, String imei, int dispositionFlags, byte @Nullable [] payload) {

    public MtMessage {
        Objects.requireNonNull(imei);
        payload = payload == null ? null : payload.clone();
    }

    /** A normal message (disposition flags 0) carrying {@code payload}. */
    public static MtMessage of(long clientMessageId, String imei, byte[] payload) {
        return new MtMessage(clientMessageId, imei, 0, payload);
    }

    @Override
    public byte @Nullable [] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MtMessage that
                && clientMessageId == that.clientMessageId
                && imei.equals(that.imei)
                && dispositionFlags == that.dispositionFlags
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(clientMessageId, imei, dispositionFlags) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "MtMessage[client message " + clientMessageId + ", IMEI " + imei + ", flags 0x"
                + String.format("%04X", dispositionFlags) + ", payload "
                + (payload == null ? "none" : HexFormat.of().formatHex(payload)) + "]";
    }
}
