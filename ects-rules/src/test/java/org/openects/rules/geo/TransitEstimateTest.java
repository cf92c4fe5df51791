package org.openects.rules.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.GeoPosition;

class TransitEstimateTest {

    /** A degree of longitude along the equator on WGS 84: 2πa/360 with a = 6,378,137 m. */
    private static final double EQUATOR_DEGREE_METERS = 111_319.490793;

    @Test
    void theDistanceAlongTheEquatorIsTheEllipsoidsArc() {
        List<GeoPosition> path = List.of(GeoPosition.of(0, 10), GeoPosition.of(0, 10.5), GeoPosition.of(0, 11));

        assertThat(TransitEstimate.distanceMeters(path)).isCloseTo(EQUATOR_DEGREE_METERS, within(0.01));
    }

    @Test
    void theDistanceAlongAMeridianFollowsTheFlattening() {
        // From the equator to 1° north: 110,574.389 m on WGS 84 (a degree of latitude is shorter near the equator).
        double meters = TransitEstimate.distanceMeters(List.of(GeoPosition.of(0, 30), GeoPosition.of(1, 30)));

        assertThat(meters).isCloseTo(110_574.389, within(0.01));
    }

    @Test
    void aPathOfOnePointHasNoLength() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TransitEstimate.distanceMeters(List.of(GeoPosition.of(0, 30))))
                .withMessageContaining("at least two positions");
    }

    @Test
    void withoutASpeedProfileTheVehicleDrivesFiftyKilometresAnHour() {
        assertThat(TransitEstimate.drivingTime(100_000, List.of())).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void eachBandIsDrivenAtItsSpeedAndTheLastOneRunsToTheEnd() {
        List<TransitEstimate.SpeedBand> profile = List.of(
                new TransitEstimate.SpeedBand(20, 20), // 20 km at 20 km/h: 1 h
                new TransitEstimate.SpeedBand(100, 80), // 80 km at 80 km/h: 1 h
                new TransitEstimate.SpeedBand(150, 60)); // the remaining 120 km at 60 km/h: 2 h

        assertThat(TransitEstimate.drivingTime(220_000, profile)).isEqualTo(Duration.ofHours(4));
        assertThat(TransitEstimate.drivingTime(10_000, profile)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void bandsThatDoNotIncreaseAreRefused() {
        List<TransitEstimate.SpeedBand> profile =
                List.of(new TransitEstimate.SpeedBand(50, 60), new TransitEstimate.SpeedBand(40, 80));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> TransitEstimate.drivingTime(100_000, profile))
                .withMessageContaining("speed band 1");
    }

    @Test
    void aSpeedOfZeroIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TransitEstimate.SpeedBand(10, 0))
                .withMessageContaining("kmh");
    }

    @Test
    void theDriverRestsOncePerFullDrivingBlock() {
        // 9.5 degrees of longitude on the equator at 50 km/h: about 21.15 h of driving, four full blocks of 4.5 h.
        List<GeoPosition> path = List.of(GeoPosition.of(0, 20), GeoPosition.of(0, 29.5));

        TransitEstimate estimate = TransitEstimate.of(path, List.of(), TransitEstimate.RestAllowance.DEFAULT);

        assertThat(estimate.distanceMeters()).isCloseTo(9.5 * EQUATOR_DEGREE_METERS, within(0.1));
        assertThat(estimate.driving().toMinutes()).isEqualTo(1269); // 1,057.535 km / 50 km/h = 21 h 9 min
        assertThat(estimate.rests()).isEqualTo(4);
        assertThat(estimate.transit()).isEqualTo(estimate.driving().plus(Duration.ofMinutes(4 * 45)));
    }

    @Test
    void aShortTripNeedsNoRest() {
        TransitEstimate estimate = TransitEstimate.of(
                List.of(GeoPosition.of(0, 20), GeoPosition.of(0, 21)),
                List.of(),
                new TransitEstimate.RestAllowance(Duration.ofMinutes(270), Duration.ofMinutes(45)));

        assertThat(estimate.rests()).isZero();
        assertThat(estimate.transit()).isEqualTo(estimate.driving());
    }

    @Test
    void aRestAllowanceNeedsAPositiveBlock() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TransitEstimate.RestAllowance(Duration.ZERO, Duration.ofMinutes(45)))
                .withMessageContaining("afterDriving");
    }
}
