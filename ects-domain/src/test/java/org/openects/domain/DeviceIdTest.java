package org.openects.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceIdTest {

    @Test
    void acceptsLettersDigitsDotDashUnderscoreUpTo64() {
        for (String ok : new String[] {"A", "ES-0001", "864507032331446", "seal_7.b", "x".repeat(64), "az09AZ._-"}) {
            assertThat(DeviceId.isValid(ok)).as(ok).isTrue();
            assertThat(DeviceId.of(ok).value()).isEqualTo(ok);
        }
    }

    @Test
    void refusesEverythingElse() {
        for (String bad : new String[] {"", "x".repeat(65), "ES 1", "ES/1", "ES+1", "é", "a\n", "+", "#", "ES\u0000"}) {
            assertThat(DeviceId.isValid(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> DeviceId.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(DeviceId.isValid(null)).isFalse();
    }
}
