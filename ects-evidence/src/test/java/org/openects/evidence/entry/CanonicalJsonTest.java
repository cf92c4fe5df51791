package org.openects.evidence.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openects.evidence.Hash;

class CanonicalJsonTest {

    private static final Hash PHOTO = Hash.sha256("photo".getBytes(StandardCharsets.UTF_8));

    private static AuditEntry entry(Map<String, String> details) {
        return AuditEntry.of(
                41,
                Instant.parse("2025-03-01T06:00:00Z"),
                "user:alice",
                "seal.armed",
                new Subject("movement", "MV-2025-0001"),
                details,
                List.of(new Attachment("photo", PHOTO)));
    }

    @Test
    void anEntryEncodesAsCompactJsonWithSortedKeys() {
        String json = new String(entry(Map.of("seal", "S-1", "gate", "Malaba")).canonical(), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo("{\"action\":\"seal.armed\",\"actor\":\"user:alice\",\"attachments\":[{\"kind\":\"photo\","
                        + "\"sha256\":\"" + PHOTO.hex() + "\"}],\"details\":{\"gate\":\"Malaba\",\"seal\":\"S-1\"},"
                        + "\"sequence\":41,\"subject\":{\"id\":\"MV-2025-0001\",\"type\":\"movement\"},"
                        + "\"time\":\"2025-03-01T06:00:00.000000Z\",\"v\":1}");
    }

    @Test
    void withSequenceRenumbersTheBytesExactlyAsEncodingTheEntryAgainWould() {
        Map<String, String> tricky = Map.of(
                "sequence", "12",
                "note", ",\"sequence\":3 and \\\",\"sequence\":4",
                "z", "\\");
        for (Map<String, String> details : List.of(Map.<String, String>of(), Map.of("seal", "S-1"), tricky)) {
            AuditEntry entry = entry(details);
            for (long sequence : new long[] {0, 7, 41, 1_000_000_007L, Long.MAX_VALUE}) {
                AuditEntry moved = new AuditEntry(
                        sequence,
                        entry.time(),
                        entry.actor(),
                        entry.action(),
                        entry.subject(),
                        entry.details(),
                        entry.attachments());
                assertThat(CanonicalJson.withSequence(entry.canonical(), sequence))
                        .as("%s at %d", details, sequence)
                        .isEqualTo(moved.canonical());
            }
        }
        assertThatThrownBy(() -> CanonicalJson.withSequence("{\"a\":1}".getBytes(StandardCharsets.UTF_8), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEncodingDoesNotDependOnTheOrderDetailsWereGivenIn() {
        var first = new java.util.LinkedHashMap<String, String>();
        first.put("b", "2");
        first.put("a", "1");
        var second = new java.util.LinkedHashMap<String, String>();
        second.put("a", "1");
        second.put("b", "2");

        assertThat(entry(first).canonical()).isEqualTo(entry(second).canonical());
    }

    @Test
    void quotesBackslashesTabsAndNewlinesAreEscapedAndOtherTextIsLiteralUtf8() {
        String json = new String(
                entry(Map.of("note", "say \"hi\"\\\tnow\nMalaba – Busia \uD83D\uDE9B"))
                        .canonical(),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"note\":\"say \\\"hi\\\"\\\\\\tnow\\nMalaba – Busia \uD83D\uDE9B\"");
    }

    @Test
    void timesKeepMicrosecondsAlwaysWithSixDigitsAndDropNanoseconds() {
        AuditEntry entry = AuditEntry.of(
                0,
                Instant.parse("2025-03-01T06:00:00.123456789Z"),
                "system:test",
                "x",
                new Subject("t", "1"),
                Map.of(),
                List.of());

        assertThat(entry.time()).isEqualTo(Instant.parse("2025-03-01T06:00:00.123456Z"));
        assertThat(new String(entry.canonical(), StandardCharsets.UTF_8))
                .contains("\"time\":\"2025-03-01T06:00:00.123456Z\"");
    }

    @Test
    void textWithoutACanonicalFormIsRefused() {
        assertThatThrownBy(() -> entry(Map.of("x", "broken \uD83D")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> entry(Map.of("x", "bell \u0007")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character U+0007");
    }

    @Test
    void theLeafHashCoversTheSequenceNumber() {
        AuditEntry entry = entry(Map.of());
        AuditEntry moved = new AuditEntry(
                42, entry.time(), entry.actor(), entry.action(), entry.subject(), entry.details(), entry.attachments());

        assertThat(moved.leafHash()).isNotEqualTo(entry.leafHash());
    }
}
