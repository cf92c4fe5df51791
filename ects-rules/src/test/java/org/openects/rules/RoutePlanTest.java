package org.openects.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.openects.rules.TestRoute.CORRIDOR;
import static org.openects.rules.TestRoute.DESTINATION;
import static org.openects.rules.TestRoute.ORIGIN;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.GeoPosition;
import org.openects.rules.geo.Geofence;
import org.openects.rules.geo.GeofenceKind;

class RoutePlanTest {

    private static final Geofence BORDER_POST =
            new Geofence.Circle("Border", GeofenceKind.BORDER_POST, GeoPosition.of(-0.9, 36.3), 300);

    @Test
    void keepsItsOwnCopyOfTheGeofences() {
        List<Geofence> geofences = new ArrayList<>(List.of(BORDER_POST));
        var plan = new RoutePlan(CORRIDOR, ORIGIN, DESTINATION, geofences, Duration.ofMinutes(15));

        geofences.clear();

        assertThat(plan.geofences()).containsExactly(BORDER_POST);
    }

    @Test
    void rejectsAnOriginThatIsNotOfKindOrigin() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RoutePlan(CORRIDOR, BORDER_POST, DESTINATION, List.of(), Duration.ofMinutes(15)))
                .withMessage("origin must be a geofence of kind ORIGIN, got BORDER_POST");
    }

    @Test
    void rejectsADestinationThatIsNotOfKindDestination() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RoutePlan(CORRIDOR, ORIGIN, ORIGIN, List.of(), Duration.ofMinutes(15)))
                .withMessage("destination must be a geofence of kind DESTINATION, got ORIGIN");
    }

    @Test
    void rejectsASecondDestinationAmongTheOtherGeofences() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RoutePlan(
                        CORRIDOR, ORIGIN, DESTINATION, List.of(BORDER_POST, DESTINATION), Duration.ofMinutes(15)))
                .withMessageStartingWith("geofences[1] must not be of kind DESTINATION");
    }

    @Test
    void rejectsAReportingGapThatIsNotPositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RoutePlan(CORRIDOR, ORIGIN, DESTINATION, List.of(), Duration.ZERO))
                .withMessage("maxReportingGap must be positive, got PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RoutePlan(CORRIDOR, ORIGIN, DESTINATION, List.of(), Duration.ofMinutes(-1)))
                .withMessage("maxReportingGap must be positive, got PT-1M");
    }
}
