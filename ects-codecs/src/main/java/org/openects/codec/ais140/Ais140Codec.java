package org.openects.codec.ais140;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.RejectReason;
import org.openects.domain.Alarm;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes AIS-140 frames, one {@code $…*} text frame at a time, whatever the vendor's header: login ({@code LGN},
 * {@code $,01,}), health ({@code HBT}, {@code $,02,}), live and history tracking packets ({@code L}/{@code H}), and
 * emergency packets ({@code EPB} with {@code EMR} or {@code SEM}). The fields are located by their content (the
 * 15-digit IMEI, the packet status, the latitude/hemisphere pair) rather than by fixed positions, because vendors
 * add, drop and reorder header fields. Checksums are verified for the vendor layouts whose algorithm the captures
 * prove ({@link Ais140Checksum}: CTPL, RLP, Roadpoint, Teltonika, CRC-32 emergency packets, numbered tracking
 * packets); a wrong one is rejected {@link RejectReason#BAD_CHECKSUM}. Other vendors' checksums are not checked (they
 * differ, and some captured ones match no algorithm). Reports are {@link TrustLevel#IDENTIFIED}. See {@code
 * docs/protocols/ais140.md}.
 */
public final class Ais140Codec implements FrameCodec {

    /** The protocol's name for the {@code decode} command and the listeners' configuration. */
    public static final String NAME = "ais140";

    private static final Logger LOG = LoggerFactory.getLogger(Ais140Codec.class);
    private static final DateTimeFormatter REPLY_TIME =
            DateTimeFormatter.ofPattern("ddMMyyyyHHmmss").withZone(ZoneOffset.UTC);
    private static final int HEADER_FIELDS_WITHOUT_IMEI = 4;

    private final int maxFrameBytes;

    public Ais140Codec() {
        this(Ais140Protocol.MAX_FRAME_BYTES);
    }

    /** A codec that rejects frames of {@code maxFrameBytes} or more as oversized. */
    public Ais140Codec(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProtocolDescription description() {
        return Ais140Protocol.DESCRIPTION;
    }

    @Override
    public Decoded decode(byte[] frame, DecodeContext context) {
        try {
            return context.screenDeviceTimes(decodeFrame(frame, context));
        } catch (RuntimeException e) {
            LOG.warn("AIS-140 decoder fault on a {}-byte frame", frame.length, e);
            return Decoded.rejected(context.sessionDevice(), RejectReason.MALFORMED, "decoder fault: " + e);
        }
    }

    private Decoded decodeFrame(byte[] frame, DecodeContext context) {
        @Nullable DeviceId session = context.sessionDevice();
        if (frame.length >= maxFrameBytes) {
            return Decoded.rejected(
                    session,
                    RejectReason.OVERSIZED,
                    "frame of " + frame.length + " bytes; frames must be shorter than " + maxFrameBytes);
        }
        int end = frame.length;
        while (end > 0 && (frame[end - 1] == '\r' || frame[end - 1] == '\n')) {
            end--;
        }
        if (end == 0) {
            return Decoded.rejected(session, RejectReason.MALFORMED, "empty frame");
        }
        if (frame[0] != '$') {
            return Decoded.rejected(session, RejectReason.MALFORMED, "bytes outside a frame (no '$' start marker)");
        }
        for (int i = 0; i < end; i++) {
            int b = frame[i] & 0xff;
            if (b < 0x20 || b > 0x7e) {
                return Decoded.rejected(
                        session,
                        RejectReason.MALFORMED,
                        "non-printable byte 0x" + Integer.toHexString(b) + " at offset " + i);
            }
        }
        String text = new String(frame, 0, end, StandardCharsets.US_ASCII);
        int star = text.indexOf('*');
        boolean terminated = star >= 0;
        Fields fields = Fields.split(text.substring(1, terminated ? star : text.length()));
        String checksum = Ais140Checksum.problem(frame, end, star);
        if (checksum != null) {
            int imei = Ais140Layout.imeiIndex(fields);
            return Decoded.rejected(
                    imei >= 0 ? DeviceId.of(fields.at(imei)) : session, RejectReason.BAD_CHECKSUM, checksum);
        }
        return decodeFields(fields, terminated, context);
    }

    private Decoded decodeFields(Fields f, boolean terminated, DecodeContext context) {
        int imei = Ais140Layout.imeiIndex(f);
        int header = imei >= 0 ? imei : Math.min(f.size(), HEADER_FIELDS_WITHOUT_IMEI);
        @Nullable DeviceId device = imei >= 0 ? DeviceId.of(f.at(imei)) : null;
        boolean commaHeader = f.at(0).isEmpty();

        if (f.indexOf(header, "LGN") >= 0) {
            byte[] reply = ("$LGN" + REPLY_TIME.format(context.receivedAt()) + "*").getBytes(StandardCharsets.US_ASCII);
            String vehicle = f.at(imei - 1).equals("LGN") ? "" : f.at(imei - 1);
            return login(f, imei, imei + 1, detail("vehicle", vehicle), context, reply);
        }
        if (commaHeader && imei == 4 && f.at(1).equals("01")) {
            byte[] reply = "$,1,*".getBytes(StandardCharsets.US_ASCII);
            return login(f, imei, 3, detail("vendor", f.at(2), "vehicle", f.at(5)), context, reply);
        }
        boolean heartbeat = f.indexOf(header, "HBT") >= 0;
        if (heartbeat || (commaHeader && imei == 4 && f.at(1).equals("02"))) {
            byte[] reply = heartbeat ? "$HBT*".getBytes(StandardCharsets.US_ASCII) : null;
            if (device == null) {
                return Decoded.of(new DeviceMessage.Heartbeat(context.sessionDevice()), reply);
            }
            return Decoded.of(health(f, imei, device), reply);
        }
        if (device == null) {
            return Decoded.rejected(
                    context.sessionDevice(),
                    terminated ? RejectReason.MALFORMED : RejectReason.TRUNCATED,
                    "no IMEI (15 digits) in the frame");
        }
        int emergency = f.indexOf(imei, "EMR", "SEM");
        if (emergency >= 0) {
            return emergency(f, imei, f.at(emergency), device, terminated, context);
        }
        if (f.at(imei - 1).equals("L") || f.at(imei - 1).equals("H")) {
            return tracking(f, imei, device, terminated, context);
        }
        int coordinates = Ais140Layout.coordinatesIndex(f, imei + 1);
        if (coordinates > imei && coordinates <= imei + 3 && f.size() <= coordinates + 5) {
            return login(f, imei, imei + 1, detail("vendor", f.at(1), "vehicle", f.at(imei - 1)), context, null);
        }
        return Decoded.rejected(
                device,
                RejectReason.UNSUPPORTED,
                "unknown AIS-140 packet (no packet status L/H before the IMEI, no login, health or emergency header)");
    }

    private static Decoded login(
            Fields f, int imei, int firmwareIndex, String detail, DecodeContext context, byte @Nullable [] reply) {
        if (imei < 0) {
            return Decoded.rejected(context.sessionDevice(), RejectReason.MALFORMED, "login without an IMEI");
        }
        DeviceId device = DeviceId.of(f.at(imei));
        context.sessionDevice(device);
        StringBuilder text = new StringBuilder(detail);
        int coordinates = Ais140Layout.coordinatesIndex(f, imei + 1);
        if (coordinates > imei) {
            text.append(text.isEmpty() ? "" : ", ")
                    .append("position ")
                    .append(f.at(coordinates))
                    .append(' ')
                    .append(f.at(coordinates + 1))
                    .append(' ')
                    .append(f.at(coordinates + 2))
                    .append(' ')
                    .append(f.at(coordinates + 3));
        }
        String firmware = f.at(firmwareIndex);
        return Decoded.of(
                new DeviceMessage.Login(device, firmware.isEmpty() ? null : firmware, text.toString()), reply);
    }

    /** "label value, label value" for the non-empty values. */
    private static String detail(String... labelsAndValues) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
            if (!labelsAndValues[i + 1].isEmpty()) {
                text.append(text.isEmpty() ? "" : ", ")
                        .append(labelsAndValues[i])
                        .append(' ')
                        .append(labelsAndValues[i + 1]);
            }
        }
        return text.toString();
    }

    /** {@code …,IMEI,battery %,low battery %,memory %,interval ignition on,interval off,inputs,outputs,analog…}. */
    private static DeviceMessage health(Fields f, int imei, DeviceId device) {
        String battery = f.at(imei + 1).replace("%", "");
        @Nullable
        Integer percent = Fields.isDigits(battery) && battery.length() <= 3 ? Integer.parseInt(battery) : null;
        if (percent != null && percent > 100) {
            percent = null;
        }
        String detail = "low battery threshold " + f.at(imei + 2)
                + " %, memory used " + f.at(imei + 3)
                + " %, interval " + f.at(imei + 4)
                + " s with ignition on, " + f.at(imei + 5)
                + " s off, inputs " + f.at(imei + 6)
                + ", outputs " + f.at(imei + 7);
        return new DeviceMessage.Health(device, percent, null, detail);
    }

    /**
     * {@code EPB,EMR|SEM,IMEI,NM|SP,datetime,A|V,lat,N,lon,E,altitude,speed,distance,G|N,vehicle,reply number}: an
     * emergency (SOS) message, or the message that stops one.
     */
    private static Decoded emergency(
            Fields f, int imei, String type, DeviceId device, boolean terminated, DecodeContext context) {
        int coordinates = Ais140Layout.coordinatesIndex(f, imei + 1);
        if (coordinates < 0) {
            return missingCoordinates(device, terminated);
        }
        Ais140Layout.Stamp stamp = Ais140Layout.stamp(f, imei + 2, coordinates);
        if (stamp.problem() != null) {
            return Decoded.rejected(device, RejectReason.MALFORMED, stamp.problem());
        }
        Instant taken = stamp.time();
        DeviceMessage.@Nullable Rejected outside =
                taken == null ? null : context.refuseDeviceTime(device, taken, "reading");
        if (outside != null) {
            return Decoded.of(outside);
        }
        @Nullable GeoPosition position = Ais140Layout.position(f, coordinates);
        if (position == null && !Ais140Layout.zeroCoordinates(f, coordinates)) {
            return impossibleCoordinates(device, f, coordinates);
        }
        int k = coordinates + 4;
        boolean valid = stamp.validFix() && !f.at(k + 3).equals("N");
        Report.Builder report = builder(device, stamp, context)
                .position(position, position != null && valid)
                .history(f.at(imei + 1).equals("SP"))
                .altitudeMeters(f.decimal(k))
                .speedKmh(f.unsignedDecimal(k + 1));
        if (type.equals("EMR")) {
            report.alarm(Alarm.SOS);
        }
        return Decoded.of(new DeviceMessage.Reports(device, List.of(report.build())));
    }

    /**
     * {@code …,packet type,alert id,L|H,IMEI,vehicle,fix,date,time,lat,N,lon,E,speed,heading,satellites,altitude,
     * PDOP,HDOP,operator,ignition,main power,main volts,battery volts,emergency,tamper,GSM,MCC,MNC,LAC,cell,
     * neighbour cells…,inputs,outputs,vendor fields…}.
     */
    private static Decoded tracking(Fields f, int imei, DeviceId device, boolean terminated, DecodeContext context) {
        int status = imei - 1;
        @Nullable Integer alertId = f.at(status - 1).length() <= 2 ? f.integer(status - 1) : null;
        String packetType = f.at(alertId != null ? status - 2 : status - 1);
        int coordinates = Ais140Layout.coordinatesIndex(f, imei + 1);
        if (coordinates < 0) {
            return missingCoordinates(device, terminated);
        }
        Ais140Layout.Stamp stamp = Ais140Layout.stamp(f, imei + 1, coordinates);
        if (stamp.problem() != null) {
            return Decoded.rejected(device, RejectReason.MALFORMED, stamp.problem());
        }
        Instant taken = stamp.time();
        DeviceMessage.@Nullable Rejected outside =
                taken == null ? null : context.refuseDeviceTime(device, taken, "reading");
        if (outside != null) {
            return Decoded.of(outside);
        }
        @Nullable GeoPosition position = Ais140Layout.position(f, coordinates);
        if (position == null && !Ais140Layout.zeroCoordinates(f, coordinates)) {
            return impossibleCoordinates(device, f, coordinates);
        }
        EnumSet<Alarm> alarms = Ais140Alert.alarms(packetType, alertId);
        int k = coordinates + 4;
        @Nullable Double course = f.unsignedDecimal(k + 1);
        Report.Builder report = builder(device, stamp, context)
                .position(position, position != null && stamp.validFix())
                .history(f.at(status).equals("H") || (alertId != null && alertId == Ais140Alert.HISTORY_UPDATE))
                .speedKmh(f.unsignedDecimal(k))
                .courseDegrees(course != null && course <= 360 ? course : null)
                .satellites(f.integer(k + 2))
                .altitudeMeters(f.decimal(k + 3))
                .powerVolts(f.unsignedDecimal(k + 9));
        if (f.at(k + 11).equals("1")) {
            alarms.add(Alarm.SOS);
        }
        String tamper = f.at(k + 12);
        boolean hasTamper = f.has(k + 12) && tamper.length() <= 1 && !Fields.isDigits(tamper);
        switch (tamper) {
            case "O" -> {
                report.door(DoorState.OPEN);
                alarms.add(Alarm.BOX_OPENED);
                alarms.add(Alarm.TAMPER);
            }
            case "C" -> report.door(DoorState.CLOSED);
            case "Y" -> alarms.add(Alarm.TAMPER);
            default -> {}
        }
        int neighbours = (hasTamper ? k + 13 : k + 12) + 5;
        int inputs = Ais140Layout.inputsIndex(f, neighbours);
        if (inputs >= 0) {
            report.odometerKm(Ais140Layout.Trailer.of(f).odometerKm(f, inputs + 2));
        }
        return Decoded.of(
                new DeviceMessage.Reports(device, List.of(report.alarms(alarms).build())));
    }

    private static Report.Builder builder(DeviceId device, Ais140Layout.Stamp stamp, DecodeContext context) {
        return Report.builder(device, stamp.time() != null ? stamp.time() : context.receivedAt())
                .receivedAt(context.receivedAt())
                .channel(context.channel())
                .trust(TrustLevel.IDENTIFIED);
    }

    private static Decoded missingCoordinates(DeviceId device, boolean terminated) {
        return Decoded.rejected(
                device,
                terminated ? RejectReason.MALFORMED : RejectReason.TRUNCATED,
                "no latitude,N|S,longitude,E|W fields");
    }

    private static Decoded impossibleCoordinates(DeviceId device, Fields f, int coordinates) {
        return Decoded.rejected(
                device,
                RejectReason.IMPOSSIBLE_COORDINATES,
                "latitude " + f.at(coordinates) + " " + f.at(coordinates + 1) + ", longitude " + f.at(coordinates + 2)
                        + " " + f.at(coordinates + 3));
    }
}
