package org.openects.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** No report can carry a time the platform's databases cannot store, however it was built. */
class ReportTimeBoundsTest {

    static final DeviceId DEVICE = DeviceId.of("ECTS-000001");

    @Test
    void a_device_time_in_the_year_292_million_is_refused() {
        Instant farFuture = Instant.ofEpochMilli(Long.MAX_VALUE);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Report.builder(DEVICE, farFuture)
                        .receivedAt(Instant.parse("2026-01-01T00:00:00Z"))
                        .build())
                .withMessageContaining("device time")
                .withMessageContaining("+292278994");
    }

    @Test
    void a_device_time_before_the_epoch_is_refused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Report.builder(DEVICE, Instant.ofEpochMilli(-1))
                        .receivedAt(Instant.parse("2026-01-01T00:00:00Z"))
                        .build())
                .withMessageContaining("device time");
    }

    @Test
    void a_receive_time_out_of_bounds_is_refused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Report.builder(DEVICE, Instant.parse("2026-01-01T00:00:00Z"))
                        .receivedAt(Instant.MAX)
                        .build())
                .withMessageContaining("receive time");
    }

    @Test
    void the_bounds_themselves_are_reports() {
        assertThat(Report.builder(DEVICE, Report.EARLIEST_TIME)
                        .receivedAt(Report.LATEST_TIME)
                        .build()
                        .deviceTime())
                .isEqualTo(Report.EARLIEST_TIME);
    }
}
