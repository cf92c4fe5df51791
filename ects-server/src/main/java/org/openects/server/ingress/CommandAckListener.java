package org.openects.server.ingress;

import java.time.Instant;
import org.openects.codec.openects.AckStatus;
import org.openects.domain.DeviceId;

/**
 * Told of every command acknowledgement the ingest pipeline accepted — signature verified, counter screened against
 * replay — once it is archived. Called on an ingest thread: implementations return at once and do their work
 * elsewhere.
 */
@FunctionalInterface
public interface CommandAckListener {

    void acknowledged(Ack ack);

    /**
     * Told of every accepted answer of a JT/T 808 terminal to a platform message: a terminal general response (0x0001)
     * , a position query response (0x0201) or a vehicle control response (0x0500). Unsigned: the terminal is only identified by the phone number in the
     * header. Called on an ingest thread like {@link #acknowledged}.
     */
    default void answered(TerminalAck ack) {}

    /**
     * One accepted acknowledgement.
     *
     * @param commandCounter the counter of the command it answers
     * @param status what the device did
     * @param deviceTime when the device acted, its clock
     * @param receivedAt when the platform received the acknowledgement
     * @param rawMessageId the archived message that carried it
     */
    record Ack(
            DeviceId deviceId,
            long commandCounter,
            AckStatus status,
            Instant deviceTime,
            Instant receivedAt,
            long rawMessageId) {}

    /**
     * One accepted answer of a terminal that names the platform message it answers by serial (JT/T 808).
     *
     * @param serial the serial of the platform message answered
     * @param messageId the id of the platform message answered (0x8103, 0x8201, …)
     * @param status what the terminal did, in the native protocol's terms
     * @param result the terminal's own result code (0 success, 1 failure, 2 message error, 3 not supported)
     * @param deviceTime when the terminal acted by its clock (the position's time of a 0x0201 or 0x0500), else when the answer
     *     arrived
     * @param receivedAt when the platform received the answer
     * @param rawMessageId the archived message that carried it
     */
    record TerminalAck(
            DeviceId deviceId,
            int serial,
            int messageId,
            AckStatus status,
            int result,
            Instant deviceTime,
            Instant receivedAt,
            long rawMessageId) {}
}
