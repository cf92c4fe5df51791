package org.openects.simulator.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.GeoPosition;

class RouteTest {

    /** One degree of longitude along the equator, then one degree north: two straight legs of about 111.2 km. */
    static final Route L_SHAPE = Route.of(List.of(GeoPosition.of(0, 36), GeoPosition.of(0, 37), GeoPosition.of(1, 37)));

    static final double DEGREE_KM = Math.toRadians(Route.EARTH_RADIUS_KM);

    @Test
    void its_length_is_the_sum_of_the_great_circle_legs() {
        assertThat(L_SHAPE.lengthKm()).isCloseTo(2 * DEGREE_KM, within(1e-6));
    }

    @Test
    void positions_are_interpolated_along_each_leg() {
        GeoPosition quarter = L_SHAPE.positionAt(DEGREE_KM / 4);
        GeoPosition onSecondLeg = L_SHAPE.positionAt(DEGREE_KM * 1.5);

        assertThat(quarter.latitude()).isCloseTo(0, within(1e-9));
        assertThat(quarter.longitude()).isCloseTo(36.25, within(1e-9));
        assertThat(onSecondLeg.latitude()).isCloseTo(0.5, within(1e-9));
        assertThat(onSecondLeg.longitude()).isCloseTo(37, within(1e-9));
    }

    @Test
    void positions_beyond_the_ends_are_clamped_to_them() {
        assertThat(L_SHAPE.positionAt(-5)).isEqualTo(GeoPosition.of(0, 36));
        assertThat(L_SHAPE.positionAt(1e6)).isEqualTo(GeoPosition.of(1, 37));
    }

    @Test
    void the_bearing_follows_the_leg_being_driven() {
        assertThat(L_SHAPE.bearingAt(10)).isCloseTo(90, within(1e-6));
        assertThat(L_SHAPE.bearingAt(DEGREE_KM + 10)).isCloseTo(0, within(1e-6));
    }

    @Test
    void a_positive_lateral_offset_is_to_the_right_of_travel_at_that_distance() {
        GeoPosition right = L_SHAPE.offsetAt(50, 3);
        GeoPosition left = L_SHAPE.offsetAt(50, -3);

        assertThat(right.latitude()).isNegative(); // heading east, right is south
        assertThat(left.latitude()).isPositive();
        assertThat(L_SHAPE.distanceFromRouteKm(right)).isCloseTo(3, within(0.003));
        assertThat(L_SHAPE.distanceFromRouteKm(left)).isCloseTo(3, within(0.003));
        assertThat(Route.distanceKm(right, L_SHAPE.positionAt(50))).isCloseTo(3, within(1e-6));
    }

    @Test
    void a_point_on_the_route_is_at_distance_zero_from_it() {
        assertThat(L_SHAPE.distanceFromRouteKm(L_SHAPE.positionAt(123.4))).isCloseTo(0, within(1e-6));
    }

    @Test
    void a_route_needs_two_points() {
        assertThatThrownBy(() -> Route.of(List.of(GeoPosition.of(0, 0)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destination_and_distance_agree() {
        GeoPosition nairobi = GeoPosition.of(-1.2921, 36.8219);
        for (int bearing = 0; bearing < 360; bearing += 15) {
            GeoPosition there = Route.destination(nairobi, bearing, 25);
            assertThat(Route.distanceKm(nairobi, there))
                    .as("bearing %d", bearing)
                    .isCloseTo(25, within(1e-9));
        }
    }
}
