package org.openects.server.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsStrictlyIncreaseWithinAThread() {
        long previous = TimeOrderedIds.next();
        for (int i = 0; i < 100_000; i++) {
            long next = TimeOrderedIds.next();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void idsAreUniqueAcrossThreads() {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(t -> {
            Set<Long> mine = new HashSet<>();
            for (int i = 0; i < 50_000; i++) {
                mine.add(TimeOrderedIds.next());
            }
            ids.addAll(mine);
        });
        assertThat(ids).hasSize(8 * 50_000);
    }

    @Test
    void idsFollowTheClock() {
        long before = System.currentTimeMillis();
        long id = TimeOrderedIds.next();
        long millis =
                (id >>> 22) + java.time.Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        assertThat(millis).isBetween(before - 1, System.currentTimeMillis() + 1);
    }
}
