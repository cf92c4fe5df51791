package org.openects.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;

/**
 * What a protocol decoder made of one frame, whatever the protocol: reports, or a message that carries no position
 * (login, heartbeat, health, command acknowledgement), one part of a message split over several frames, or a
 * rejection with its reason. Expected failures are values, never exceptions.
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

    /** The device's answer to a command. */
    record CommandAck(
            @Nullable DeviceId deviceId,
            String command,
            boolean success,
            @Nullable String detail) implements DeviceMessage {}

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

    /** The frame was refused; the bytes are archived with this reason. */
    record Rejected(@Nullable DeviceId deviceId, RejectReason reason, String detail) implements DeviceMessage {}
}
