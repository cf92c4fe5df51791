package org.openects.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventTypeTest {

    @ParameterizedTest(name = "{0} raises an alert: {1}, severity {2}")
    @CsvSource({
        "CORRIDOR_LEFT, true, HIGH",
        "CORRIDOR_RETURNED, false, INFO",
        "SEAL_OPENED, true, CRITICAL",
        "SEAL_TAMPERED, true, CRITICAL",
        "SEAL_OPENED_AT_DESTINATION, false, INFO",
        "REPORTING_GAP, true, MEDIUM",
        "REPORTING_RESUMED, false, INFO",
        "REPORTING_RESUMED_UNCONFIRMED, false, LOW",
        "ARRIVED_AT_DESTINATION, false, INFO"
    })
    void eachTypeSaysWhetherItNeedsAPersonAndHowUrgently(EventType type, boolean alert, Severity severity) {
        assertThat(type.raisesAlert()).isEqualTo(alert);
        assertThat(type.defaultSeverity()).isEqualTo(severity);
    }
}
