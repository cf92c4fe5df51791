package org.openects.server.monitoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.shared.TimeOrderedIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The derivation watermark's safe point never passes a raw message that an ingest lane holds or whose reports are not
 * all written, and moves on once they are.
 */
class DerivationWatermarkTest {

    private final DerivationWatermark watermark = new DerivationWatermark(
            new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:watermark;MODE=PostgreSQL", "sa", "")));

    @Test
    void theSafePointStaysBelowWhatALaneHoldsAndWhatIsPendingUntilItsLastReportRowIsWritten() {
        DerivationWatermark.Hold lane = watermark.new Hold();
        long before = TimeOrderedIds.next();
        assertThat(watermark.safePoint())
                .as("nothing held or pending: up to now (every id made so far, the last one included)")
                .isGreaterThanOrEqualTo(before);

        lane.hold();
        long raw = TimeOrderedIds.next(); // the lane names a raw message while it holds
        assertThat(watermark.safePoint()).isLessThan(raw);

        watermark.expect(List.of(report(raw), report(raw))); // archived: two reports handed over
        lane.release();
        assertThat(watermark.safePoint()).as("pending").isLessThan(raw);

        watermark.written(raw);
        assertThat(watermark.safePoint()).as("one of two report rows written").isLessThan(raw);
        assertThat(watermark.derivedThrough(raw)).isFalse();

        watermark.written(raw);
        assertThat(watermark.safePoint()).as("all written").isGreaterThanOrEqualTo(raw);
        assertThat(watermark.derivedThrough(raw)).isTrue();
    }

    private static Report report(long rawMessageId) {
        return Report.builder(DeviceId.of("ESEAL-1"), Instant.now())
                .counter(1)
                .rawMessageId(rawMessageId)
                .build();
    }
}
