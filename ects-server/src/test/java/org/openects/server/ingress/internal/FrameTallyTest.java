package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openects.codec.RejectReason;
import org.openects.server.ingress.IngressOutcome;

/** The outcome of a frame from what became of its parts. */
class FrameTallyTest {

    @Test
    void a_frame_accepted_in_part_is_accepted_with_its_first_refusal_and_the_counts() {
        FrameTally tally = new FrameTally();
        tally.accept();
        tally.refuse(RejectReason.DUPLICATE, "first");
        tally.refuse(RejectReason.UNSIGNED, "second");

        assertThat(tally.outcome()).isEqualTo(IngressOutcome.ACCEPTED);
        assertThat(tally.reason()).isEqualTo(RejectReason.DUPLICATE);
        assertThat(tally.detail()).isEqualTo("1 accepted, 2 refused (first: DUPLICATE first)");
    }

    @Test
    void a_frame_accepted_whole_has_no_reason() {
        FrameTally tally = new FrameTally();
        tally.accept();
        tally.accept();

        assertThat(tally.outcome()).isEqualTo(IngressOutcome.ACCEPTED);
        assertThat(tally.reason()).isNull();
        assertThat(tally.detail()).isNull();
    }

    @Test
    void a_frame_refused_whole_is_a_duplicate_only_when_its_first_refusal_says_so() {
        FrameTally duplicate = new FrameTally();
        duplicate.refuse(RejectReason.DUPLICATE, "reading already received");
        duplicate.refuse(RejectReason.UNSIGNED, "unsigned");
        assertThat(duplicate.outcome()).isEqualTo(IngressOutcome.DUPLICATE);
        assertThat(duplicate.reason()).isEqualTo(RejectReason.DUPLICATE);
        assertThat(duplicate.detail()).isEqualTo("reading already received");

        FrameTally replayed = new FrameTally();
        replayed.refuse(RejectReason.REPLAYED_COUNTER, "counter 4 already seen");
        assertThat(replayed.outcome()).isEqualTo(IngressOutcome.REJECTED);
        assertThat(replayed.reason()).isEqualTo(RejectReason.REPLAYED_COUNTER);

        FrameTally nothing = new FrameTally();
        assertThat(nothing.outcome()).as("no part at all").isEqualTo(IngressOutcome.REJECTED);
        assertThat(nothing.reason()).isNull();
    }
}
