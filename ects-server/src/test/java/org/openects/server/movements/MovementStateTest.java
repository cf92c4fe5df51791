package org.openects.server.movements;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one state machine of a movement: every pair of states is either a legal transition (as docs/procedure.md draws
 * it) or refused; which states are supervised, hold devices, are final or entered by the platform only.
 */
class MovementStateTest {

    /** The table as docs/procedure.md, "Movement lifecycle", states it: written out again to catch a change. */
    static final Map<MovementState, Set<MovementState>> LEGAL = Map.ofEntries(
            Map.entry(MovementState.DECLARED, EnumSet.of(MovementState.SEALS_REQUESTED, MovementState.CANCELLED)),
            Map.entry(
                    MovementState.SEALS_REQUESTED,
                    EnumSet.of(MovementState.SEALS_ASSIGNED, MovementState.DECLARED, MovementState.CANCELLED)),
            Map.entry(MovementState.SEALS_ASSIGNED, EnumSet.of(MovementState.ARMED, MovementState.CANCELLED)),
            Map.entry(MovementState.ARMED, EnumSet.of(MovementState.IN_TRANSIT, MovementState.CANCELLED)),
            Map.entry(
                    MovementState.IN_TRANSIT,
                    EnumSet.of(
                            MovementState.AT_BORDER,
                            MovementState.ARRIVED,
                            MovementState.INCIDENT,
                            MovementState.DIVERTED,
                            MovementState.OVERDUE,
                            MovementState.CANCELLED)),
            Map.entry(
                    MovementState.AT_BORDER,
                    EnumSet.of(
                            MovementState.IN_TRANSIT,
                            MovementState.INCIDENT,
                            MovementState.OVERDUE,
                            MovementState.CANCELLED)),
            Map.entry(
                    MovementState.INCIDENT,
                    EnumSet.of(
                            MovementState.IN_TRANSIT,
                            MovementState.DIVERTED,
                            MovementState.ARRIVED,
                            MovementState.OVERDUE,
                            MovementState.ENQUIRY,
                            MovementState.CANCELLED)),
            Map.entry(
                    MovementState.DIVERTED,
                    EnumSet.of(
                            MovementState.IN_TRANSIT,
                            MovementState.INCIDENT,
                            MovementState.ARRIVED,
                            MovementState.OVERDUE,
                            MovementState.ENQUIRY,
                            MovementState.CANCELLED)),
            Map.entry(
                    MovementState.OVERDUE,
                    EnumSet.of(MovementState.ARRIVED, MovementState.INCIDENT, MovementState.ENQUIRY)),
            Map.entry(
                    MovementState.ENQUIRY,
                    EnumSet.of(MovementState.ARRIVED, MovementState.CLOSED, MovementState.CANCELLED)),
            Map.entry(MovementState.ARRIVED, EnumSet.of(MovementState.SEALS_VERIFIED, MovementState.INCIDENT)),
            Map.entry(MovementState.SEALS_VERIFIED, EnumSet.of(MovementState.DISARMED)),
            Map.entry(MovementState.DISARMED, EnumSet.of(MovementState.REMOVED)),
            Map.entry(MovementState.REMOVED, EnumSet.of(MovementState.CLOSED)),
            Map.entry(MovementState.CLOSED, EnumSet.noneOf(MovementState.class)),
            Map.entry(MovementState.CANCELLED, EnumSet.noneOf(MovementState.class)));

    /** Every ordered pair of states, with whether the move is legal. */
    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (MovementState from : MovementState.values()) {
            for (MovementState to : MovementState.values()) {
                pairs.add(Arguments.of(from, to, LEGAL.get(from).contains(to)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void eachPairOfStatesIsLegalOrNotAsTheTableSays(MovementState from, MovementState to, boolean legal) {
        assertThat(from.canMoveTo(to)).isEqualTo(legal);
        assertThat(from.allowedNext().contains(to)).isEqualTo(legal);
    }

    @Test
    void everyStateIsInTheTable() {
        assertThat(LEGAL.keySet()).containsExactlyInAnyOrder(MovementState.values());
    }

    @Test
    void onlyClosedAndCancelledAreFinal() {
        assertThat(Stream.of(MovementState.values()).filter(MovementState::terminal))
                .containsExactlyInAnyOrder(MovementState.CLOSED, MovementState.CANCELLED);
    }

    @Test
    void devicesAreMonitoredFromArmedUntilTheSealsAreVerifiedAndInTheSideStates() {
        assertThat(Stream.of(MovementState.values()).filter(MovementState::supervised))
                .containsExactlyInAnyOrder(
                        MovementState.ARMED,
                        MovementState.IN_TRANSIT,
                        MovementState.AT_BORDER,
                        MovementState.ARRIVED,
                        MovementState.SEALS_VERIFIED,
                        MovementState.INCIDENT,
                        MovementState.DIVERTED,
                        MovementState.OVERDUE,
                        MovementState.ENQUIRY);
        assertThat(Stream.of(MovementState.values()).filter(MovementState::holdsDevices))
                .contains(MovementState.SEALS_ASSIGNED, MovementState.DISARMED)
                .doesNotContain(MovementState.DECLARED, MovementState.REMOVED, MovementState.CLOSED);
    }

    @Test
    void theStatesThePlatformEntersByItselfNameTheirRule() {
        assertThat(Stream.of(MovementState.values()).filter(state -> state.platformOnly() != null))
                .containsExactlyInAnyOrder(
                        MovementState.DECLARED,
                        MovementState.SEALS_REQUESTED,
                        MovementState.SEALS_ASSIGNED,
                        MovementState.ARMED,
                        MovementState.SEALS_VERIFIED,
                        MovementState.REMOVED,
                        MovementState.OVERDUE);
        assertThat(MovementState.OVERDUE.platformOnly()).contains("time limit");
    }

    @Test
    void anIllegalTransitionCarriesTheCurrentAndAllowedStates() {
        IllegalTransitionException refused =
                new IllegalTransitionException("MRN-1", MovementState.DISARMED, MovementState.CLOSED, null);

        assertThat(refused.properties())
                .containsEntry("currentState", "DISARMED")
                .containsEntry("requestedState", "CLOSED")
                .containsEntry("allowedNextStates", List.of("REMOVED"));
        assertThat(refused.getMessage()).contains("DISARMED", "CLOSED", "REMOVED");
    }
}
