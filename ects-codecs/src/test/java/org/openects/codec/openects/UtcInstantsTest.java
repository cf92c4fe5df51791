package org.openects.codec.openects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantsTest {

    @Test
    void random_instants_parse_exactly_as_the_jdk_parses_them() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), 0)
                    .plusNanos(random.nextInt(4) == 0 ? 0 : random.nextLong(1_000_000_000));
            String text = instant.toString();

            assertThat(UtcInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-02-29T23:59:59.5Z",
                "2025-01-15T08:30:00.1Z",
                "1970-01-01T00:00:00Z",
                "2016-12-31T23:59:60Z",
                "2025-01-15T24:00:00Z",
                "2025-01-15T08:30:00.Z"
            })
    void edge_cases_the_jdk_tolerates_parse_the_same(String text) {
        assertThat(UtcInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-02-29T00:00:00Z",
                "2025-13-01T00:00:00Z",
                "2025-01-15 08:30:00Z",
                "2025-01-15T08:30:00.1234567890Z",
                "2025-01-15T08:3a:00Z"
            })
    void impossible_instants_are_refused(String text) {
        assertThatThrownBy(() -> UtcInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
