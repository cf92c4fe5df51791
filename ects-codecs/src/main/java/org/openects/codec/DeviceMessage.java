package org.openects.codec;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.AckStatus;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;

/**
 * What a protocol decoder made of one frame, whatever the protocol: reports, or a message that carries no position
 * (login, heartbeat, health, command acknowledgement, time request), one part of a message split over several frames,
 * or a rejection with its reason. Expected failures are values, never exceptions.
 */
public sealed interface DeviceMessage {

    /** The device as it identifies itself, when the frame (or its connection's login) says. */
    @Nullable
    DeviceId deviceId();

    /** One or more reports (a batch or a history burst carries several). */
    record Reports(DeviceId deviceId, List<Report> reports) implements DeviceMessage {
        public Reports {
            reports = List.copyOf(reports);
        }
    }

    /** The device announced itself on a connection. */
    record Login(
            DeviceId deviceId,
            @Nullable String firmware,
            @Nullable String detail) implements DeviceMessage {}

    /** A keep-alive with no reading. */
    record Heartbeat(@Nullable DeviceId deviceId) implements DeviceMessage {}

    /**
     * A health or status report without a position.
     *
     * @param batteryPercent the device battery, when given
     * @param powerVolts external supply voltage, when given
     * @param detail the other fields, human readable
     */
    record Health(
            @Nullable DeviceId deviceId,
            @Nullable Integer batteryPercent,
            @Nullable Double powerVolts,
            @Nullable String detail)
            implements DeviceMessage {}

    /**
     * The device's answer to a command, in a protocol that names neither its own counter nor the command's.
     *
     * @param command the command answered, as the protocol names it
     * @param answers which numbered platform message it answers, for protocols whose platform messages carry a serial
     *     (JT/T 808), or {@code null}
     */
    record CommandAck(
            @Nullable DeviceId deviceId,
            String command,
            boolean success,
            @Nullable String detail,
            @Nullable Answer answers)
            implements DeviceMessage {

        /** An answer that names no platform message. */
        public CommandAck(@Nullable DeviceId deviceId, String command, boolean success, @Nullable String detail) {
            this(deviceId, command, success, detail, null);
        }

        /**
         * The platform message an answer is for, and what the device did with it.
         *
         * @param serial the platform message's serial number (0 to 65535)
         * @param messageId the platform message's id (JT/T 808: 0x8103, 0x8201, …)
         * @param status what the device did, in the native protocol's terms
         * @param result the protocol's own result code (JT/T 808: 0 success, 1 failure, 2 message error, 3 not
         *     supported)
         * @param deviceTime when the device acted by its clock, when the answer says (a position's time), or {@code
         *     null}
         */
        public record Answer(
                int serial,
                int messageId,
                AckStatus status,
                int result,
                @Nullable Instant deviceTime) {}
    }

    /**
     * One part of a message the device split over several frames (JT/T 808 sub-packages), kept until the others
     * arrive. The frame is well formed and acknowledged; the message it belongs to is decoded (and its reports
     * come) with the frame that completes it, or ends as a {@link RejectReason#INCOMPLETE} rejection.
     *
     * @param part which part this frame is, from 1
     * @param parts how many parts the device announced
     * @param detail which message the part belongs to, human readable
     */
    record Fragment(@Nullable DeviceId deviceId, int part, int parts, String detail) implements DeviceMessage {}

    /**
     * The device's signed answer to a platform command (native protocol, section 5).
     *
     * @param counter the acknowledgement's own counter, from the device's uplink sequence: screened against replay like
     *     a report's
     * @param deviceTime when the device acted, its clock
     * @param commandCounter the counter of the command it answers (the platform's downlink sequence for the device)
     * @param status what the device did
     * @param trust {@code SIGNED} when verified; {@code IDENTIFIED} only from the inspecting codec
     */
    record CommandOutcome(
            DeviceId deviceId,
            long counter,
            Instant deviceTime,
            long commandCounter,
            AckStatus status,
            TrustLevel trust)
            implements DeviceMessage {}

    /**
     * The device asks for the platform's time (native protocol, section 8.1); the frame's reply holds the signed time
     * response.
     *
     * @param counter the request's counter, from the device's uplink sequence: screened against replay
     * @param deviceTime the device clock when it asked
     * @param trust {@code SIGNED} when verified; {@code IDENTIFIED} only from the inspecting codec
     */
    record TimeRequest(DeviceId deviceId, long counter, Instant deviceTime, TrustLevel trust)
            implements DeviceMessage {}

    /**
     * The frame was refused; the bytes are archived with this reason.
     *
     * @param received the bytes this rejection stands for when they are not the frame at hand, or {@code null} (the
     *     usual case: the frame being decoded). A split message that never got whole ({@link RejectReason#INCOMPLETE})
     *     carries the frames of the packets that did arrive, as they arrived on the wire, in packet order: what
     *     {@link FrameCodec#finish} hands back when a connection ends is archived with these bytes.
     */
    record Rejected(@Nullable DeviceId deviceId, RejectReason reason, String detail, byte @Nullable [] received)
            implements DeviceMessage {

        /** A rejection of the frame at hand. */
        public Rejected(@Nullable DeviceId deviceId, RejectReason reason, String detail) {
            this(deviceId, reason, detail, null);
        }

        // Value semantics for the bytes too (a record compares arrays by identity).
        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof Rejected r
                    && Objects.equals(deviceId, r.deviceId)
                    && reason == r.reason
                    && detail.equals(r.detail)
                    && Arrays.equals(received, r.received);
        }

        @Override
        public int hashCode() {
            return Objects.hash(deviceId, reason, detail, Arrays.hashCode(received));
        }

        @Override
        public String toString() {
            return "Rejected[deviceId=" + deviceId + ", reason=" + reason + ", detail=" + detail
                    + (received == null ? "" : ", received=" + received.length + " bytes") + "]";
        }
    }
}
