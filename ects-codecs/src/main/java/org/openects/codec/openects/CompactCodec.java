package org.openects.codec.openects;

import static org.openects.codec.openects.CompactProtocol.ACK;
import static org.openects.codec.openects.CompactProtocol.BATCH;
import static org.openects.codec.openects.CompactProtocol.BATCH_HEADER_BYTES;
import static org.openects.codec.openects.CompactProtocol.COMMAND;
import static org.openects.codec.openects.CompactProtocol.HELLO;
import static org.openects.codec.openects.CompactProtocol.MAX_MESSAGE_BYTES;
import static org.openects.codec.openects.CompactProtocol.REPORT;
import static org.openects.codec.openects.CompactProtocol.REPORT_BYTES;
import static org.openects.codec.openects.CompactProtocol.TAG_BYTES;
import static org.openects.codec.openects.CompactProtocol.TIME_REQUEST;
import static org.openects.codec.openects.CompactProtocol.TIME_RESPONSE;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;

/**
 * Encoder and decoder of the compact binary encoding of native protocol version 1 (section 3 of {@code
 * docs/device-protocol.md}): single reports of {@value CompactProtocol#REPORT_BYTES} bytes, delta-encoded batches,
 * acknowledgements, time requests, and the downlink commands and time responses. Every signed message ends in a
 * {@value CompactProtocol#TAG_BYTES}-byte HMAC-SHA256 tag bound to the device id, which the compact form does not
 * carry: the transport names the device (MQTT topic, Iridium IMEI, a hello frame on TCP or HTTP).
 *
 * <p>{@link #decodeUplink} checks, in this order: size, type, length, that a device is named, its key, the tag
 * (constant time, before any field is interpreted), the fields, the coordinates and the device clock. It never
 * throws for bad input: it gives the {@link DeviceMessage} of the message ({@link DeviceMessage.Login} for a hello,
 * {@link DeviceMessage.Reports}, {@link DeviceMessage.CommandOutcome}, {@link DeviceMessage.TimeRequest}) or a
 * {@link DeviceMessage.Rejected} with its reason. The layout of readings is {@link CompactReports}'. Like {@link
 * NativeReportCodec}, it does not screen counters: the caller passes every counter of an accepted message through the
 * device's {@link ReplayWindow}.
 *
 * <p>Thread safe.
 */
public final class CompactCodec {

    /** The detail of the login a hello becomes. */
    static final String HELLO_DETAIL = "native protocol hello";

    static final int ACK_BYTES = 1 + 4 + 4 + 4 + 1 + TAG_BYTES;
    static final int TIME_REQUEST_BYTES = 1 + 4 + 4 + TAG_BYTES;
    static final int TIME_RESPONSE_BYTES = 1 + 4 + 4 + 2 + TAG_BYTES;
    static final int COMMAND_HEADER_BYTES = 1 + 4 + 4 + 2 + 1;

    private final DeviceKeyLookup keys;
    private final Duration maxClockAhead;
    private final boolean keyRequired;

    /** A verifying codec with the default clock allowance of {@link CompactProtocol.DEFAULT_MAX_CLOCK_AHEAD}. */
    public CompactCodec(DeviceKeyLookup keys) {
        this(keys, CompactProtocol.DEFAULT_MAX_CLOCK_AHEAD, true);
    }

    /** A verifying codec: a device without a key is {@link RejectReason#UNKNOWN_DEVICE}. */
    public CompactCodec(DeviceKeyLookup keys, Duration maxClockAhead) {
        this(keys, maxClockAhead, true);
    }

    private CompactCodec(DeviceKeyLookup keys, Duration maxClockAhead, boolean keyRequired) {
        if (maxClockAhead.isNegative()) {
            throw new IllegalArgumentException("clock skew allowance must not be negative: " + maxClockAhead);
        }
        this.keys = Objects.requireNonNull(keys);
        this.maxClockAhead = maxClockAhead;
        this.keyRequired = keyRequired;
    }

    /**
     * A codec for diagnosis (the {@code decode} command): verifies the tag when {@code keys} knows the device, and
     * otherwise reads the message without verifying it and accepts it with trust {@code IDENTIFIED}. Never for
     * ingestion.
     */
    public static CompactCodec inspecting(DeviceKeyLookup keys) {
        return new CompactCodec(keys, CompactProtocol.DEFAULT_MAX_CLOCK_AHEAD, false);
    }

    /** A codec for the signing side only (a device, the simulator, the platform's command sender). */
    public static CompactCodec signer() {
        return new CompactCodec(id -> null);
    }

    // ---------------------------------------------------------------------------------------------------- encoding

    /**
     * Encodes and signs one report as a device would, in {@value CompactProtocol#REPORT_BYTES} bytes. Sent: counter
     * (0 to 2^32-1), device time (whole seconds), position and fix, speed (whole km/h, 254 at most), course (2°
     * steps), battery, seal, lock, door, history flag and alarms.
     *
     * @throws IllegalArgumentException when the counter or time is outside the compact range, or the key is empty
     */
    public byte[] encodeReport(Report report, byte[] key) {
        return sign(CompactReports.report(report), report.deviceId(), key);
    }

    /**
     * Encodes and signs reports of one device as a batch: a shared header (count, first counter, first time), each
     * report as deltas from the one before, one tag. Counters must increase strictly.
     *
     * @throws IllegalArgumentException when the list is empty or too long, mixes devices, counters do not increase,
     *     or the batch exceeds {@value CompactProtocol#MAX_MESSAGE_BYTES} bytes
     */
    public byte[] encodeBatch(List<Report> reports, byte[] key) {
        return sign(CompactReports.batch(reports), reports.getFirst().deviceId(), key);
    }

    /** The unsigned hello that names the device on a raw TCP connection or at the start of an HTTP body. */
    public byte[] encodeHello(DeviceId device) {
        byte[] id = device.value().getBytes(StandardCharsets.US_ASCII);
        return new ByteWriter(2 + id.length).u8(HELLO).u8(id.length).bytes(id).toByteArray();
    }

    /** Encodes and signs an acknowledgement as a device would. */
    public byte[] encodeAck(Uplink.Ack ack, byte[] key) {
        ByteWriter out = new ByteWriter(ACK_BYTES)
                .u8(ACK)
                .u32(CompactReports.checkU32(ack.counter(), "counter"))
                .u32(CompactReports.secondsOf(ack.deviceTime()))
                .u32(CompactReports.checkU32(ack.commandCounter(), "command counter"))
                .u8(ack.status().ordinal());
        return sign(out, ack.deviceId(), key);
    }

    /** Encodes and signs a time request as a device would. */
    public byte[] encodeTimeRequest(Uplink.TimeRequest request, byte[] key) {
        ByteWriter out = new ByteWriter(TIME_REQUEST_BYTES)
                .u8(TIME_REQUEST)
                .u32(CompactReports.checkU32(request.counter(), "counter"))
                .u32(CompactReports.secondsOf(request.deviceTime()));
        return sign(out, request.deviceId(), key);
    }

    /** Encodes and signs a command as the platform does. */
    public byte[] encodeCommand(Downlink.Command command, byte[] key) {
        ByteWriter out = new ByteWriter(COMMAND_HEADER_BYTES + KeyWrap.WRAPPED_BYTES + TAG_BYTES)
                .u8(COMMAND)
                .u32(command.counter())
                .u32(CompactReports.secondsOf(command.issuedAt()))
                .u16((int) command.validFor().toMinutes());
        switch (command.instruction()) {
            case Instruction.Unlock unlock -> out.u8(Opcode.UNLOCK).u32(unlock.authorisation());
            case Instruction.SetReportInterval interval ->
                out.u8(Opcode.SET_INTERVAL).u32(interval.interval().getSeconds());
            case Instruction.Ping ping -> out.u8(Opcode.PING);
            case Instruction.RotateKey rotate -> out.u8(Opcode.ROTATE_KEY).bytes(rotate.wrappedKey());
        }
        return sign(out, command.deviceId(), key);
    }

    /** Encodes and signs a time response as the platform does; the platform time keeps its milliseconds. */
    public byte[] encodeTimeResponse(Downlink.TimeResponse response, byte[] key) {
        Instant time = response.platformTime();
        ByteWriter out = new ByteWriter(TIME_RESPONSE_BYTES)
                .u8(TIME_RESPONSE)
                .u32(CompactReports.checkU32(response.requestCounter(), "request counter"))
                .u32(CompactReports.secondsOf(time))
                .u16(time.getNano() / 1_000_000);
        return sign(out, response.deviceId(), key);
    }

    private static byte[] sign(ByteWriter out, DeviceId device, byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        int bodyLength = out.length();
        out.bytes(new byte[TAG_BYTES]);
        byte[] message = out.toByteArray();
        CompactMac.tag(key, device, message, bodyLength, message, bodyLength);
        return message;
    }

    // ---------------------------------------------------------------------------------------------------- decoding

    /**
     * Decodes and verifies one uplink message (hello, report, batch, acknowledgement, time request).
     *
     * @param device the device the transport names (MQTT topic, IMEI, the connection's hello), or {@code null}
     *     when it names none: then only a hello can be accepted
     * @param receivedAt when the platform received the bytes; reference for {@link RejectReason#FUTURE_DATED}
     * @param channel the bearer, recorded in the reports
     */
    public DeviceMessage decodeUplink(byte[] message, @Nullable DeviceId device, Instant receivedAt, Channel channel) {
        try {
            return decodeChecked(message, device, receivedAt, channel);
        } catch (Refusal refusal) {
            return refusal.rejection(device);
        }
    }

    private DeviceMessage decodeChecked(
            byte[] message, @Nullable DeviceId device, Instant receivedAt, Channel channel) {
        int length = message.length;
        if (length > MAX_MESSAGE_BYTES) {
            throw new Refusal(
                    RejectReason.OVERSIZED, "message of " + length + " bytes exceeds " + MAX_MESSAGE_BYTES, device);
        }
        if (length == 0) {
            throw new Refusal(RejectReason.MALFORMED, "empty message", device);
        }
        int type = message[0] & 0xff;
        int expected =
                switch (type) {
                    case REPORT -> REPORT_BYTES;
                    case ACK -> ACK_BYTES;
                    case TIME_REQUEST -> TIME_REQUEST_BYTES;
                    case BATCH -> -1;
                    case HELLO -> -2;
                    default -> 0;
                };
        if (expected == 0) {
            throw CompactProtocol.isCompactTypeByte(type)
                    ? new Refusal(RejectReason.UNSUPPORTED, "not an uplink message type: " + hex(type), device)
                    : new Refusal(RejectReason.MALFORMED, "not a compact message: first byte " + hex(type), device);
        }
        if (expected == -2) {
            return decodeHello(message);
        }
        int minimum = expected > 0 ? expected : BATCH_HEADER_BYTES + TAG_BYTES + 1;
        if (length < minimum) {
            throw new Refusal(
                    RejectReason.TRUNCATED,
                    "message type " + hex(type) + " of " + length + " bytes, needs " + minimum,
                    device);
        }
        if (expected > 0 && length != expected) {
            throw new Refusal(
                    RejectReason.MALFORMED,
                    "message type " + hex(type) + " has " + expected + " bytes, got " + length,
                    device);
        }
        if (device == null) {
            throw new Refusal(
                    RejectReason.UNKNOWN_DEVICE,
                    "a compact message does not name its device: send it under the device's MQTT topic, from its"
                            + " Iridium modem, or after a hello frame");
        }
        byte[] key = keys.keyOf(device);
        TrustLevel trust;
        if (key == null || key.length == 0) {
            if (keyRequired) {
                throw new Refusal(RejectReason.UNKNOWN_DEVICE, "no key registered for device " + device, device);
            }
            trust = TrustLevel.IDENTIFIED;
        } else {
            int bodyLength = length - TAG_BYTES;
            if (!CompactMac.verify(key, device, message, bodyLength)) {
                throw new Refusal(RejectReason.BAD_SIGNATURE, "tag does not match the key of device " + device, device);
            }
            trust = TrustLevel.SIGNED;
        }
        ByteReader in = new ByteReader(message, 1, length - TAG_BYTES);
        return switch (type) {
            case REPORT, BATCH ->
                new DeviceMessage.Reports(
                        device, CompactReports.read(type, in, device, trust, receivedAt, maxClockAhead, channel));
            case ACK -> {
                long counter = in.u32();
                Instant time = Instant.ofEpochSecond(in.u32());
                long command = in.u32();
                int status = in.u8();
                if (status >= AckStatus.values().length) {
                    throw new Refusal(RejectReason.MALFORMED, "unknown acknowledgement status " + status, device);
                }
                checkClock(time, receivedAt, device);
                yield new DeviceMessage.CommandOutcome(
                        device, counter, time, command, AckStatus.values()[status], trust);
            }
            case TIME_REQUEST -> {
                long counter = in.u32();
                Instant time = Instant.ofEpochSecond(in.u32());
                checkClock(time, receivedAt, device);
                yield new DeviceMessage.TimeRequest(device, counter, time, trust);
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        };
    }

    private void checkClock(Instant deviceTime, Instant receivedAt, DeviceId device) {
        if (deviceTime.isAfter(receivedAt.plus(maxClockAhead))) {
            throw futureDated(deviceTime, receivedAt, maxClockAhead, device);
        }
    }

    static Refusal futureDated(Instant deviceTime, Instant receivedAt, Duration maxClockAhead, DeviceId device) {
        return new Refusal(
                RejectReason.FUTURE_DATED,
                "device time " + deviceTime + " is more than " + maxClockAhead + " after receipt at " + receivedAt,
                device);
    }

    /** A hello: the device it names, as a login (unsigned, so it only says under which key what follows must verify). */
    private static DeviceMessage decodeHello(byte[] message) {
        if (message.length < 2) {
            return new DeviceMessage.Rejected(null, RejectReason.TRUNCATED, "hello without its length byte");
        }
        int idLength = message[1] & 0xff;
        if (idLength < 1 || idLength > 64) {
            return new DeviceMessage.Rejected(
                    null, RejectReason.MALFORMED, "hello device id must have 1 to 64 characters");
        }
        if (message.length < 2 + idLength) {
            return new DeviceMessage.Rejected(null, RejectReason.TRUNCATED, "hello shorter than its device id");
        }
        if (message.length > 2 + idLength) {
            return new DeviceMessage.Rejected(null, RejectReason.MALFORMED, "bytes after the hello's device id");
        }
        String id = new String(message, 2, idLength, StandardCharsets.ISO_8859_1);
        if (!DeviceId.isValid(id)) {
            return new DeviceMessage.Rejected(null, RejectReason.MALFORMED, "hello names no valid device id");
        }
        return new DeviceMessage.Login(DeviceId.of(id), null, HELLO_DETAIL);
    }

    /**
     * Decodes and verifies one downlink message as a device does (commands, time responses). The device then checks
     * a command's counter against the highest it accepted and its validity against its clock.
     */
    public static DownlinkResult decodeDownlink(byte[] message, DeviceId device, byte[] key) {
        try {
            int length = message.length;
            if (length == 0 || length > MAX_MESSAGE_BYTES) {
                return new DownlinkResult.Rejected(RejectReason.MALFORMED, "empty or oversized message");
            }
            int type = message[0] & 0xff;
            if (type != COMMAND && type != TIME_RESPONSE) {
                return new DownlinkResult.Rejected(RejectReason.UNSUPPORTED, "not a downlink type: " + hex(type));
            }
            int minimum = type == COMMAND ? COMMAND_HEADER_BYTES + TAG_BYTES : TIME_RESPONSE_BYTES;
            if (length < minimum) {
                return new DownlinkResult.Rejected(RejectReason.TRUNCATED, "message of " + length + " bytes");
            }
            if (!CompactMac.verify(key, device, message, length - TAG_BYTES)) {
                return new DownlinkResult.Rejected(RejectReason.BAD_SIGNATURE, "tag does not match the device key");
            }
            ByteReader in = new ByteReader(message, 1, length - TAG_BYTES);
            Downlink result;
            if (type == TIME_RESPONSE) {
                if (length != TIME_RESPONSE_BYTES) {
                    return new DownlinkResult.Rejected(RejectReason.MALFORMED, "time response of " + length + " bytes");
                }
                long request = in.u32();
                long seconds = in.u32();
                int millis = in.u16();
                if (millis > 999) {
                    return new DownlinkResult.Rejected(RejectReason.MALFORMED, "milliseconds beyond 999");
                }
                result =
                        new Downlink.TimeResponse(device, request, Instant.ofEpochSecond(seconds, millis * 1_000_000L));
            } else {
                long counter = in.u32();
                Instant issued = Instant.ofEpochSecond(in.u32());
                int minutes = in.u16();
                if (minutes == 0) {
                    return new DownlinkResult.Rejected(RejectReason.MALFORMED, "command valid for 0 minutes");
                }
                int opcode = in.u8();
                Instruction instruction =
                        switch (opcode) {
                            case Opcode.UNLOCK -> new Instruction.Unlock(in.u32());
                            case Opcode.SET_INTERVAL -> {
                                long seconds = in.u32();
                                if (seconds == 0) {
                                    throw new Refusal(RejectReason.MALFORMED, "reporting interval of 0 s");
                                }
                                yield new Instruction.SetReportInterval(Duration.ofSeconds(seconds));
                            }
                            case Opcode.PING -> new Instruction.Ping();
                            case Opcode.ROTATE_KEY -> new Instruction.RotateKey(in.bytes(KeyWrap.WRAPPED_BYTES));
                            default -> throw new Refusal(RejectReason.UNSUPPORTED, "unknown opcode " + opcode);
                        };
                if (in.remaining() != 0) {
                    return new DownlinkResult.Rejected(RejectReason.MALFORMED, "bytes after the command");
                }
                result = new Downlink.Command(device, counter, issued, Duration.ofMinutes(minutes), instruction);
            }
            return new DownlinkResult.Accepted(result);
        } catch (Refusal refusal) {
            return new DownlinkResult.Rejected(refusal.reason(), String.valueOf(refusal.getMessage()));
        }
    }

    private static String hex(int value) {
        return String.format("0x%02X", value);
    }

    /** Command opcodes of the compact form. */
    static final class Opcode {
        static final int UNLOCK = 1;
        static final int SET_INTERVAL = 2;
        static final int PING = 3;
        static final int ROTATE_KEY = 4;

        private Opcode() {}
    }
}
