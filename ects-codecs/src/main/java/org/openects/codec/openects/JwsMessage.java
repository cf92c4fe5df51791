package org.openects.codec.openects;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JWS compact message of the native protocol (RFC 7515, HS256 under the device key), split at its dots with its
 * header read once: {@link OpenEctsCodec} dispatches on its {@link #typ()}, and the report or message codec then
 * checks the signature and reads the payload of the same parsed message. Also signs messages for the encoders.
 *
 * <p>{@link #parse} checks, in this order: the size, the three parts, the header's base64url, that the header is one
 * JSON object whose {@code alg}, {@code kid} and {@code typ} are strings given once and that has no {@code crit}, that
 * {@code alg} is HS256, that {@code kid} is a device id and that a {@code typ} is given. A header in exactly the form
 * the report encoder writes is recognised without a JSON parser.
 *
 * <p>Per-thread scratch buffers and {@link Mac} instances keep parsing and verifying close to allocation-free.
 */
final class JwsMessage {

    static final int MAC_BYTES = 32;
    static final int SIGNATURE_CHARS = Base64Url.encodedLength(MAC_BYTES);

    private static final String HMAC = "HmacSHA256";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final byte[] REPORT_HEADER_START =
            ("{\"alg\":\"" + NativeProtocol.ALGORITHM + "\",\"kid\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPORT_HEADER_END =
            ("\",\"typ\":\"" + NativeProtocol.REPORT_TYPE + "\"}").getBytes(StandardCharsets.US_ASCII);

    private final byte[] message;
    private final int dot1;
    private final int dot2;
    private final DeviceId device;
    private final String typ;

    private JwsMessage(byte[] message, int dot1, int dot2, DeviceId device, String typ) {
        this.message = message;
        this.dot1 = dot1;
        this.dot2 = dot2;
        this.device = device;
        this.typ = typ;
    }

    /**
     * Splits {@code message} and reads its header.
     *
     * @throws Refusal when it is too long ({@link RejectReason#OVERSIZED}) or no well-formed JWS of the native
     *     protocol ({@link RejectReason#MALFORMED}, naming the {@code kid} when it is a device id)
     */
    static JwsMessage parse(byte[] message) {
        int length = message.length;
        if (length > NativeProtocol.MAX_MESSAGE_BYTES) {
            throw new Refusal(
                    RejectReason.OVERSIZED,
                    "message of " + length + " bytes exceeds " + NativeProtocol.MAX_MESSAGE_BYTES);
        }
        int dot1 = indexOfDot(message, 0);
        int dot2 = dot1 < 0 ? -1 : indexOfDot(message, dot1 + 1);
        if (dot2 < 0 || indexOfDot(message, dot2 + 1) >= 0) {
            throw new Refusal(RejectReason.MALFORMED, "not a JWS compact message of three parts");
        }
        byte[] header = scratchBuffer();
        int headerLength = Base64Url.decode(message, 0, dot1, header);
        if (headerLength < 0) {
            throw new Refusal(RejectReason.MALFORMED, "header is not base64url without padding");
        }
        String kid = canonicalReportKid(header, headerLength);
        if (kid != null) {
            return new JwsMessage(message, dot1, dot2, DeviceId.of(kid), NativeProtocol.REPORT_TYPE);
        }
        Header fields = new Header();
        String error = fields.read(header, headerLength);
        DeviceId claimed = fields.kid != null && DeviceId.isValid(fields.kid) ? DeviceId.of(fields.kid) : null;
        if (error == null && !NativeProtocol.ALGORITHM.equals(fields.alg)) {
            error = "alg must be " + NativeProtocol.ALGORITHM + ", got " + fields.alg;
        }
        if (error == null && claimed == null) {
            error = "kid must be a device id (1-64 letters, digits, '.', '-', '_')";
        }
        if (error == null && fields.typ == null) {
            error = "typ must be given (" + NativeProtocol.REPORT_TYPE + " for a report)";
        }
        if (error != null) {
            throw new Refusal(RejectReason.MALFORMED, error, claimed);
        }
        return new JwsMessage(message, dot1, dot2, claimed, fields.typ);
    }

    /** The device the header's {@code kid} names (what the message claims; proof only once verified). */
    DeviceId device() {
        return device;
    }

    /** The header's {@code typ}. */
    String typ() {
        return typ;
    }

    /** The length of the signature part, in characters. */
    int signatureLength() {
        return message.length - dot2 - 1;
    }

    /** Whether the signature part has the length of an HS256 signature in base64url. */
    boolean signatureWellFormed() {
        return signatureLength() == SIGNATURE_CHARS;
    }

    /** Whether the signature is the HS256 of header and payload under {@code key}; constant time. */
    boolean verify(byte[] key) {
        if (!signatureWellFormed()) {
            return false;
        }
        Scratch scratch = SCRATCH.get();
        scratch.sign(key, message, dot2);
        Base64Url.encode(scratch.mac, MAC_BYTES, scratch.expectedSignature, 0);
        System.arraycopy(message, dot2 + 1, scratch.actualSignature, 0, SIGNATURE_CHARS);
        return MessageDigest.isEqual(scratch.expectedSignature, scratch.actualSignature);
    }

    /**
     * Decodes the payload's base64url into {@code destination} (at least {@link NativeProtocol#MAX_MESSAGE_BYTES}
     * long).
     *
     * @return the payload's length in bytes
     * @throws Refusal when the payload is not base64url without padding
     */
    int decodePayload(byte[] destination) {
        int length = Base64Url.decode(message, dot1 + 1, dot2 - dot1 - 1, destination);
        if (length < 0) {
            throw new Refusal(RejectReason.MALFORMED, "payload is not base64url without padding", device);
        }
        return length;
    }

    /**
     * This thread's buffer of {@link NativeProtocol#MAX_MESSAGE_BYTES} bytes for a decoded header or payload; the
     * header is done with it once {@link #parse} returned.
     */
    static byte[] scratchBuffer() {
        return SCRATCH.get().json;
    }

    /**
     * Signs {@code payload} (JSON) under {@code key} with the header {@code {"alg":"HS256","kid":…,"typ":…}}.
     *
     * @return the ASCII bytes of the compact message
     */
    static byte[] sign(String typ, DeviceId kid, byte[] payload, byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        byte[] header = ("{\"alg\":\"" + NativeProtocol.ALGORITHM + "\",\"kid\":\"" + kid.value() + "\",\"typ\":\""
                        + typ + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        int signedLength = Base64Url.encodedLength(header.length) + 1 + Base64Url.encodedLength(payload.length);
        byte[] message = new byte[signedLength + 1 + SIGNATURE_CHARS];
        int at = Base64Url.encode(header, header.length, message, 0);
        message[at++] = '.';
        Base64Url.encode(payload, payload.length, message, at);
        Scratch scratch = SCRATCH.get();
        scratch.sign(key, message, signedLength);
        message[signedLength] = '.';
        Base64Url.encode(scratch.mac, MAC_BYTES, message, signedLength + 1);
        return message;
    }

    /** The kid of a report header in exactly the form the encoder writes, or {@code null} to take the general path. */
    private static @Nullable String canonicalReportKid(byte[] header, int length) {
        int kidLength = length - REPORT_HEADER_START.length - REPORT_HEADER_END.length;
        if (kidLength < 1 || kidLength > 64) {
            return null;
        }
        if (!Arrays.equals(header, 0, REPORT_HEADER_START.length, REPORT_HEADER_START, 0, REPORT_HEADER_START.length)
                || !Arrays.equals(
                        header,
                        length - REPORT_HEADER_END.length,
                        length,
                        REPORT_HEADER_END,
                        0,
                        REPORT_HEADER_END.length)) {
            return null;
        }
        for (int i = REPORT_HEADER_START.length, end = i + kidLength; i < end; i++) {
            byte b = header[i];
            boolean allowed = (b >= 'A' && b <= 'Z')
                    || (b >= 'a' && b <= 'z')
                    || (b >= '0' && b <= '9')
                    || b == '.'
                    || b == '-'
                    || b == '_';
            if (!allowed) {
                return null;
            }
        }
        return new String(header, REPORT_HEADER_START.length, kidLength, StandardCharsets.US_ASCII);
    }

    private static int indexOfDot(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '.') {
                return i;
            }
        }
        return -1;
    }

    /** The header members this decoder reads, as read by the general path. */
    private static final class Header {
        @Nullable
        String alg;

        @Nullable
        String kid;

        @Nullable
        String typ;

        /** Reads the header JSON; the reason it is unusable, or {@code null}. */
        @Nullable
        String read(byte[] json, int length) {
            try (JsonParser parser = JSON.createParser(json, 0, length)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return "header is not a JSON object";
                }
                String name;
                while ((name = parser.nextName()) != null) {
                    JsonToken token = parser.nextToken();
                    switch (name) {
                        case "alg", "kid", "typ" -> {
                            if (token != JsonToken.VALUE_STRING) {
                                return "header " + name + " must be a string";
                            }
                            String value = parser.getString();
                            String before =
                                    switch (name) {
                                        case "alg" -> alg;
                                        case "kid" -> kid;
                                        default -> typ;
                                    };
                            if (before != null) {
                                return "header " + name + " appears twice";
                            }
                            switch (name) {
                                case "alg" -> alg = value;
                                case "kid" -> kid = value;
                                default -> typ = value;
                            }
                        }
                        case "crit" -> {
                            return "header has critical extensions this decoder does not understand";
                        }
                        default -> parser.skipChildren();
                    }
                }
                if (parser.nextToken() != null) {
                    return "trailing content after the header";
                }
                return null;
            } catch (JacksonException e) {
                return "header is not valid JSON";
            }
        }
    }

    /** Per-thread buffers and MAC. */
    private static final class Scratch {
        final byte[] json = new byte[NativeProtocol.MAX_MESSAGE_BYTES];
        final byte[] mac = new byte[MAC_BYTES];
        final byte[] expectedSignature = new byte[SIGNATURE_CHARS];
        final byte[] actualSignature = new byte[SIGNATURE_CHARS];
        final Mac hmac;

        Scratch() {
            try {
                hmac = Mac.getInstance(HMAC);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + HMAC, e);
            }
        }

        void sign(byte[] key, byte[] message, int length) {
            try {
                hmac.init(new SecretKeySpec(key, HMAC));
                hmac.update(message, 0, length);
                hmac.doFinal(mac, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 failed", e);
            }
        }
    }
}
