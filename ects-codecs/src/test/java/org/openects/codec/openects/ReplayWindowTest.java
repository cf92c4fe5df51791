package org.openects.codec.openects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;

class ReplayWindowTest {

    @Test
    void a_fresh_window_accepts_any_first_counter_including_zero() {
        assertThat(new ReplayWindow().accept(0)).isTrue();
        assertThat(new ReplayWindow().accept(1_000_000)).isTrue();
    }

    @Test
    void negative_counters_are_never_accepted() {
        assertThat(new ReplayWindow().accept(-1)).isFalse();
    }

    @Test
    void increasing_counters_are_accepted_and_each_only_once() {
        ReplayWindow window = new ReplayWindow();
        for (long c = 1; c <= 3000; c++) {
            assertThat(window.accept(c)).isTrue();
            assertThat(window.accept(c)).isFalse();
        }
        assertThat(window.highest()).isEqualTo(3000);
    }

    @Test
    void a_gap_of_counters_can_be_filled_later_in_any_order() {
        ReplayWindow window = new ReplayWindow();
        window.accept(1);
        window.accept(500); // 2..499 are late history

        for (long c = 499; c >= 2; c--) {
            assertThat(window.accept(c)).as("counter %d", c).isTrue();
        }
        for (long c = 1; c <= 500; c++) {
            assertThat(window.accept(c)).as("duplicate %d", c).isFalse();
        }
    }

    @Test
    void the_window_reaches_exactly_1024_below_the_highest() {
        ReplayWindow window = new ReplayWindow();
        window.accept(5000);

        assertThat(window.wouldAccept(5000 - 1024)).isTrue();
        assertThat(window.wouldAccept(5000 - 1025)).isFalse();
        assertThat(window.accept(5000 - 1024)).isTrue();
        assertThat(window.accept(5000 - 1024)).isFalse();
    }

    @Test
    void an_old_highest_exactly_1024_behind_a_jump_is_still_remembered() {
        ReplayWindow window = new ReplayWindow();
        window.accept(10);
        window.accept(10 + 1024);

        assertThat(window.accept(10)).isFalse();
        assertThat(window.accept(11)).isTrue();
    }

    @Test
    void a_jump_beyond_the_window_forgets_what_falls_out_of_it() {
        ReplayWindow window = new ReplayWindow();
        window.accept(10);
        window.accept(9);
        window.accept(10_000);

        assertThat(window.accept(10)).isFalse(); // too old now, not because remembered
        assertThat(window.accept(10_000 - 1)).isTrue();
        assertThat(window.accept(10_000 - 1024)).isTrue();
    }

    @Test
    void shifts_that_cross_word_boundaries_keep_every_bit() {
        ReplayWindow window = new ReplayWindow();
        Set<Long> accepted = new HashSet<>();
        Random random = new Random(7);
        long top = 0;
        for (int i = 0; i < 20_000; i++) {
            long counter =
                    random.nextInt(10) == 0 ? top + random.nextInt(1, 200) : Math.max(0, top - random.nextInt(1100));
            boolean fresh = counter > top - 1025 && !accepted.contains(counter);
            assertThat(window.accept(counter))
                    .as("counter %d with highest %d", counter, top)
                    .isEqualTo(fresh);
            if (fresh) {
                accepted.add(counter);
                top = Math.max(top, counter);
            }
        }
    }

    @Test
    void shuffled_history_within_the_window_is_all_accepted_once() {
        List<Long> counters = new ArrayList<>();
        for (long c = 1; c <= 1025; c++) {
            counters.add(c);
        }
        Collections.shuffle(counters, new Random(3));
        ReplayWindow window = new ReplayWindow();
        window.accept(1025);

        for (long c : counters) {
            assertThat(window.accept(c)).as("counter %d", c).isEqualTo(c != 1025);
        }
    }

    @Test
    void a_window_restored_from_the_highest_counter_refuses_everything_up_to_it() {
        ReplayWindow restored = new ReplayWindow(500);

        assertThat(restored.accept(500)).isFalse();
        assertThat(restored.accept(499)).isFalse();
        assertThat(restored.accept(0)).isFalse();
        assertThat(restored.accept(501)).isTrue();
        assertThat(restored.accept(499)).isFalse();
    }

    @Test
    void a_window_restored_with_its_bitmap_accepts_exactly_what_the_original_would() {
        ReplayWindow original = new ReplayWindow();
        original.accept(100);
        original.accept(98);
        original.accept(40);

        ReplayWindow restored = new ReplayWindow(original.highest(), original.seenBelowHighest());

        for (long c = 0; c <= 120; c++) {
            assertThat(restored.wouldAccept(c)).as("counter %d", c).isEqualTo(original.wouldAccept(c));
        }
        assertThat(restored.accept(99)).isTrue();
        assertThat(restored.accept(98)).isFalse();
    }

    @Test
    void a_window_restored_with_no_counter_seen_is_fresh() {
        assertThat(new ReplayWindow(-1).accept(0)).isTrue();
    }

    @Test
    void restoring_rejects_nonsense() {
        assertThatThrownBy(() -> new ReplayWindow(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayWindow(5, new long[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_decoded_message_is_admitted_by_all_its_counters_or_not_at_all() {
        ReplayWindow window = new ReplayWindow();
        List<Report> track = CompactFixtures.track(new Random(6), 4, 10);
        DeviceMessage batch = new DeviceMessage.Reports(CompactFixtures.DEVICE, track.subList(1, 4));
        assertThat(window.admit(batch)).isSameAs(batch);
        assertThat(window.highest()).isEqualTo(track.getLast().counter());

        DeviceMessage overlapping = new DeviceMessage.Reports(CompactFixtures.DEVICE, track.subList(0, 2));
        assertThat(window.admit(overlapping)).isInstanceOfSatisfying(DeviceMessage.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.REPLAYED_COUNTER);
            assertThat(r.deviceId()).isEqualTo(CompactFixtures.DEVICE);
        });
        assertThat(window.wouldAccept(track.getFirst().counter()))
                .as("the fresh counter of a refused batch is not recorded")
                .isTrue();

        DeviceMessage ack = new DeviceMessage.CommandOutcome(
                CompactFixtures.DEVICE, 100, CompactFixtures.NOW, 1, AckStatus.DONE, TrustLevel.SIGNED);
        assertThat(window.admit(ack)).isSameAs(ack);
        assertThat(window.admit(ack)).isInstanceOf(DeviceMessage.Rejected.class);
        DeviceMessage rejected = new DeviceMessage.Rejected(CompactFixtures.DEVICE, RejectReason.MALFORMED, "x");
        assertThat(window.admit(rejected)).isSameAs(rejected);
        assertThat(window.highest()).isEqualTo(100);
    }
}
