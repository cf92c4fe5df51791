package org.openects.codec.jt808;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.RejectReason;
import org.openects.codec.openects.AckStatus;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JT/T 808 ({@code jt808}), 2013 and 2019 headers: registration 0x0100 (answered 0x8100), authentication 0x0102,
 * heartbeat 0x0002, location 0x0200 and batch 0x0704 (answered with the general response 0x8001), terminal general
 * response 0x0001 (a command acknowledgement naming the platform serial and message it answers), position query
 * response 0x0201 (that acknowledgement for a 0x8201, then the position as a report; answered 0x8001), vehicle
 * control response 0x0500 (likewise, for a 0x8500), and Jointech's e-seal reports 0x5501 (live) and 0x5502 (buffered),
 * answered with Jointech's short acknowledgement 0x4401 when they ask for it. Sub-packaged messages (properties bit
 * 13) are put back together per connection, within {@link SubPackageLimits}: each packet is answered 0x8001 and
 * comes back as a {@link DeviceMessage.Fragment} until the last one, which brings the whole message's reports. The
 * codec itself is stateless and thread safe (the packets wait in the connection's {@link DecodeContext}); replies
 * carry platform serial 0. The platform's commands are encoded by {@link Jt808Commands}.
 */
public final class Jt808Codec implements FrameCodec {

    /** The protocol's name for the {@code decode} command and the listener configuration. */
    public static final String NAME = "jt808";

    /** Longer frames are cut by the frame decoder and rejected; the longest legal escaped frame is 2,084 bytes. */
    public static final int MAX_FRAME_BYTES = 4096;

    /** The clock of JT/T 808 BCD times: Beijing time, as the standard prescribes. */
    public static final ZoneOffset STANDARD_CLOCK = ZoneOffset.ofHours(8);

    static final int TERMINAL_RESPONSE = 0x0001;
    static final int HEARTBEAT = 0x0002;
    static final int REGISTRATION = 0x0100;
    static final int AUTHENTICATION = 0x0102;
    static final int LOCATION = 0x0200;
    static final int LOCATION_QUERY_RESPONSE = 0x0201;
    static final int VEHICLE_CONTROL_RESPONSE = 0x0500;
    static final int LOCATION_BATCH = 0x0704;
    static final int JOINTECH_LIVE = 0x5501;
    static final int JOINTECH_HISTORY = 0x5502;
    static final int PLATFORM_RESPONSE = 0x8001;
    static final int REGISTRATION_RESPONSE = 0x8100;
    static final int JOINTECH_RESPONSE = 0x4401;

    static final int RESULT_SUCCESS = 0;
    static final int RESULT_MESSAGE_ERROR = 2;
    static final int RESULT_NOT_SUPPORTED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Jt808Codec.class);

    private final ZoneOffset clock;
    private final SubPackageLimits limits;

    /** A codec reading 0x0200 times on Beijing time, as the standard says. */
    public Jt808Codec() {
        this(STANDARD_CLOCK);
    }

    /** A codec reading 0x0200 / 0x0704 times on {@code clock} (devices configured for UTC send UTC). */
    public Jt808Codec(ZoneOffset clock) {
        this(clock, SubPackageLimits.DEFAULTS);
    }

    /** A codec reading times on {@code clock} that holds sub-packaged messages within {@code limits}. */
    public Jt808Codec(ZoneOffset clock, SubPackageLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProtocolDescription description() {
        return Jt808Protocol.DESCRIPTION;
    }

    @Override
    public Decoded decode(byte[] frame, DecodeContext context) {
        Jt808Reassembler reassembler = context.stateIfPresent(Jt808Reassembler.class);
        if (reassembler != null) {
            reassembler.expire(context.receivedAt());
        }
        Decoded decoded;
        try {
            decoded = decodeFrame(frame, context);
        } catch (Jt808Reject e) {
            DeviceId device = e.device() != null ? e.device() : context.sessionDevice();
            decoded = Decoded.rejected(device, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("JT/T 808 decoder fault on a {}-byte frame", frame.length, e);
            decoded = Decoded.rejected(context.sessionDevice(), RejectReason.MALFORMED, "decoder fault: " + e);
        }
        reassembler = context.stateIfPresent(Jt808Reassembler.class);
        if (reassembler != null && reassembler.hasNotices()) {
            List<DeviceMessage> messages = new ArrayList<>(reassembler.takeNotices());
            messages.addAll(decoded.messages());
            decoded = new Decoded(messages, decoded.reply());
        }
        return context.screenDeviceTimes(decoded);
    }

    /**
     * The split messages still waiting on this connection, rejected {@code INCOMPLETE}, each with the frames of its
     * packets that arrived.
     */
    @Override
    public List<DeviceMessage> finish(DecodeContext context) {
        Jt808Reassembler reassembler = context.stateIfPresent(Jt808Reassembler.class);
        return reassembler == null ? List.of() : reassembler.drain("the connection or input ended");
    }

    private Decoded decodeFrame(byte[] frame, DecodeContext context) {
        if (frame.length == 0) {
            throw new Jt808Reject(RejectReason.MALFORMED, "empty frame");
        }
        if (frame.length > MAX_FRAME_BYTES
                || (frame.length == MAX_FRAME_BYTES && (frame[frame.length - 1] & 0xff) != Jt808Wire.DELIMITER)) {
            throw new Jt808Reject(RejectReason.OVERSIZED, "no frame end within " + MAX_FRAME_BYTES + " bytes");
        }
        if ((frame[0] & 0xff) != Jt808Wire.DELIMITER) {
            throw new Jt808Reject(RejectReason.MALFORMED, "bytes that do not start with 0x7e");
        }
        if (frame.length < 2 || (frame[frame.length - 1] & 0xff) != Jt808Wire.DELIMITER) {
            throw new Jt808Reject(RejectReason.TRUNCATED, "frame does not end with 0x7e");
        }
        byte[] m = Jt808Wire.unescape(frame);
        if (m == null) {
            throw new Jt808Reject(RejectReason.MALFORMED, "bad 0x7d escape or a bare 0x7e inside the frame");
        }
        if (m.length < 2) {
            throw new Jt808Reject(RejectReason.TRUNCATED, "frame of " + m.length + " bytes between delimiters");
        }
        Jt808Header header = header(m);
        if (Jt808Wire.xor(m, 0, m.length - 1) != (m[m.length - 1] & 0xff)) {
            throw new Jt808Reject(RejectReason.BAD_CHECKSUM, header.device(), "check code does not match");
        }
        if (header.encryption() != 0) {
            return reject(header, RejectReason.UNSUPPORTED, "encrypted body", RESULT_NOT_SUPPORTED);
        }
        if (header.packets() > 1) {
            return subPackage(header, m, context);
        }
        return dispatch(header, m, header, context);
    }

    /** One packet of a split message: kept (a fragment), or the packet that makes the message whole. */
    private Decoded subPackage(Jt808Header header, byte[] m, DecodeContext context) {
        String packet = "sub-package " + header.packet() + " of " + header.packets();
        if (header.packet() < 1 || header.packet() > header.packets()) {
            return reject(header, RejectReason.MALFORMED, packet + ": no such packet number", RESULT_MESSAGE_ERROR);
        }
        if (!reassembled(header.messageId())) {
            return reject(
                    header,
                    RejectReason.UNSUPPORTED,
                    packet
                            + String.format(
                                    " of message 0x%04X, which is not decoded; its packets are not kept",
                                    header.messageId()),
                    RESULT_NOT_SUPPORTED);
        }
        if (header.packets() > limits.maxPackets()) {
            return reject(
                    header,
                    RejectReason.OVERSIZED,
                    packet + ": messages of more than " + limits.maxPackets() + " packets are not kept",
                    RESULT_NOT_SUPPORTED);
        }
        Jt808Reassembler reassembler = context.state(Jt808Reassembler.class, () -> new Jt808Reassembler(limits));
        return switch (reassembler.offer(header, m, context.receivedAt())) {
            case Jt808Reassembler.Offer.Kept kept ->
                Decoded.of(
                        new DeviceMessage.Fragment(
                                header.device(),
                                header.packet(),
                                header.packets(),
                                packet + " of " + kept.key() + "; " + kept.missing() + " to come"),
                        generalResponse(header, RESULT_SUCCESS));
            case Jt808Reassembler.Offer.Repeated repeated ->
                Decoded.of(
                        new DeviceMessage.Rejected(
                                header.device(),
                                RejectReason.DUPLICATE,
                                packet + " of " + repeated.key() + " received again"),
                        generalResponse(header, RESULT_SUCCESS));
            case Jt808Reassembler.Offer.Conflicting conflicting ->
                reject(
                        header,
                        RejectReason.MALFORMED,
                        packet + " of " + conflicting.key() + " received again with another body; the first is kept",
                        RESULT_MESSAGE_ERROR);
            case Jt808Reassembler.Offer.TooLarge tooLarge ->
                reject(header, RejectReason.OVERSIZED, tooLarge.detail(), RESULT_NOT_SUPPORTED);
            case Jt808Reassembler.Offer.Whole whole -> dispatch(whole.header(), whole.message(), header, context);
        };
    }

    /** The messages worth putting together: those the codec decodes (Jointech's are never split). */
    private static boolean reassembled(int messageId) {
        return switch (messageId) {
            case HEARTBEAT,
                    REGISTRATION,
                    AUTHENTICATION,
                    LOCATION,
                    LOCATION_QUERY_RESPONSE,
                    LOCATION_BATCH,
                    TERMINAL_RESPONSE -> true;
            default -> false;
        };
    }

    /**
     * Decodes a whole message {@code m} whose body {@code header} locates; replies go to the packet {@code replyTo}
     * (the message itself, or the packet that completed it).
     */
    private Decoded dispatch(Jt808Header header, byte[] m, Jt808Header replyTo, DecodeContext context) {
        DeviceId device = header.device();
        int at = header.bodyOffset();
        int length = header.bodyLength();
        return switch (header.messageId()) {
            case HEARTBEAT -> Decoded.of(new DeviceMessage.Heartbeat(device), generalResponse(replyTo, RESULT_SUCCESS));
            case REGISTRATION -> {
                context.sessionDevice(device);
                yield Decoded.of(
                        new DeviceMessage.Login(device, null, registration(m, header)), registrationResponse(replyTo));
            }
            case AUTHENTICATION -> {
                context.sessionDevice(device);
                yield Decoded.of(
                        new DeviceMessage.Login(device, null, "authentication"),
                        generalResponse(replyTo, RESULT_SUCCESS));
            }
            case LOCATION ->
                Decoded.of(
                        new DeviceMessage.Reports(
                                device, List.of(Jt808Bodies.location(device, m, at, length, clock, false, context))),
                        generalResponse(replyTo, RESULT_SUCCESS));
            case LOCATION_BATCH ->
                Decoded.of(
                        new DeviceMessage.Reports(device, batch(device, m, at, length, context)),
                        generalResponse(replyTo, RESULT_SUCCESS));
            case JOINTECH_LIVE, JOINTECH_HISTORY ->
                Decoded.of(
                        new DeviceMessage.Reports(
                                device,
                                List.of(Jt808Bodies.jointech(
                                        device, m, at, length, header.messageId() == JOINTECH_HISTORY, context))),
                        header.jointechAcknowledgementWanted() ? jointechResponse(header) : null);
            case TERMINAL_RESPONSE -> {
                if (length < 5) {
                    throw new Jt808Reject(RejectReason.TRUNCATED, device, "terminal response needs 5 bytes");
                }
                int serial = Jt808Wire.u16(m, at);
                int answered = Jt808Wire.u16(m, at + 2);
                int result = Jt808Wire.u8(m, at + 4);
                yield Decoded.of(new DeviceMessage.CommandAck(
                        device,
                        String.format("0x%04X", answered),
                        result == RESULT_SUCCESS,
                        "serial " + serial + ", result " + result,
                        new DeviceMessage.CommandAck.Answer(serial, answered, ackStatus(result), result, null)));
            }
            case LOCATION_QUERY_RESPONSE, VEHICLE_CONTROL_RESPONSE -> {
                boolean query = header.messageId() == LOCATION_QUERY_RESPONSE;
                String what = query ? "position query response" : "vehicle control response";
                int platformMessage = query ? Jt808Commands.POSITION_QUERY : Jt808Commands.VEHICLE_CONTROL;
                if (length < 2) {
                    throw new Jt808Reject(RejectReason.TRUNCATED, device, what + " needs a response serial");
                }
                int serial = Jt808Wire.u16(m, at);
                Report report = Jt808Bodies.location(device, m, at + 2, length - 2, clock, false, context);
                // The answer first: the frame's kind is that of its last message, a report.
                yield new Decoded(
                        List.of(
                                new DeviceMessage.CommandAck(
                                        device,
                                        String.format("0x%04X", platformMessage),
                                        true,
                                        what + " to serial " + serial,
                                        new DeviceMessage.CommandAck.Answer(
                                                serial,
                                                platformMessage,
                                                AckStatus.DONE,
                                                RESULT_SUCCESS,
                                                report.deviceTime())),
                                new DeviceMessage.Reports(device, List.of(report))),
                        generalResponse(replyTo, RESULT_SUCCESS));
            }
            default ->
                reject(
                        replyTo,
                        RejectReason.UNSUPPORTED,
                        String.format("message 0x%04X", header.messageId()),
                        RESULT_NOT_SUPPORTED);
        };
    }

    /**
     * A terminal general response's result in the native protocol's terms: 0 success {@code DONE}, 1 failure and 2
     * message error {@code FAILED}, 3 not supported {@code UNSUPPORTED}; any other value {@code FAILED}.
     */
    static AckStatus ackStatus(int result) {
        return switch (result) {
            case RESULT_SUCCESS -> AckStatus.DONE;
            case RESULT_NOT_SUPPORTED -> AckStatus.UNSUPPORTED;
            default -> AckStatus.FAILED;
        };
    }

    private static Decoded reject(Jt808Header header, RejectReason reason, String detail, int result) {
        return Decoded.of(new DeviceMessage.Rejected(header.device(), reason, detail), generalResponse(header, result));
    }

    /** Reads and checks the header of an unescaped message (check code still at its end). */
    static Jt808Header header(byte[] m) {
        if (m.length < 5) {
            throw new Jt808Reject(RejectReason.TRUNCATED, "message of " + m.length + " bytes has no header");
        }
        int id = Jt808Wire.u16(m, 0);
        int properties = Jt808Wire.u16(m, 2);
        boolean jointech = Jt808Header.isJointech(id);
        boolean v2019 = !jointech && (properties & Jt808Header.VERSION_2019) != 0;
        boolean split = !jointech && (properties & Jt808Header.SPLIT) != 0;
        int version = v2019 ? Jt808Wire.u8(m, 4) : -1;
        int phoneAt = v2019 ? 5 : 4;
        int phoneBytes = v2019 ? 10 : 6;
        int serialBytes = jointech ? 1 : 2;
        int bodyAt = phoneAt + phoneBytes + serialBytes + (split ? 4 : 0);
        if (m.length - 1 < bodyAt) {
            throw new Jt808Reject(RejectReason.TRUNCATED, "message of " + m.length + " bytes, header needs " + bodyAt);
        }
        String digits = Jt808Wire.bcd(m, phoneAt, phoneBytes);
        if (digits == null) {
            throw new Jt808Reject(RejectReason.MALFORMED, "terminal phone number is not BCD");
        }
        DeviceId device = DeviceId.of(digits);
        byte[] phone = new byte[phoneBytes];
        System.arraycopy(m, phoneAt, phone, 0, phoneBytes);
        int serialAt = phoneAt + phoneBytes;
        int serial = jointech ? Jt808Wire.u8(m, serialAt) : Jt808Wire.u16(m, serialAt);
        int packets = split ? Jt808Wire.u16(m, serialAt + 2) : 1;
        int packet = split ? Jt808Wire.u16(m, serialAt + 4) : 1;
        int length = properties & Jt808Header.LENGTH_MASK;
        int actual = m.length - 1 - bodyAt;
        if (actual < length) {
            throw new Jt808Reject(
                    RejectReason.TRUNCATED, device, "body of " + actual + " bytes, header says " + length);
        }
        if (actual > length) {
            throw new Jt808Reject(
                    RejectReason.MALFORMED, device, "body of " + actual + " bytes, header says " + length);
        }
        return new Jt808Header(id, properties, version, phone, device, serial, packets, packet, bodyAt, length);
    }

    private List<Report> batch(DeviceId device, byte[] m, int at, int length, DecodeContext context) {
        if (length < 3) {
            throw new Jt808Reject(RejectReason.TRUNCATED, device, "batch body needs a count and a type");
        }
        int count = Jt808Wire.u16(m, at);
        boolean history = Jt808Wire.u8(m, at + 2) == 1;
        int end = at + length;
        int p = at + 3;
        List<Report> reports = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            if (p + 2 > end) {
                throw new Jt808Reject(RejectReason.TRUNCATED, device, "batch holds fewer than " + count + " items");
            }
            int size = Jt808Wire.u16(m, p);
            if (p + 2 + size > end) {
                throw new Jt808Reject(RejectReason.TRUNCATED, device, "batch item " + (i + 1) + " runs past the body");
            }
            reports.add(Jt808Bodies.location(device, m, p + 2, size, clock, history, context));
            p += 2 + size;
        }
        if (reports.isEmpty()) {
            throw new Jt808Reject(RejectReason.MALFORMED, device, "batch of no locations");
        }
        return reports;
    }

    /** The readable part of a registration body: manufacturer, model, terminal id and plate. */
    private static String registration(byte[] m, Jt808Header header) {
        int at = header.bodyOffset();
        int length = header.bodyLength();
        boolean v2019 = header.is2019();
        int manufacturer = v2019 ? 11 : 5;
        int model = v2019 ? 30 : 20;
        int terminal = v2019 ? 30 : 7;
        int fixed = 4 + manufacturer + model + terminal + 1;
        if (length < fixed) {
            return "registration";
        }
        int p = at + 4;
        String text = "registration: manufacturer " + text(m, p, manufacturer);
        p += manufacturer;
        text += ", model " + text(m, p, model);
        p += model;
        text += ", terminal " + text(m, p, terminal);
        p += terminal + 1;
        String plate = text(m, p, at + length - p);
        return plate.isEmpty() ? text : text + ", plate " + plate;
    }

    /** Printable ASCII of a fixed-width field, padding (NUL, spaces) trimmed; other bytes as '?'. */
    private static String text(byte[] m, int at, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = at; i < at + length; i++) {
            int c = m[i] & 0xff;
            if (c != 0) {
                s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
            }
        }
        return s.toString().strip();
    }

    /** 0x8001: the device's serial and message id, and the result. */
    static byte[] generalResponse(Jt808Header to, int result) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(5);
        word(body, to.serial());
        word(body, to.messageId());
        body.write(result);
        return message(PLATFORM_RESPONSE, to, body.toByteArray());
    }

    /** 0x8100: the device's serial, success, and an authentication code (the terminal's phone digits). */
    static byte[] registrationResponse(Jt808Header to) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(16);
        word(body, to.serial());
        body.write(RESULT_SUCCESS);
        body.writeBytes(to.device().value().getBytes(StandardCharsets.US_ASCII));
        return message(REGISTRATION_RESPONSE, to, body.toByteArray());
    }

    /** Jointech's 0x4401: 2013 header with a one-byte serial 1, body = message id acknowledged and result 0. */
    static byte[] jointechResponse(Jt808Header to) {
        ByteArrayOutputStream m = new ByteArrayOutputStream(16);
        word(m, JOINTECH_RESPONSE);
        word(m, 3);
        m.writeBytes(to.phone());
        m.write(1);
        word(m, to.messageId());
        m.write(RESULT_SUCCESS);
        return Jt808Wire.frame(m.toByteArray());
    }

    /** A platform message to the device that sent {@code to}, in the same header version, with serial 0. */
    static byte[] message(int id, Jt808Header to, byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream(body.length + 20);
        word(m, id);
        word(m, body.length | (to.is2019() ? 0x4000 : 0));
        if (to.is2019()) {
            m.write(to.protocolVersion());
        }
        m.writeBytes(to.phone());
        word(m, 0);
        m.writeBytes(body);
        return Jt808Wire.frame(m.toByteArray());
    }

    private static void word(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8 & 0xff);
        out.write(value & 0xff);
    }
}
