package org.openects.codec.teltonika;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.RejectReason;
import org.openects.domain.Alarm;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes Teltonika TCP frames: the IMEI handshake (2-byte length and the IMEI in ASCII; the device expects
 * {@code 01} to go on, {@code 00} refuses it), which names the device for the rest of the connection, and AVL data
 * packets in Codec 8 or Codec 8 Extended, each acknowledged with its record count as a 4-byte integer. A packet
 * that arrives before any handshake is rejected as {@link RejectReason#UNKNOWN_DEVICE} and not acknowledged, so the
 * device keeps its records and sends them again (the {@code decode} command, reading a capture without its
 * handshake, names the connection's device in the {@link DecodeContext} first). Reports are {@link
 * TrustLevel#IDENTIFIED}. See {@code docs/protocols/teltonika.md}.
 */
public final class TeltonikaCodec implements FrameCodec {

    /** The protocol's name for the {@code decode} command and the listeners' configuration. */
    public static final String NAME = "teltonika";

    /** IO element ids this codec maps to typed report fields and alarms. */
    static final int IO_ODOMETER_METERS = 16;

    static final int IO_EXTERNAL_VOLTAGE_MILLIVOLTS = 66;
    static final int IO_BATTERY_PERCENT = 113;
    static final int IO_IGNITION = 239;
    static final int IO_UNPLUG = 252;
    static final int IO_GREEN_DRIVING = 253;

    private static final Logger LOG = LoggerFactory.getLogger(TeltonikaCodec.class);
    private static final byte[] ACCEPT = {1};
    private static final byte[] REFUSE = {0};
    private static final int MAX_IMEI_DIGITS = 17;
    private static final int PANIC_PRIORITY = 2;

    private final int maxFrameBytes;

    public TeltonikaCodec() {
        this(TeltonikaProtocol.MAX_FRAME_BYTES);
    }

    /** A codec that rejects frames of {@code maxFrameBytes} or more as oversized. */
    public TeltonikaCodec(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProtocolDescription description() {
        return TeltonikaProtocol.DESCRIPTION;
    }

    @Override
    public Decoded decode(byte[] frame, DecodeContext context) {
        try {
            return context.screenDeviceTimes(decodeFrame(frame, context));
        } catch (RuntimeException e) {
            LOG.warn("Teltonika decoder fault on a {}-byte frame", frame.length, e);
            return Decoded.rejected(context.sessionDevice(), RejectReason.MALFORMED, "decoder fault: " + e);
        }
    }

    /** The acknowledgement of an AVL packet: how many records the server took, as a big-endian 4-byte integer. */
    public static byte[] acknowledgement(int records) {
        return new byte[] {(byte) (records >>> 24), (byte) (records >>> 16), (byte) (records >>> 8), (byte) records};
    }

    private Decoded decodeFrame(byte[] frame, DecodeContext context) {
        if (frame.length >= maxFrameBytes) {
            return Decoded.rejected(
                    context.sessionDevice(),
                    RejectReason.OVERSIZED,
                    "frame of " + frame.length + " bytes; frames must be shorter than " + maxFrameBytes);
        }
        if (frame.length == 0) {
            return Decoded.rejected(context.sessionDevice(), RejectReason.MALFORMED, "empty frame");
        }
        if (frame.length >= 2 && frame[0] == 0 && frame[1] == 0) {
            return avlPacket(frame, context);
        }
        return handshake(frame, context);
    }

    private static Decoded handshake(byte[] frame, DecodeContext context) {
        if (frame.length < 2) {
            return Decoded.rejected(context.sessionDevice(), RejectReason.TRUNCATED, "one byte: no IMEI length");
        }
        int length = ((frame[0] & 0xff) << 8) | (frame[1] & 0xff);
        if (length > TeltonikaFrameDecoder.MAX_HANDSHAKE_LENGTH) {
            return Decoded.rejected(
                    context.sessionDevice(),
                    RejectReason.MALFORMED,
                    "bytes outside a frame (neither handshake nor AVL)");
        }
        if (length > MAX_IMEI_DIGITS) {
            return refused(context, RejectReason.MALFORMED, "not a handshake: IMEI length " + length);
        }
        if (frame.length < 2 + length) {
            return refused(
                    context,
                    RejectReason.TRUNCATED,
                    "IMEI of " + length + " digits announced, " + (frame.length - 2) + " bytes sent");
        }
        if (frame.length > 2 + length) {
            return refused(context, RejectReason.MALFORMED, (frame.length - 2 - length) + " bytes after the IMEI");
        }
        String imei = new String(frame, 2, length, StandardCharsets.ISO_8859_1);
        if (imei.isEmpty() || !imei.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return refused(context, RejectReason.MALFORMED, "IMEI is not digits only");
        }
        DeviceId device = DeviceId.of(imei);
        context.sessionDevice(device);
        return Decoded.of(new DeviceMessage.Login(device, null, "IMEI handshake"), ACCEPT);
    }

    private static Decoded refused(DecodeContext context, RejectReason reason, String detail) {
        return new Decoded(List.of(new DeviceMessage.Rejected(context.sessionDevice(), reason, detail)), REFUSE);
    }

    private static Decoded avlPacket(byte[] frame, DecodeContext context) {
        @Nullable DeviceId device = context.sessionDevice();
        return switch (AvlPacket.parse(frame)) {
            case AvlPacket.Parsed.Failure failure -> Decoded.rejected(device, failure.reason(), failure.detail());
            case AvlPacket.Parsed.Records packet -> {
                for (AvlRecord record : packet.records()) {
                    if (!GeoPosition.isValid(record.latitude(), record.longitude())) {
                        yield Decoded.rejected(
                                device,
                                RejectReason.IMPOSSIBLE_COORDINATES,
                                "record at " + record.time() + ": " + record.latitude() + ", " + record.longitude());
                    }
                }
                if (device == null) {
                    yield Decoded.rejected(null, RejectReason.UNKNOWN_DEVICE, unidentified(packet));
                }
                // A record dated outside the device time window (a u64 millisecond time can be any instant up to the
                // year 292 million) is refused on its own; the packet's other records go on. The acknowledgement
                // counts every record: the refused one is recorded, and the device must not send it again forever.
                List<Report> reports = new ArrayList<>(packet.records().size());
                List<DeviceMessage> messages = new ArrayList<>(2);
                List<DeviceMessage> refused = new ArrayList<>();
                for (AvlRecord record : packet.records()) {
                    DeviceMessage.Rejected outside = context.refuseDeviceTime(device, record.time(), "AVL record");
                    if (outside != null) {
                        refused.add(outside);
                    } else {
                        reports.add(report(device, record, context));
                    }
                }
                messages.addAll(refused);
                if (!reports.isEmpty()) {
                    messages.add(new DeviceMessage.Reports(device, reports));
                }
                yield new Decoded(messages, acknowledgement(packet.records().size()));
            }
        };
    }

    private static String unidentified(AvlPacket.Parsed.Records packet) {
        StringBuilder detail = new StringBuilder(
                        "AVL packet before any IMEI handshake on this connection, not acknowledged: ")
                .append(packet.records().size())
                .append(" record(s)");
        if (!packet.records().isEmpty()) {
            AvlRecord first = packet.records().getFirst();
            detail.append(", the first at ")
                    .append(first.time())
                    .append(' ')
                    .append(first.latitude())
                    .append(", ")
                    .append(first.longitude());
        }
        return detail.toString();
    }

    private static Report report(DeviceId device, AvlRecord record, DecodeContext context) {
        boolean located = record.latitude() != 0 || record.longitude() != 0;
        Report.Builder report = Report.builder(device, record.time())
                .receivedAt(context.receivedAt())
                .channel(context.channel())
                .trust(TrustLevel.IDENTIFIED)
                .position(
                        located ? new GeoPosition(record.latitude(), record.longitude()) : null,
                        located && record.satellites() > 0)
                .speedKmh((double) record.speedKmh())
                .courseDegrees(record.angle() <= 360 ? (double) record.angle() : null)
                .altitudeMeters((double) record.altitudeMeters())
                .satellites(record.satellites());
        Long volts = record.io().get(IO_EXTERNAL_VOLTAGE_MILLIVOLTS);
        if (volts != null) {
            report.powerVolts(volts / 1000.0);
        }
        Long battery = record.io().get(IO_BATTERY_PERCENT);
        if (battery != null && battery <= 100) {
            report.batteryPercent(battery.intValue());
        }
        Long odometer = record.io().get(IO_ODOMETER_METERS);
        if (odometer != null) {
            report.odometerKm(odometer / 1000.0);
        }
        if (record.priority() == PANIC_PRIORITY) {
            report.alarm(Alarm.SOS);
        }
        Long event = record.io().get(record.eventIo());
        if (event != null) {
            switch (record.eventIo()) {
                case IO_IGNITION -> report.alarm(event == 1 ? Alarm.IGNITION_ON : Alarm.IGNITION_OFF);
                case IO_UNPLUG -> report.alarm(event == 1 ? Alarm.POWER_CUT : Alarm.POWER_RESTORED);
                case IO_GREEN_DRIVING -> {
                    if (event != 0) {
                        report.alarm(Alarm.HARSH_DRIVING);
                    }
                }
                default -> {}
            }
        }
        return report.build();
    }
}
