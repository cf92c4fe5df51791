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
}
