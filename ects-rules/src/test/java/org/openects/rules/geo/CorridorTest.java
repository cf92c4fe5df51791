package org.openects.rules.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import net.sf.geographiclib.Geodesic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openects.domain.GeoPosition;

class CorridorTest {

    private static final GeoPosition NAIROBI = GeoPosition.of(-1.2921, 36.8219);
    private static final GeoPosition NAKURU = GeoPosition.of(-0.3031, 36.0800);
    private static final GeoPosition ELDORET = GeoPosition.of(0.5143, 35.2698);

    private final Corridor nairobiEldoret = Corridor.of(2_000, NAIROBI, NAKURU, ELDORET);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void distanceAgreesWithGeographicLibWithinACentimetreNearTheRouteAndAHundredthOfAPercentFarAway(long seed) {
        var corridors = new RandomCorridors(seed);
        List<GeoPosition> polyline = corridors.aWindingPolyline(6);
        Corridor corridor = new Corridor(polyline, corridors.aWidthMeters());
        Random random = corridors.random();
        for (int i = 0; i < 30; i++) {
            double offset = i < 20 ? 20_000 * random.nextDouble() : 200_000 * random.nextDouble();
            GeoPosition point = corridors.aPointBeside(polyline, offset);

            double expected = GeodesicReference.distanceMeters(polyline, point);

            assertThat(corridor.distanceMeters(point))
                    .as("seed %d, point %s", seed, point)
                    .isCloseTo(expected, within(0.02 + 1e-5 * expected));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void pointsOneMetreEitherSideOfTheEdgeAreClassifiedAsGeographicLibDoes(long seed) {
        var corridors = new RandomCorridors(seed);
        List<GeoPosition> polyline = corridors.aWindingPolyline(5);
        Corridor corridor = new Corridor(polyline, corridors.aWidthMeters());
        int inside = 0;
        int outside = 0;
        for (int i = 0; i < 20; i++) {
            double offset = corridor.halfWidthMeters() + (i % 2 == 0 ? -1 : 1);
            GeoPosition point = corridors.aPointBeside(polyline, offset);
            boolean expected = GeodesicReference.distanceMeters(polyline, point) <= corridor.halfWidthMeters();

            assertThat(corridor.contains(point))
                    .as("seed %d, point %s", seed, point)
                    .isEqualTo(expected);
            if (expected) {
                inside++;
            } else {
                outside++;
            }
        }
        assertThat(inside).as("points just inside").isPositive();
        assertThat(outside).as("points just outside").isPositive();
    }

    @Test
    void aCorridorTenCentimetresWideStillContainsItsCentrelineAndNothingAMetreAway() {
        Corridor narrow = Corridor.of(0.1, NAIROBI, NAKURU);
        GeoPosition onCentreline = GeodesicReference.destination(
                NAIROBI,
                net.sf.geographiclib.Geodesic.WGS84.Inverse(
                                NAIROBI.latitude(), NAIROBI.longitude(), NAKURU.latitude(), NAKURU.longitude())
                        .azi1,
                50_000);

        assertThat(narrow.contains(onCentreline)).isTrue();
        assertThat(narrow.contains(GeodesicReference.destination(onCentreline, 90, 1)))
                .isFalse();
    }

    @Test
    void theVerticesAreOnTheCentreline() {
        assertThat(nairobiEldoret.distanceMeters(NAKURU)).isLessThan(0.01);
        assertThat(nairobiEldoret.contains(NAIROBI)).isTrue();
        assertThat(nairobiEldoret.contains(ELDORET)).isTrue();
    }

    @Test
    void beyondAnEndTheDistanceIsToTheEndPoint() {
        GeoPosition southOfNairobi = GeodesicReference.destination(NAIROBI, 150, 3_000);

        assertThat(nairobiEldoret.distanceMeters(southOfNairobi)).isCloseTo(3_000, within(0.05));
        assertThat(nairobiEldoret.contains(southOfNairobi)).isFalse();
    }

    @Test
    void aPointHundredsOfKilometresAwayIsMeasuredGeodesically() {
        GeoPosition mombasa = GeoPosition.of(-4.0435, 39.6682);

        assertThat(nairobiEldoret.distanceMeters(mombasa))
                .isCloseTo(GeodesicReference.distanceBetween(NAIROBI, mombasa), within(0.01));
    }

    @Test
    void lengthIsTheSumOfTheGeodesicSegments() {
        double expected =
                GeodesicReference.distanceBetween(NAIROBI, NAKURU) + GeodesicReference.distanceBetween(NAKURU, ELDORET);

        assertThat(nairobiEldoret.lengthMeters()).isCloseTo(expected, within(0.001));
    }

    @Test
    void progressIsTheDistanceAlongTheRouteOfTheNearestPoint() {
        double toNakuru = GeodesicReference.distanceBetween(NAIROBI, NAKURU);

        assertThat(nairobiEldoret.progressMeters(NAIROBI)).isZero();
        assertThat(nairobiEldoret.progressMeters(NAKURU)).isCloseTo(toNakuru, within(0.5));
        assertThat(nairobiEldoret.progressMeters(ELDORET)).isCloseTo(nairobiEldoret.lengthMeters(), within(0.001));
    }

    @Test
    void progressGrowsAsAVehicleDrivesAlongTheRouteWeavingFromSideToSide() {
        double azimuth = Geodesic.WGS84.Inverse(
                        NAIROBI.latitude(), NAIROBI.longitude(), NAKURU.latitude(), NAKURU.longitude())
                .azi1;
        double previous = -1;
        for (int km = 0; km <= 135; km += 5) {
            GeoPosition onRoute = GeodesicReference.destination(NAIROBI, azimuth, km * 1_000.0);
            GeoPosition weaving = GeodesicReference.destination(onRoute, azimuth + 90, km % 2 == 0 ? 400 : -400);

            double progress = nairobiEldoret.progressMeters(weaving);

            assertThat(progress).as("at km %d", km).isGreaterThan(previous);
            assertThat(progress).as("at km %d", km).isCloseTo(km * 1_000.0, within(5.0));
            previous = progress;
        }
    }

    @Test
    void longSegmentsAreIndexedInPiecesOfAtMostOneKilometre() {
        assertThat(nairobiEldoret.indexedSegments())
                .isGreaterThanOrEqualTo((int) Math.ceil(nairobiEldoret.lengthMeters() / 1_000));
    }

    @Test
    void consecutiveDuplicatePointsAreIgnored() {
        Corridor withDuplicates = Corridor.of(2_000, NAIROBI, NAIROBI, NAKURU, NAKURU, ELDORET);

        assertThat(withDuplicates.lengthMeters()).isCloseTo(nairobiEldoret.lengthMeters(), within(1e-6));
        assertThat(withDuplicates.centreline()).hasSize(5);
    }

    @Test
    void rejectsAWidthThatIsNotAPositiveNumberOfMetres() {
        for (double width : new double[] {0, -5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatIllegalArgumentException()
                    .as("width %s", width)
                    .isThrownBy(() -> Corridor.of(width, NAIROBI, NAKURU))
                    .withMessageStartingWith("widthMeters must be a positive number of metres");
        }
    }

    @Test
    void rejectsACentrelineWithFewerThanTwoDistinctPoints() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Corridor.of(100, NAIROBI))
                .withMessage("centreline needs at least 2 distinct points, got 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Corridor.of(100, NAIROBI, NAIROBI))
                .withMessage("centreline needs at least 2 distinct points, got 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Corridor(List.of(), 100))
                .withMessage("centreline needs at least 2 distinct points, got 0");
    }

    @Test
    void rejectsACentrelineAcrossTheAntimeridian() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Corridor.of(100, GeoPosition.of(-17, 179.9), GeoPosition.of(-17, -179.9)))
                .withMessageStartingWith("centreline must not cross the antimeridian, segment 0");
    }

    @Test
    void rejectsACentrelineNearThePoles() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Corridor.of(100, GeoPosition.of(80, 10), GeoPosition.of(86, 10)))
                .withMessageStartingWith("centreline must stay within ±85.0° latitude, got 86.0 at point 1");
    }
}
