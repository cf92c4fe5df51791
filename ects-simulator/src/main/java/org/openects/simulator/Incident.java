package org.openects.simulator;

import java.time.Duration;
import org.openects.domain.SealState;

/**
 * Something scripted to happen to a simulated truck. Positions are kilometres driven since the truck's start (not
 * kilometres along the route), so an incident at 5 km happens early whatever the start offset.
 */
public sealed interface Incident {

    /** Kilometres driven since the start when the incident begins. */
    double atKm();

    /**
     * The truck leaves the corridor sideways by {@code lateralKm} (positive: to the right of the direction of travel),
     * keeps that offset, and comes back, over {@code lengthKm} of driving: a quarter out, half away, a quarter back.
     */
    record CorridorDeviation(double atKm, double lateralKm, double lengthKm) implements Incident {
        public CorridorDeviation {
            requireNonNegative(atKm);
            if (!(lengthKm > 0) || !Double.isFinite(lateralKm)) {
                throw new IllegalArgumentException("deviation needs a length > 0 and a finite offset");
            }
        }
    }

    /** From {@code atKm} on, the seal reports {@code state}; the first report in that state carries an alarm. */
    record SealTamper(double atKm, SealState state) implements Incident {
        public SealTamper {
            requireNonNegative(atKm);
        }
    }

    /**
     * At {@code atKm} the device loses coverage for {@code gap} (real time): it keeps taking readings, buffers them,
     * and when coverage returns sends them in order as history ({@code hist=true}) before going live again.
     */
    record SignalGap(double atKm, Duration gap) implements Incident {
        public SignalGap {
            requireNonNegative(atKm);
            if (gap.isNegative() || gap.isZero()) {
                throw new IllegalArgumentException("gap must be positive: " + gap);
            }
        }
    }

    private static void requireNonNegative(double atKm) {
        if (!(atKm >= 0) || !Double.isFinite(atKm)) {
            throw new IllegalArgumentException("incident position must be a finite km ≥ 0: " + atKm);
        }
    }
}
