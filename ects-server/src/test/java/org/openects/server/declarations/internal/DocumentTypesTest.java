package org.openects.server.declarations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.customs.CustomsReferenceException;

/** The configured document types: each reference rule, and the entries refused at start. */
class DocumentTypesTest {

    @Test
    void anMrnTypeUsesTheMrnRulesAndAPatternTypeItsPattern() {
        DocumentTypes types = types(
                entry("MRN", "MRN", null, Duration.ofDays(30)),
                entry("SHIPPING_BILL", "PATTERN", "[0-9]{7}", Duration.ofDays(30)));

        assertThat(types.find("MRN").orElseThrow().normalise(" 06de586600006143e1 "))
                .isEqualTo("06DE586600006143E1");
        assertThatThrownBy(() -> types.find("MRN").orElseThrow().normalise("06DE586600006143E2"))
                .isInstanceOfSatisfying(CustomsReferenceException.class, e -> assertThat(e.rule())
                        .isEqualTo("mrn.check-character"));
        assertThat(types.find("SHIPPING_BILL").orElseThrow().normalise(" 1234567 "))
                .isEqualTo("1234567");
        assertThatThrownBy(() -> types.find("SHIPPING_BILL").orElseThrow().normalise("123456"))
                .isInstanceOfSatisfying(CustomsReferenceException.class, e -> assertThat(e.rule())
                        .isEqualTo(DocumentType.REFERENCE_FORMAT));
        assertThat(types.all()).extracting(DocumentType::code).containsExactly("MRN", "SHIPPING_BILL");
        assertThat(types.find("PLP")).isEmpty();
    }

    @Test
    void badEntriesStopTheStartNamingThem() {
        assertThatThrownBy(() -> types(entry("mrn", "MRN", null, Duration.ofDays(1))))
                .hasMessageContaining("code");
        assertThatThrownBy(() ->
                        types(entry("A", "MRN", null, Duration.ofDays(1)), entry("A", "MRN", null, Duration.ofDays(1))))
                .hasMessageContaining("code A twice");
        assertThatThrownBy(() -> types(entry("A", "PATTERN", null, Duration.ofDays(1))))
                .hasMessageContaining("reference-pattern");
        assertThatThrownBy(() -> types(entry("A", "PATTERN", "[0-9", Duration.ofDays(1))))
                .hasMessageContaining("not a regular expression");
        assertThatThrownBy(() -> types(entry("A", "ISO", null, Duration.ofDays(1))))
                .hasMessageContaining("MRN or PATTERN");
        assertThatThrownBy(() -> types(entry("A", "MRN", null, Duration.ZERO))).hasMessageContaining("validity");
    }

    private static ProcedureProperties.DocumentTypeEntry entry(
            String code, String rule, String pattern, Duration validity) {
        return new ProcedureProperties.DocumentTypeEntry(code, code + " document", rule, pattern, null, validity, true);
    }

    private static DocumentTypes types(ProcedureProperties.DocumentTypeEntry... entries) {
        return new DocumentTypes(new ProcedureProperties(
                List.of(entries),
                new ProcedureProperties.SealRequests(
                        new ProcedureProperties.AutoApprove(false, List.of(), List.of()))));
    }
}
