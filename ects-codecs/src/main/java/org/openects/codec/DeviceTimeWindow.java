package org.openects.codec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;

/**
 * How far a device's clock may be from the platform's: a reading dated more than {@link #maxFuture} after it was
 * received is {@link RejectReason#FUTURE_DATED}, one dated more than {@link #maxPast} before it is {@link
 * RejectReason#PAST_DATED} (buffered history older than any plausible gap, or a clock that was never set). Every
 * codec checks the time of each reading against the window of its {@link DecodeContext} before it builds the report,
 * so no report carries a time the platform cannot store; a reading outside the window is a recorded rejection, never
 * an exception.
 *
 * @param maxPast how long before its receipt a reading may have been taken
 * @param maxFuture how far after its receipt a device may date a reading (its clock running ahead)
 */
public record DeviceTimeWindow(Duration maxPast, Duration maxFuture) {

    /** The longest window: any time a report can hold ({@link Report#EARLIEST_TIME} to {@link Report#LATEST_TIME}). */
    public static final Duration LONGEST = Duration.between(Report.EARLIEST_TIME, Report.LATEST_TIME);

    /**
     * The codecs' window when nobody sets one (the {@code decode} command, the conformance captures, which decode a
     * frame as the device meant it whenever it was captured): any time a report can hold. The platform sets its own
     * from {@code ects.ingress.device-time.*} on every frame it decodes.
     */
    public static final DeviceTimeWindow DEFAULT = new DeviceTimeWindow(LONGEST, LONGEST);

    public DeviceTimeWindow {
        if (maxPast.isNegative() || maxFuture.isNegative()) {
            throw new IllegalArgumentException(
                    "device time window must not be negative: " + maxPast + ", " + maxFuture);
        }
        if (maxPast.compareTo(LONGEST) > 0 || maxFuture.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(
                    "device time window wider than a report can hold: " + maxPast + ", " + maxFuture);
        }
    }

    /** Null when a reading taken at {@code deviceTime} and received at {@code receivedAt} is in the window. */
    public @Nullable RejectReason check(Instant deviceTime, Instant receivedAt) {
        if (deviceTime.isAfter(receivedAt.plus(maxFuture)) || deviceTime.isAfter(Report.LATEST_TIME)) {
            return RejectReason.FUTURE_DATED;
        }
        if (deviceTime.isBefore(receivedAt.minus(maxPast)) || deviceTime.isBefore(Report.EARLIEST_TIME)) {
            return RejectReason.PAST_DATED;
        }
        return null;
    }

    /** The rejection of a reading outside the window, or {@code null} when it is in. */
    public DeviceMessage.@Nullable Rejected refuse(
            @Nullable DeviceId device, Instant deviceTime, Instant receivedAt, String what) {
        RejectReason reason = check(deviceTime, receivedAt);
        if (reason == null) {
            return null;
        }
        return new DeviceMessage.Rejected(device, reason, describe(reason, what, deviceTime, receivedAt));
    }

    private String describe(RejectReason reason, String what, Instant deviceTime, Instant receivedAt) {
        return reason == RejectReason.FUTURE_DATED
                ? what + " time " + deviceTime + " is more than " + maxFuture + " after receipt at " + receivedAt
                : what + " time " + deviceTime + " is more than " + maxPast + " before receipt at " + receivedAt;
    }

    /**
     * The decoded frame with every report outside the window taken out of its {@link DeviceMessage.Reports} and
     * recorded as a rejection of its own before it; the reply stays (the device is told the frame was taken, so that it
     * does not send the bad reading again and again). Codecs apply it to what they decoded; reports whose time never
     * left the window come back as they were.
     */
    public FrameCodec.Decoded screen(FrameCodec.Decoded decoded, Instant receivedAt) {
        List<DeviceMessage> out = null;
        List<DeviceMessage> messages = decoded.messages();
        for (int i = 0; i < messages.size(); i++) {
            DeviceMessage m = messages.get(i);
            if (!(m instanceof DeviceMessage.Reports reports) || allIn(reports, receivedAt)) {
                if (out != null) {
                    out.add(m);
                }
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(messages.subList(0, i));
            }
            List<Report> kept = new ArrayList<>();
            List<DeviceMessage> refused = new ArrayList<>();
            for (Report r : reports.reports()) {
                DeviceMessage.Rejected rejected = refuse(r.deviceId(), r.deviceTime(), receivedAt, "reading");
                if (rejected == null) {
                    kept.add(r);
                } else {
                    refused.add(rejected);
                }
            }
            out.addAll(refused);
            if (!kept.isEmpty()) {
                out.add(new DeviceMessage.Reports(reports.deviceId(), kept));
            }
        }
        return out == null ? decoded : new FrameCodec.Decoded(out, decoded.reply(), decoded.deviceReply());
    }

    private boolean allIn(DeviceMessage.Reports reports, Instant receivedAt) {
        for (Report r : reports.reports()) {
            if (check(r.deviceTime(), receivedAt) != null) {
                return false;
            }
        }
        return true;
    }
}
