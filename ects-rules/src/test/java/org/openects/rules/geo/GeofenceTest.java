package org.openects.rules.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openects.domain.GeoPosition;

class GeofenceTest {

    private static final GeoPosition MALABA = GeoPosition.of(0.6346, 34.2831);

    private final Geofence.Circle borderPost = new Geofence.Circle("Malaba", GeofenceKind.BORDER_POST, MALABA, 800);

    private final Geofence.Polygon yard = new Geofence.Polygon(
            "Inland container depot",
            GeofenceKind.DESTINATION,
            List.of(
                    GeoPosition.of(-1.3300, 36.8800),
                    GeoPosition.of(-1.3300, 36.8900),
                    GeoPosition.of(-1.3200, 36.8900),
                    GeoPosition.of(-1.3200, 36.8800)));

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void aCircleContainsPointsAMetreInsideItsRadiusAndNotAMetreOutside(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 50; i++) {
            var centre = new GeoPosition(-70 + 140 * random.nextDouble(), -180 + 360 * random.nextDouble());
            double radius =
                    random.nextBoolean() ? 10 + 20_000 * random.nextDouble() : 20_000 + 300_000 * random.nextDouble();
            var circle = new Geofence.Circle("random", GeofenceKind.AUTHORISED_STOP, centre, radius);
            double azimuth = 360 * random.nextDouble();

            assertThat(circle.contains(GeodesicReference.destination(centre, azimuth, radius - 1)))
                    .isTrue();
            assertThat(circle.contains(GeodesicReference.destination(centre, azimuth, radius + 1)))
                    .isFalse();
        }
    }

    @Test
    void aCircleAroundThePoleIsMeasuredGeodesically() {
        var pole = new Geofence.Circle("pole", GeofenceKind.RESTRICTED_ZONE, GeoPosition.of(89.99, 0), 2_000);

        assertThat(pole.contains(GeoPosition.of(89.99, 180))).isFalse();
        assertThat(pole.contains(GeoPosition.of(89.995, 180))).isTrue();
    }

    @Test
    void aPolygonContainsItsInsideAndItsEdgeButNotItsOutside() {
        assertThat(yard.contains(GeoPosition.of(-1.3250, 36.8850))).isTrue();
        assertThat(yard.contains(GeoPosition.of(-1.3300, 36.8850))).isTrue();
        assertThat(yard.contains(GeoPosition.of(-1.3350, 36.8850))).isFalse();
        assertThat(yard.contains(MALABA)).isFalse();
    }

    @Test
    void aPolygonMayBeGivenClosedOrOpen() {
        var closed = new Geofence.Polygon(
                "closed",
                GeofenceKind.RESTRICTED_ZONE,
                List.of(GeoPosition.of(0, 0), GeoPosition.of(0, 1), GeoPosition.of(1, 0), GeoPosition.of(0, 0)));

        assertThat(closed.contains(GeoPosition.of(0.2, 0.2))).isTrue();
        assertThat(closed.contains(GeoPosition.of(0.8, 0.8))).isFalse();
    }

    @Test
    void aGeofenceKnowsItsNameAndKind() {
        assertThat(borderPost.name()).isEqualTo("Malaba");
        assertThat(borderPost.kind()).isEqualTo(GeofenceKind.BORDER_POST);
        assertThat(yard.kind()).isEqualTo(GeofenceKind.DESTINATION);
        assertThat(yard.ring()).hasSize(4);
    }

    @Test
    void rejectsABlankName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Geofence.Circle(" ", GeofenceKind.ORIGIN, MALABA, 100))
                .withMessage("name must not be blank");
    }

    @Test
    void rejectsARadiusThatIsNotAPositiveNumberOfMetres() {
        for (double radius : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new Geofence.Circle("x", GeofenceKind.ORIGIN, MALABA, radius))
                    .withMessageStartingWith("radiusMeters must be a positive number of metres");
        }
    }

    @Test
    void rejectsARingWithFewerThanThreeDistinctPoints() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Geofence.Polygon(
                        "x", GeofenceKind.RESTRICTED_ZONE, List.of(GeoPosition.of(0, 0), GeoPosition.of(0, 1))))
                .withMessageStartingWith("ring needs at least 3 distinct points");
    }

    @Test
    void rejectsARingThatCrossesItself() {
        List<GeoPosition> bowTie =
                List.of(GeoPosition.of(0, 0), GeoPosition.of(1, 1), GeoPosition.of(0, 1), GeoPosition.of(1, 0));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Geofence.Polygon("x", GeofenceKind.RESTRICTED_ZONE, bowTie))
                .withMessageStartingWith("ring must be a simple polygon: Self-intersection");
    }

    @Test
    void rejectsARingAcrossTheAntimeridian() {
        List<GeoPosition> ring =
                List.of(GeoPosition.of(0, 179.5), GeoPosition.of(0, -179.5), GeoPosition.of(1, -179.5));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Geofence.Polygon("x", GeofenceKind.RESTRICTED_ZONE, ring))
                .withMessageStartingWith("ring must not cross the antimeridian");
    }
}
