package org.openects.evidence.entry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The canonical encoding of an {@link AuditEntry}: one JSON object in UTF-8, the subset of RFC 8785 (JCS) that the
 * entry needs.
 *
 * <ul>
 *   <li>No whitespace between tokens. Object members sorted by name (UTF-16 code units, as JCS); names unique.
 *   <li>Strings: {@code "} and {@code \} escaped with a backslash; U+0008, U+0009, U+000A, U+000C, U+000D as
 *       {@code \b \t \n \f \r}; other code points below U+0020 as {@code \}{@code u00xx} (lowercase hex); everything
 *       else literally. Unpaired surrogates are refused when the entry is made.
 *   <li>The only number is {@code sequence}: a decimal integer without sign or leading zeros.
 *   <li>{@code time}: {@code yyyy-MM-ddTHH:mm:ss.ffffffZ}, always six fractional digits, UTC.
 *   <li>Digests: 64 lowercase hex digits. Attachments keep their order.
 *   <li>{@code "v":1} names this version of the form.
 * </ul>
 *
 * <p>For example: {@code {"action":"seal.armed","actor":"user:alice","attachments":[{"kind":"photo","sha256":"9f86…"}],
 * "details":{"seal":"S-1"},"sequence":41,"subject":{"id":"MV-2025-0001","type":"movement"},
 * "time":"2025-03-01T06:00:00.000000Z","v":1}} (on one line).
 */
public final class CanonicalJson {

    /** The version of the canonical form, written as member {@code v}. */
    public static final int VERSION = 1;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private CanonicalJson() {}

    /** The canonical bytes of {@code entry}. */
    public static byte[] encode(AuditEntry entry) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"action\":");
        string(json, entry.action());
        json.append(",\"actor\":");
        string(json, entry.actor());
        json.append(",\"attachments\":[");
        for (int i = 0; i < entry.attachments().size(); i++) {
            Attachment attachment = entry.attachments().get(i);
            json.append(i == 0 ? "" : ",").append("{\"kind\":");
            string(json, attachment.kind());
            json.append(",\"sha256\":\"").append(attachment.sha256().hex()).append("\"}");
        }
        json.append("],\"details\":{");
        boolean first = true;
        for (Map.Entry<String, String> detail : entry.details().entrySet()) {
            json.append(first ? "" : ",");
            string(json, detail.getKey());
            json.append(':');
            string(json, detail.getValue());
            first = false;
        }
        json.append("},\"sequence\":").append(entry.sequence());
        json.append(",\"subject\":{\"id\":");
        string(json, entry.subject().id());
        json.append(",\"type\":");
        string(json, entry.subject().type());
        json.append("},\"time\":\"").append(TIME.format(entry.time())).append('"');
        json.append(",\"v\":").append(VERSION).append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] SEQUENCE = ",\"sequence\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * The canonical bytes of the same entry at another position: {@code canonical} (an entry's {@link #encode
     * canonical bytes}, not checked again) with its sequence number replaced, without encoding the entry again. The
     * top-level {@code sequence} member is found by its bytes: {@code ,"sequence":} followed by a digit occurs once, as
     * detail names are followed by string values and strings hold no unescaped quote.
     *
     * @throws IllegalArgumentException when {@code canonical} has no sequence number (it is not an entry's bytes)
     */
    public static byte[] withSequence(byte[] canonical, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("negative sequence number: " + sequence);
        }
        int start = -1;
        search:
        for (int i = 0; i + SEQUENCE.length < canonical.length; i++) {
            for (int j = 0; j < SEQUENCE.length; j++) {
                if (canonical[i + j] != SEQUENCE[j]) {
                    continue search;
                }
            }
            byte next = canonical[i + SEQUENCE.length];
            if (next >= '0' && next <= '9') {
                start = i + SEQUENCE.length;
                break;
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException("not the canonical bytes of an audit entry: no sequence number");
        }
        int end = start;
        while (end < canonical.length && canonical[end] >= '0' && canonical[end] <= '9') {
            end++;
        }
        byte[] number = Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
        byte[] result = new byte[canonical.length - (end - start) + number.length];
        System.arraycopy(canonical, 0, result, 0, start);
        System.arraycopy(number, 0, result, start, number.length);
        System.arraycopy(canonical, end, result, start + number.length, canonical.length - end);
        return result;
    }

    /** The canonical time form. */
    public static String time(Instant time) {
        return TIME.format(time);
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\t' -> json.append("\\t");
                case '\n' -> json.append("\\n");
                case '\f' -> json.append("\\f");
                case '\r' -> json.append("\\r");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 15, 16));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /**
     * Refuses text that has no canonical UTF-8 form or cannot travel in XML 1.0: unpaired surrogates, control
     * characters other than tab and newline, U+FFFE and U+FFFF.
     */
    static void requireText(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate at " + i);
            } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF) {
                throw new IllegalArgumentException(
                        what + " has the control character U+%04X at %d".formatted((int) c, i));
            }
        }
    }

    /** Like {@link #requireText} and without tabs or newlines: for identifiers and kinds. */
    static void requireIdentifier(String what, String value) {
        requireText(what, value);
        if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " has a tab or newline");
        }
    }
}
