package org.openects.codec.openects;

import java.time.Instant;
import org.openects.domain.DeviceId;

/**
 * A native protocol message from a device to the platform other than a report, as a device (the simulator, a test)
 * hands it to an encoder ({@link CompactCodec#encodeAck}, {@link JsonMessageCodec#encodeTimeRequest}, …). Decoding
 * gives {@link org.openects.codec.DeviceMessage}s instead: a {@link org.openects.codec.DeviceMessage.CommandOutcome}
 * or a {@link org.openects.codec.DeviceMessage.TimeRequest}, with how far it is trusted.
 */
public sealed interface Uplink {

    DeviceId deviceId();

    /**
     * The device's answer to the command with counter {@code commandCounter}.
     *
     * @param counter the ack's own counter, from the device's uplink sequence
     * @param deviceTime when the device acted, its clock
     */
    record Ack(DeviceId deviceId, long counter, Instant deviceTime, long commandCounter, AckStatus status)
            implements Uplink {}

    /** The device asks for the platform's time; {@code deviceTime} is its clock when it asked. */
    record TimeRequest(DeviceId deviceId, long counter, Instant deviceTime) implements Uplink {}
}
