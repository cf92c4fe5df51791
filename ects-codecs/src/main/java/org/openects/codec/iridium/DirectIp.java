package org.openects.codec.iridium;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;

/**
 * The DirectIP framing of Iridium SBD mobile-originated messages: a protocol revision byte (1), the overall length
 * (2 bytes big-endian) of what follows, then information elements, each an identifier byte, a 2-byte big-endian
 * length and that many bytes. All integers are big-endian. See {@code docs/protocols/iridium-sbd.md}.
 */
public final class DirectIp {

    public static final int PROTOCOL_REVISION = 1;
    public static final int IEI_MO_HEADER = 0x01;
    public static final int IEI_MO_PAYLOAD = 0x02;
    public static final int IEI_MO_LOCATION = 0x03;
    public static final int IEI_MO_CONFIRMATION = 0x05;

    /** Revision, overall length, and the elements: header, location and the largest MO payload (1960 bytes). */
    public static final int MAX_MESSAGE_BYTES = 2048;

    static final int HEADER_ELEMENT_BYTES = 28;
    static final int LOCATION_ELEMENT_BYTES = 11;
    static final int MAX_PAYLOAD_BYTES = 1960;

    private DirectIp() {}

    /** The confirmation the gateway expects after a mobile-originated message: IEI 0x05 with status 1 or 0. */
    public static byte[] confirmation(boolean success) {
        return new byte[] {PROTOCOL_REVISION, 0, 4, IEI_MO_CONFIRMATION, 0, 1, (byte) (success ? 1 : 0)};
    }

    /** The outcome of parsing one message. */
    public sealed interface Parsed {
        record Message(DirectIpMessage message) implements Parsed {}

        /** Refused; {@code header} is the header element when it could be read before the failure. */
        record Failure(RejectReason reason, String detail, DirectIpMessage.@Nullable Header header) implements Parsed {}
    }

    /** Parses one whole message; never throws. */
    public static Parsed parse(byte[] frame) {
        if (frame.length == 0 || (frame[0] & 0xff) != PROTOCOL_REVISION) {
            return new Parsed.Failure(
                    RejectReason.MALFORMED,
                    frame.length == 0
                            ? "empty frame"
                            : String.format("protocol revision 0x%02X, expected 1", frame[0] & 0xff),
                    null);
        }
        if (frame.length < 3) {
            return new Parsed.Failure(RejectReason.TRUNCATED, "frame ends inside the overall length", null);
        }
        int overall = u16(frame, 1);
        if (3 + overall > MAX_MESSAGE_BYTES) {
            return new Parsed.Failure(
                    RejectReason.OVERSIZED, "overall length " + overall + " beyond " + (MAX_MESSAGE_BYTES - 3), null);
        }
        if (frame.length < 3 + overall) {
            return new Parsed.Failure(
                    RejectReason.TRUNCATED, "overall length " + overall + ", only " + (frame.length - 3), null);
        }
        if (frame.length > 3 + overall) {
            return new Parsed.Failure(RejectReason.MALFORMED, "bytes after the overall length", null);
        }
        DirectIpMessage.Header header = null;
        DirectIpMessage.Location location = null;
        byte[] payload = null;
        boolean seenLocation = false;
        int at = 3;
        while (at < frame.length) {
            if (frame.length - at < 3) {
                return new Parsed.Failure(RejectReason.MALFORMED, "element header cut by the overall length", header);
            }
            int iei = frame[at] & 0xff;
            int length = u16(frame, at + 1);
            int start = at + 3;
            if (length > frame.length - start) {
                return new Parsed.Failure(
                        RejectReason.MALFORMED,
                        String.format("element 0x%02X of %d bytes overruns the message", iei, length),
                        header);
            }
            at = start + length;
            switch (iei) {
                case IEI_MO_HEADER -> {
                    if (header != null || length != HEADER_ELEMENT_BYTES) {
                        return new Parsed.Failure(
                                RejectReason.MALFORMED, "header element repeated or not 28 bytes", header);
                    }
                    String imei = new String(frame, start + 4, 15, StandardCharsets.ISO_8859_1);
                    if (!imei.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        return new Parsed.Failure(RejectReason.MALFORMED, "IMEI is not 15 digits", null);
                    }
                    header = new DirectIpMessage.Header(
                            u32(frame, start),
                            imei,
                            frame[start + 19] & 0xff,
                            u16(frame, start + 20),
                            u16(frame, start + 22),
                            Instant.ofEpochSecond(u32(frame, start + 24)));
                }
                case IEI_MO_PAYLOAD -> {
                    if (payload != null || length == 0 || length > MAX_PAYLOAD_BYTES) {
                        return new Parsed.Failure(
                                RejectReason.MALFORMED, "payload element repeated, empty or over 1960 bytes", header);
                    }
                    payload = java.util.Arrays.copyOfRange(frame, start, start + length);
                }
                case IEI_MO_LOCATION -> {
                    if (seenLocation || length != LOCATION_ELEMENT_BYTES) {
                        return new Parsed.Failure(
                                RejectReason.MALFORMED, "location element repeated or not 11 bytes", header);
                    }
                    seenLocation = true;
                    location = location(frame, start);
                    if (location == null) {
                        return new Parsed.Failure(RejectReason.MALFORMED, "location element out of range", header);
                    }
                }
                default -> {
                    // elements this platform does not use (and any the gateway adds later) are skipped
                }
            }
        }
        if (header == null) {
            return new Parsed.Failure(RejectReason.MALFORMED, "no MO header element", null);
        }
        return new Parsed.Message(new DirectIpMessage(header, location, payload));
    }

    private static DirectIpMessage.@Nullable Location location(byte[] frame, int at) {
        int flags = frame[at] & 0xff;
        int latDegrees = frame[at + 1] & 0xff;
        int latMinutes = u16(frame, at + 2);
        int lonDegrees = frame[at + 4] & 0xff;
        int lonMinutes = u16(frame, at + 5);
        long cep = u32(frame, at + 7);
        if ((flags & 0x0c) != 0 || latMinutes > 59_999 || lonMinutes > 59_999) {
            return null;
        }
        double latitude = latDegrees + latMinutes / 60_000.0;
        double longitude = lonDegrees + lonMinutes / 60_000.0;
        if (latitude > 90 || longitude > 180) {
            return null;
        }
        return new DirectIpMessage.Location(
                (flags & 0x02) != 0 ? -latitude : latitude, (flags & 0x01) != 0 ? -longitude : longitude, cep);
    }

    /** Encodes a mobile-originated message as the gateway would (for tests and tools). */
    public static byte[] encode(DirectIpMessage message) {
        DirectIpMessage.Header h = message.header();
        byte[] payload = message.payload();
        DirectIpMessage.Location location = message.location();
        int overall = 3
                + HEADER_ELEMENT_BYTES
                + (location == null ? 0 : 3 + LOCATION_ELEMENT_BYTES)
                + (payload == null ? 0 : 3 + payload.length);
        byte[] out = new byte[3 + overall];
        int at = 0;
        out[at++] = PROTOCOL_REVISION;
        at = putU16(out, at, overall);
        out[at++] = IEI_MO_HEADER;
        at = putU16(out, at, HEADER_ELEMENT_BYTES);
        at = putU32(out, at, h.cdrReference());
        byte[] imei = h.imei().getBytes(StandardCharsets.US_ASCII);
        if (imei.length != 15) {
            throw new IllegalArgumentException("IMEI must have 15 digits");
        }
        System.arraycopy(imei, 0, out, at, 15);
        at += 15;
        out[at++] = (byte) h.sessionStatus();
        at = putU16(out, at, h.momsn());
        at = putU16(out, at, h.mtmsn());
        at = putU32(out, at, h.sessionTime().getEpochSecond());
        if (location != null) {
            out[at++] = IEI_MO_LOCATION;
            at = putU16(out, at, LOCATION_ELEMENT_BYTES);
            double lat = Math.abs(location.latitude());
            double lon = Math.abs(location.longitude());
            int latMilli = (int) Math.round(lat * 60_000);
            int lonMilli = (int) Math.round(lon * 60_000);
            out[at++] = (byte) ((location.latitude() < 0 ? 2 : 0) | (location.longitude() < 0 ? 1 : 0));
            out[at++] = (byte) (latMilli / 60_000);
            at = putU16(out, at, latMilli % 60_000);
            out[at++] = (byte) (lonMilli / 60_000);
            at = putU16(out, at, lonMilli % 60_000);
            at = putU32(out, at, location.cepRadiusKm());
        }
        if (payload != null) {
            out[at++] = IEI_MO_PAYLOAD;
            at = putU16(out, at, payload.length);
            System.arraycopy(payload, 0, out, at, payload.length);
        }
        return out;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    static int putU16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
        return at + 2;
    }

    static int putU32(byte[] b, int at, long value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
        return at + 4;
    }
}
