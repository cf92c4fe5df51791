package org.openects.codec.iridium;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The DirectIP framing of Iridium SBD mobile-terminated (MT) messages, which the platform sends to the gateway's MT
 * port: one connection, one message, one confirmation. Same framing as the mobile-originated side ({@link DirectIp}):
 * protocol revision byte 1, overall length (2 bytes big-endian) of what follows, then information elements, each an
 * identifier byte, a 2-byte big-endian length and its content.
 *
 * <ul>
 *   <li>MT header, IEI {@code 0x41}, 21 bytes: unique client message id (4), IMEI (15 ASCII digits), disposition
 *       flags (2).
 *   <li>MT payload, IEI {@code 0x42}: the bytes for the modem, at most {@link #MAX_PAYLOAD_BYTES}.
 *   <li>MT confirmation (the gateway's answer), IEI {@code 0x44}, 25 bytes: the unique client message id (4), IMEI
 *       (15), auto ID reference (4, unsigned), MT message status (2, signed: see {@link MtConfirmation}).
 * </ul>
 *
 * <p>Parsing never throws: whatever the bytes, it gives the value or a refusal with its precise reason. See {@code
 * docs/protocols/iridium-sbd.md}.
 */
public final class DirectIpMt {

    public static final int PROTOCOL_REVISION = DirectIp.PROTOCOL_REVISION;
    public static final int IEI_MT_HEADER = 0x41;
    public static final int IEI_MT_PAYLOAD = 0x42;
    public static final int IEI_MT_CONFIRMATION = 0x44;

    /** Content length of the MT header element. */
    public static final int HEADER_ELEMENT_BYTES = 21;

    /** Content length of the MT confirmation element. */
    public static final int CONFIRMATION_ELEMENT_BYTES = 25;

    /** The largest MT payload an Iridium 9602/9603 modem takes. */
    public static final int MAX_PAYLOAD_BYTES = 270;

    /** Disposition flag: flush the modem's MT queue (no payload needed). */
    public static final int FLAG_FLUSH_MT_QUEUE = 0x0001;

    /** Disposition flag: send a ring alert with no message. */
    public static final int FLAG_SEND_RING_ALERT_NO_MTM = 0x0002;

    /** Disposition flag: update the SSD location. */
    public static final int FLAG_UPDATE_SSD_LOCATION = 0x0008;

    /** Disposition flag: a high-priority message. */
    public static final int FLAG_HIGH_PRIORITY = 0x0010;

    /** Disposition flag: assign an MTMSN. */
    public static final int FLAG_ASSIGN_MTMSN = 0x0020;

    /** Revision, overall length and the confirmation element: what a gateway answers, 31 bytes. */
    public static final int CONFIRMATION_BYTES = 3 + 3 + CONFIRMATION_ELEMENT_BYTES;

    private static final long MAX_U32 = 0xffff_ffffL;

    private DirectIpMt() {}

    /** What parsing gave: the value, or why the bytes were refused. */
    public sealed interface Result<T> {

        record Parsed<T>(T value) implements Result<T> {}

        /** Refused; {@code reason} says exactly what is wrong, for the log and the caller's failure. */
        record Refused<T>(String reason) implements Result<T> {}
    }

    /**
     * Encodes a mobile-terminated message: header element, then the payload element when there is a payload.
     *
     * @throws IllegalArgumentException when the message cannot be sent as it is: an IMEI that is not 15 digits, a
     *     client message id or flags out of range, an empty payload or one over {@link #MAX_PAYLOAD_BYTES}
     */
    public static byte[] encode(MtMessage message) {
        byte[] imei = imeiBytes(message.imei());
        if (message.clientMessageId() < 0 || message.clientMessageId() > MAX_U32) {
            throw new IllegalArgumentException(
                    "client message id " + message.clientMessageId() + " is not an unsigned 32-bit number");
        }
        if (message.dispositionFlags() < 0 || message.dispositionFlags() > 0xffff) {
            throw new IllegalArgumentException(
                    "disposition flags " + message.dispositionFlags() + " are not an unsigned 16-bit number");
        }
        byte[] payload = message.payload();
        if (payload != null && (payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES)) {
            throw new IllegalArgumentException(
                    "MT payload of " + payload.length + " bytes; a 9602/9603 modem takes 1 to " + MAX_PAYLOAD_BYTES);
        }
        int overall = 3 + HEADER_ELEMENT_BYTES + (payload == null ? 0 : 3 + payload.length);
        byte[] out = new byte[3 + overall];
        int at = 0;
        out[at++] = PROTOCOL_REVISION;
        at = DirectIp.putU16(out, at, overall);
        out[at++] = IEI_MT_HEADER;
        at = DirectIp.putU16(out, at, HEADER_ELEMENT_BYTES);
        at = DirectIp.putU32(out, at, message.clientMessageId());
        System.arraycopy(imei, 0, out, at, 15);
        at += 15;
        at = DirectIp.putU16(out, at, message.dispositionFlags());
        if (payload != null) {
            out[at++] = IEI_MT_PAYLOAD;
            at = DirectIp.putU16(out, at, payload.length);
            System.arraycopy(payload, 0, out, at, payload.length);
        }
        return out;
    }

    /**
     * Parses a mobile-terminated message as the gateway reads it (tools and test doubles of the gateway). Other
     * elements than the header and the payload are skipped.
     */
    public static Result<MtMessage> parseMessage(byte[] frame) {
        Framed framed = frame(frame, "MT message");
        if (framed.refusal != null) {
            return new Result.Refused<>(framed.refusal);
        }
        Element header = null;
        Element payload = null;
        for (Element e : framed.elements) {
            if (e.iei == IEI_MT_HEADER) {
                if (header != null) {
                    return new Result.Refused<>("MT header element (0x41) repeated");
                }
                if (e.length != HEADER_ELEMENT_BYTES) {
                    return new Result.Refused<>(
                            "MT header element (0x41) of " + e.length + " bytes, expected " + HEADER_ELEMENT_BYTES);
                }
                header = e;
            } else if (e.iei == IEI_MT_PAYLOAD) {
                if (payload != null) {
                    return new Result.Refused<>("MT payload element (0x42) repeated");
                }
                if (e.length == 0 || e.length > MAX_PAYLOAD_BYTES) {
                    return new Result.Refused<>(
                            "MT payload element (0x42) of " + e.length + " bytes, expected 1 to " + MAX_PAYLOAD_BYTES);
                }
                payload = e;
            }
        }
        if (header == null) {
            return new Result.Refused<>("no MT header element (0x41); elements: " + framed.ieis());
        }
        String imei = imei(frame, header.start + 4);
        if (imei == null) {
            return new Result.Refused<>("IMEI in the MT header is not 15 digits");
        }
        return new Result.Parsed<>(new MtMessage(
                DirectIp.u32(frame, header.start),
                imei,
                DirectIp.u16(frame, header.start + 19),
                payload == null ? null : Arrays.copyOfRange(frame, payload.start, payload.start + payload.length)));
    }

    /** Encodes a confirmation as the gateway sends it (tools and test doubles of the gateway). */
    public static byte[] encodeConfirmation(MtConfirmation confirmation) {
        byte[] imei = imeiBytes(confirmation.imei());
        if (confirmation.clientMessageId() < 0 || confirmation.clientMessageId() > MAX_U32) {
            throw new IllegalArgumentException("client message id out of range: " + confirmation.clientMessageId());
        }
        if (confirmation.autoIdReference() < 0 || confirmation.autoIdReference() > MAX_U32) {
            throw new IllegalArgumentException("auto ID reference out of range: " + confirmation.autoIdReference());
        }
        if (confirmation.status() < Short.MIN_VALUE || confirmation.status() > Short.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "MT message status " + confirmation.status() + " is not a signed 16-bit number");
        }
        byte[] out = new byte[CONFIRMATION_BYTES];
        int at = 0;
        out[at++] = PROTOCOL_REVISION;
        at = DirectIp.putU16(out, at, CONFIRMATION_BYTES - 3);
        out[at++] = IEI_MT_CONFIRMATION;
        at = DirectIp.putU16(out, at, CONFIRMATION_ELEMENT_BYTES);
        at = DirectIp.putU32(out, at, confirmation.clientMessageId());
        System.arraycopy(imei, 0, out, at, 15);
        at += 15;
        at = DirectIp.putU32(out, at, confirmation.autoIdReference());
        DirectIp.putU16(out, at, confirmation.status() & 0xffff);
        return out;
    }

    /**
     * Parses the gateway's confirmation of {@code sent}: refused unless it is a well-formed confirmation for that
     * very message (same client message id, same IMEI). A refusal (negative status) parses: it is the gateway's
     * answer, read with {@link MtConfirmation#accepted()}.
     */
    public static Result<MtConfirmation> parseConfirmation(byte[] frame, MtMessage sent) {
        Result<MtConfirmation> result = parseConfirmation(frame);
        if (result instanceof Result.Parsed<MtConfirmation>(MtConfirmation c)) {
            if (c.clientMessageId() != sent.clientMessageId()) {
                return new Result.Refused<>("confirmation of client message " + c.clientMessageId() + ", expected "
                        + sent.clientMessageId());
            }
            if (!c.imei().equals(sent.imei())) {
                return new Result.Refused<>("confirmation for IMEI " + c.imei() + ", expected " + sent.imei());
            }
        }
        return result;
    }

    /** Parses a confirmation without checking which message it confirms. Other elements are skipped. */
    public static Result<MtConfirmation> parseConfirmation(byte[] frame) {
        Framed framed = frame(frame, "confirmation");
        if (framed.refusal != null) {
            return new Result.Refused<>(framed.refusal);
        }
        Element found = null;
        for (Element e : framed.elements) {
            if (e.iei == IEI_MT_CONFIRMATION) {
                if (found != null) {
                    return new Result.Refused<>("MT confirmation element (0x44) repeated");
                }
                if (e.length != CONFIRMATION_ELEMENT_BYTES) {
                    return new Result.Refused<>("MT confirmation element (0x44) of " + e.length + " bytes, expected "
                            + CONFIRMATION_ELEMENT_BYTES);
                }
                found = e;
            }
        }
        if (found == null) {
            return new Result.Refused<>("no MT confirmation element (0x44); elements: " + framed.ieis());
        }
        String imei = imei(frame, found.start + 4);
        if (imei == null) {
            return new Result.Refused<>("IMEI in the confirmation is not 15 digits");
        }
        return new Result.Parsed<>(new MtConfirmation(
                DirectIp.u32(frame, found.start), imei, DirectIp.u32(frame, found.start + 19), (short)
                        DirectIp.u16(frame, found.start + 23)));
    }

    /** One information element: its identifier and where its content lies in the frame. */
    private record Element(int iei, int start, int length) {}

    /** A frame cut into its elements, or why it could not be. */
    private record Framed(@Nullable String refusal, List<Element> elements) {

        static Framed refused(String reason) {
            return new Framed(reason, List.of());
        }

        String ieis() {
            return elements.isEmpty()
                    ? "none"
                    : String.join(
                            ", ",
                            elements.stream()
                                    .map(e -> String.format("0x%02X", e.iei))
                                    .toList());
        }
    }

    /** Checks the revision and the overall length and cuts the elements; never throws. */
    private static Framed frame(byte[] frame, String what) {
        if (frame.length == 0) {
            return Framed.refused("empty " + what);
        }
        if ((frame[0] & 0xff) != PROTOCOL_REVISION) {
            return Framed.refused(
                    String.format("%s with protocol revision 0x%02X, expected 0x01", what, frame[0] & 0xff));
        }
        if (frame.length < 3) {
            return Framed.refused(what + " of " + frame.length + " bytes ends inside its overall length");
        }
        int overall = DirectIp.u16(frame, 1);
        if (frame.length - 3 < overall) {
            return Framed.refused(
                    what + " truncated: overall length " + overall + ", only " + (frame.length - 3) + " bytes follow");
        }
        if (frame.length - 3 > overall) {
            return Framed.refused(
                    what + " longer than its overall length " + overall + ": " + (frame.length - 3) + " bytes follow");
        }
        if (overall == 0) {
            return Framed.refused(what + " without any element (overall length 0)");
        }
        List<Element> elements = new ArrayList<>(2);
        int at = 3;
        while (at < frame.length) {
            if (frame.length - at < 3) {
                return Framed.refused("element header cut by the overall length " + overall + " of the " + what);
            }
            int iei = frame[at] & 0xff;
            int length = DirectIp.u16(frame, at + 1);
            int start = at + 3;
            if (length > frame.length - start) {
                return Framed.refused(String.format(
                        "element 0x%02X announces %d bytes, only %d left in the %s",
                        iei, length, frame.length - start, what));
            }
            elements.add(new Element(iei, start, length));
            at = start + length;
        }
        return new Framed(null, elements);
    }

    private static byte[] imeiBytes(String imei) {
        if (imei.length() != 15 || !imei.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("IMEI must be 15 digits: " + imei);
        }
        return imei.getBytes(StandardCharsets.US_ASCII);
    }

    private static @Nullable String imei(byte[] frame, int at) {
        for (int i = at; i < at + 15; i++) {
            if (frame[i] < '0' || frame[i] > '9') {
                return null;
            }
        }
        return new String(frame, at, 15, StandardCharsets.US_ASCII);
    }
}
