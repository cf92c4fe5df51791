package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openects.domain.GeoPosition;
import org.openects.simulator.route.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class CorridorsTest {

    private static final Logger log = LoggerFactory.getLogger(CorridorsTest.class);

    final List<GeoPosition> corridor = Corridors.mombasaMalaba();
    final Route route = Route.of(corridor);

    @Test
    void the_northern_corridor_has_hundreds_of_points_and_roughly_the_road_length() {
        log.info("Mombasa-Malaba corridor: {} points, {} km", corridor.size(), "%.1f".formatted(route.lengthKm()));

        assertThat(corridor).hasSizeGreaterThanOrEqualTo(300);
        assertThat(route.lengthKm()).isBetween(840.0, 960.0);
    }

    @Test
    void it_runs_from_mombasa_port_to_the_malaba_border() {
        GeoPosition kilindini = GeoPosition.of(-4.05, 39.65);
        GeoPosition malaba = GeoPosition.of(0.636, 34.282);

        assertThat(Route.distanceKm(corridor.getFirst(), kilindini)).isLessThan(3);
        assertThat(Route.distanceKm(corridor.getLast(), malaba)).isLessThan(2);
    }

    @Test
    void it_passes_through_the_towns_of_the_corridor() {
        List<GeoPosition> towns = List.of(
                GeoPosition.of(-3.396, 38.556), // Voi
                GeoPosition.of(-2.690, 38.166), // Mtito Andei
                GeoPosition.of(-1.456, 36.978), // Athi River
                GeoPosition.of(-0.717, 36.433), // Naivasha
                GeoPosition.of(-0.285, 36.070), // Nakuru
                GeoPosition.of(0.514, 35.270), // Eldoret
                GeoPosition.of(0.563, 34.560)); // Bungoma

        assertThat(towns)
                .allSatisfy(town -> assertThat(route.distanceFromRouteKm(town)).isLessThan(3));
    }

    @Test
    void consecutive_points_are_never_more_than_three_km_apart() {
        for (int i = 1; i < corridor.size(); i++) {
            assertThat(Route.distanceKm(corridor.get(i - 1), corridor.get(i)))
                    .as("point %d", i)
                    .isLessThan(3);
        }
    }

    @Test
    void a_lateral_offset_lands_that_far_from_the_corridor_almost_everywhere() {
        SplittableRandom random = new SplittableRandom(5);
        int close = 0;
        int samples = 200;
        for (int i = 0; i < samples; i++) {
            double km = random.nextDouble(20, route.lengthKm() - 20);
            double distance = route.distanceFromRouteKm(route.offsetAt(km, 3));
            assertThat(distance).as("at km %.1f", km).isBetween(1.5, 3.01);
            if (distance > 2.85) {
                close++;
            }
        }
        // only on the inside of bends does another part of the road come nearer
        assertThat(close).isGreaterThan(samples * 8 / 10);
    }

    @Test
    void a_missing_resource_is_refused() {
        assertThatThrownBy(() -> Corridors.load("/corridors/atlantis.csv"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
