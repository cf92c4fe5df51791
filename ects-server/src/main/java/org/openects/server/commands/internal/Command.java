package org.openects.server.commands.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.Instruction;
import org.openects.domain.DeviceId;

/**
 * One command as stored, and as the API and the live updates show it (without its row id and, for a rotation, the
 * wrapped key, which never leaves the platform; absent fields are left out).
 *
 * @param id its row (not shown)
 * @param deviceId the device it is for
 * @param counter its place in the device's downlink sequence (from 1, never reused)
 * @param op what it asks
 * @param intervalSeconds the reporting interval, for {@code SET_INTERVAL}
 * @param authorisation the officer's authorisation reference, for {@code UNLOCK}
 * @param authorisationCode the 32-bit reference the device receives and logs for that authorisation
 * @param wrappedKey for {@code ROTATE_KEY}: the new key wrapped under the current one, to send it again (not shown)
 * @param issuedAt when the platform issued it (whole seconds)
 * @param validUntil until when the device may carry it out
 * @param requestedBy the account that asked for it
 * @param status where it is
 * @param transport how it went out ({@code MQTT}, {@code TCP}), once sent
 * @param encoding in which encoding ({@code JSON}, {@code COMPACT}), once sent
 * @param sentAt when the broker or the connection took it
 * @param acknowledgedAt when the platform received the device's acknowledgement
 * @param deviceTime when the device acted, by its clock
 * @param ackRawMessageId the archived message that carried the acknowledgement
 * @param detail why it is not sent yet, or other remarks
 */
record Command(
        @JsonIgnore long id,
        String deviceId,
        long counter,
        CommandOp op,
        @Nullable Long intervalSeconds,
        @Nullable String authorisation,
        @Nullable Long authorisationCode,
        @JsonIgnore byte @Nullable [] wrappedKey,
        Instant issuedAt,
        Instant validUntil,
        String requestedBy,
        CommandStatus status,
        @Nullable String transport,
        @Nullable String encoding,
        @Nullable Instant sentAt,
        @Nullable Instant acknowledgedAt,
        @Nullable Instant deviceTime,
        @Nullable Long ackRawMessageId,
        @Nullable String detail) {

    /** The protocol message this command is. */
    Downlink.Command toDownlink() {
        Instruction instruction =
                switch (op) {
                    case UNLOCK -> new Instruction.Unlock(required(authorisationCode));
                    case SET_INTERVAL ->
                        new Instruction.SetReportInterval(Duration.ofSeconds(required(intervalSeconds)));
                    case PING -> new Instruction.Ping();
                    case ROTATE_KEY -> {
                        byte[] wrapped = wrappedKey;
                        if (wrapped == null) {
                            throw new IllegalStateException("rotate-key command without its wrapped key");
                        }
                        yield new Instruction.RotateKey(wrapped);
                    }
                };
        return new Downlink.Command(
                DeviceId.of(deviceId), counter, issuedAt, Duration.between(issuedAt, validUntil), instruction);
    }

    private static long required(@Nullable Long value) {
        if (value == null) {
            throw new IllegalStateException("command argument missing");
        }
        return value;
    }
}
