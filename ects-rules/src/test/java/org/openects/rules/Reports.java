package org.openects.rules;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.TrustLevel;

/** Intention-revealing builders of device reports on a movement that starts at {@link #DEPARTURE}. */
final class Reports {

    static final Instant DEPARTURE = Instant.parse("2025-03-01T06:00:00Z");
    static final DeviceId SEAL = DeviceId.of("ESEAL-000042");
    static final Duration TRANSMISSION_DELAY = Duration.ofSeconds(2);

    private Reports() {}

    static ReportBuilder aReport() {
        return new ReportBuilder();
    }

    static Instant minute(long minutes) {
        return DEPARTURE.plus(Duration.ofMinutes(minutes));
    }

    static final class ReportBuilder {
        private Instant deviceTime = DEPARTURE;
        private @Nullable Instant receivedAt;
        private @Nullable GeoPosition position = TestRoute.atKm(0);
        private boolean validFix = true;
        private SealState seal = SealState.CLOSED;
        private boolean history;
        private TrustLevel trust = TrustLevel.SIGNED;

        /** Taken {@code minutes} after departure, received two seconds later unless said otherwise. */
        ReportBuilder atMinute(long minutes) {
            this.deviceTime = minute(minutes);
            return this;
        }

        ReportBuilder receivedAtMinute(long minutes) {
            this.receivedAt = minute(minutes);
            return this;
        }

        ReportBuilder atKm(double km) {
            return at(TestRoute.atKm(km));
        }

        ReportBuilder offRoute(double km, double metersLeft) {
            return at(TestRoute.offRoute(km, metersLeft));
        }

        ReportBuilder at(GeoPosition position) {
            this.position = position;
            this.validFix = true;
            return this;
        }

        ReportBuilder withoutPosition() {
            this.position = null;
            this.validFix = false;
            return this;
        }

        /** Carries a position the receiver flagged as invalid. */
        ReportBuilder withInvalidFixAt(GeoPosition position) {
            this.position = position;
            this.validFix = false;
            return this;
        }

        ReportBuilder sealed() {
            return seal(SealState.CLOSED);
        }

        ReportBuilder sealOpen() {
            return seal(SealState.OPEN);
        }

        ReportBuilder sealTampered() {
            return seal(SealState.TAMPERED);
        }

        ReportBuilder sealUnknown() {
            return seal(SealState.UNKNOWN);
        }

        ReportBuilder seal(SealState seal) {
            this.seal = seal;
            return this;
        }

        /** Buffered during a coverage gap and sent afterwards. */
        ReportBuilder fromHistory() {
            this.history = true;
            return this;
        }

        /** Only identified by the device id it carries (legacy protocols, unsigned fixes); signed unless said. */
        ReportBuilder identifiedOnly() {
            return trust(TrustLevel.IDENTIFIED);
        }

        ReportBuilder trust(TrustLevel trust) {
            this.trust = trust;
            return this;
        }

        Report build() {
            return Report.builder(SEAL, deviceTime)
                    .receivedAt(receivedAt != null ? receivedAt : deviceTime.plus(TRANSMISSION_DELAY))
                    .position(position, validFix)
                    .seal(seal)
                    .history(history)
                    .channel(Channel.CELLULAR)
                    .trust(trust)
                    .build();
        }
    }
}
