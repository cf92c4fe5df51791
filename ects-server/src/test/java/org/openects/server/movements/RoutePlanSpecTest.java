package org.openects.server.movements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.GeoPosition;
import org.openects.rules.RoutePlan;
import org.openects.rules.geo.Geofence;
import org.openects.rules.geo.GeofenceKind;
import org.openects.rules.geo.TransitEstimate;

/** A route plan hands every geofence to the rules and estimates its transit from its own profile. */
class RoutePlanSpecTest {

    private static final RoutePlanSpec.CorridorSpec EQUATOR =
            new RoutePlanSpec.CorridorSpec(List.of(List.of(0.0, 30.0), List.of(0.0, 31.0), List.of(0.0, 32.0)), 2000);

    private static RoutePlanSpec plan(
            List<RoutePlanSpec.ZoneSpec> zones,
            List<RoutePlanSpec.SpeedBandSpec> profile,
            RoutePlanSpec.RestSpec rests) {
        return new RoutePlanSpec(
                EQUATOR,
                new RoutePlanSpec.GeofenceSpec("Start", 0, 30, 1000),
                new RoutePlanSpec.GeofenceSpec("End", 0, 32, 1000),
                300,
                List.of(new RoutePlanSpec.GeofenceSpec("Border", 0, 31, 800)),
                List.of(new RoutePlanSpec.StopSpec("Fuel", 0, 30.5, 300, 45)),
                zones,
                "KE-UG-1",
                3,
                profile,
                rests);
    }

    @Test
    void everyGeofenceReachesTheRulesWithItsKind() {
        RoutePlanSpec spec = plan(
                List.of(
                        new RoutePlanSpec.ZoneSpec("Camp", 0.1, 31.5, 500.0, null),
                        new RoutePlanSpec.ZoneSpec(
                                "Park",
                                null,
                                null,
                                null,
                                List.of(List.of(0.2, 31.2), List.of(0.2, 31.3), List.of(0.3, 31.3)))),
                List.of(),
                null);

        RoutePlan rules = spec.toRoutePlan();

        assertThat(rules.geofences())
                .extracting(Geofence::name, Geofence::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Border", GeofenceKind.BORDER_POST),
                        org.assertj.core.groups.Tuple.tuple("Fuel", GeofenceKind.AUTHORISED_STOP),
                        org.assertj.core.groups.Tuple.tuple("Camp", GeofenceKind.RESTRICTED_ZONE),
                        org.assertj.core.groups.Tuple.tuple("Park", GeofenceKind.RESTRICTED_ZONE));
        assertThat(rules.geofences().get(3)).isInstanceOf(Geofence.Polygon.class);
        assertThat(rules.geofences().get(3).contains(GeoPosition.of(0.25, 31.28)))
                .isTrue();
        assertThat(rules.geofences().get(2).contains(GeoPosition.of(0.1, 31.5))).isTrue();
    }

    @Test
    void aZoneIsACircleOrAPolygonNotBoth() {
        RoutePlanSpec.ZoneSpec both =
                new RoutePlanSpec.ZoneSpec("Both", 0.0, 31.0, 100.0, List.of(List.of(0.0, 31.0), List.of(0.1, 31.0)));
        RoutePlanSpec.ZoneSpec neither = new RoutePlanSpec.ZoneSpec("Neither", 0.0, null, null, null);

        assertThatIllegalArgumentException().isThrownBy(both::toGeofence).withMessageContaining("not both");
        assertThatIllegalArgumentException().isThrownBy(neither::toGeofence).withMessageContaining("neither");
    }

    @Test
    void theEstimateFollowsThePlansSpeedProfileAndRests() {
        RoutePlanSpec spec = plan(
                List.of(),
                List.of(new RoutePlanSpec.SpeedBandSpec(100, 40), new RoutePlanSpec.SpeedBandSpec(200, 80)),
                new RoutePlanSpec.RestSpec(120, 30));

        TransitEstimate estimate = spec.estimate();

        // two degrees of longitude on the equator: 222.639 km; 100 km at 40 km/h, 122.639 km at 80 km/h
        assertThat(estimate.distanceMeters()).isCloseTo(222_638.98, org.assertj.core.data.Offset.offset(0.1));
        assertThat(estimate.driving().toMinutes()).isEqualTo(150 + 91);
        assertThat(estimate.rests()).isEqualTo(2);
        assertThat(estimate.transit()).isEqualTo(estimate.driving().plus(Duration.ofMinutes(60)));
    }

    @Test
    void aPlanFromBeforeTheGeofencesHasNoneAndTheDefaultEstimate() {
        RoutePlanSpec old = new RoutePlanSpec(
                EQUATOR,
                new RoutePlanSpec.GeofenceSpec("Start", 0, 30, 1000),
                new RoutePlanSpec.GeofenceSpec("End", 0, 32, 1000),
                300);

        assertThat(old.toRoutePlan().geofences()).isEmpty();
        assertThat(old.borderPosts()).isEmpty();
        assertThat(old.estimate().driving())
                .isEqualTo(TransitEstimate.drivingTime(old.estimate().distanceMeters(), List.of()));
    }
}
