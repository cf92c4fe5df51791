package org.openects.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One normalised message from a device, whatever its protocol.
 *
 * @param deviceId the device as it identifies itself
 * @param counter the device's monotonic message counter, or {@code -1} when the protocol has none
 * @param deviceTime when the device took the reading (its clock)
 * @param receivedAt when the platform received the bytes
 * @param position the fix, or {@code null} when the report carries none
 * @param validFix whether the receiver considered the fix valid
 * @param speedKmh ground speed, or {@code null}
 * @param seal the seal's own state
 * @param batteryPercent battery charge 0-100, or {@code null}
 * @param history {@code true} for buffered history sent after a coverage gap, {@code false} for live
 * @param channel the bearer it came over
 * @param trust how far it can be trusted
 * @param alarms alarm flags raised by the device (tamper, emergency, power cut…)
 * @param lock the lock's state, for e-locks
 * @param door the door or cover state
 * @param unlock an unlock attempt this report records, or {@code null}
 * @param courseDegrees heading over ground, 0-360, or {@code null}
 * @param altitudeMeters altitude, or {@code null}
 * @param satellites satellites used in the fix, or {@code null}
 * @param odometerKm the vehicle's or device's odometer, or {@code null}
 * @param powerVolts external supply voltage, or {@code null}
 * @param rawMessageId the archived raw message it was decoded from, or {@code 0} before archiving
 */
public record Report(
        DeviceId deviceId,
        long counter,
        Instant deviceTime,
        Instant receivedAt,
        @Nullable GeoPosition position,
        boolean validFix,
        @Nullable Double speedKmh,
        SealState seal,
        @Nullable Integer batteryPercent,
        boolean history,
        Channel channel,
        TrustLevel trust,
        Set<Alarm> alarms,
        LockState lock,
        DoorState door,
        @Nullable UnlockEvent unlock,
        @Nullable Double courseDegrees,
        @Nullable Double altitudeMeters,
        @Nullable Integer satellites,
        @Nullable Double odometerKm,
        @Nullable Double powerVolts,
        long rawMessageId) {

    /**
     * The earliest device or receive time a report may carry: the Unix epoch. Together with {@link #LATEST_TIME}, the
     * bounds every database the platform runs on can store (codecs refuse readings outside a much narrower window
     * around the receive time first; these bounds make sure no report, however built, can stop a writer).
     */
    public static final Instant EARLIEST_TIME = Instant.EPOCH;

    /** The latest device or receive time a report may carry: the last instant of the year 9999. */
    public static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

    public Report {
        alarms = alarms.isEmpty() ? Set.of() : Set.copyOf(alarms);
        if (deviceTime.isBefore(EARLIEST_TIME) || deviceTime.isAfter(LATEST_TIME)) {
            throw new IllegalArgumentException(
                    "device time must be between " + EARLIEST_TIME + " and " + LATEST_TIME + ": " + deviceTime);
        }
        if (receivedAt.isBefore(EARLIEST_TIME) || receivedAt.isAfter(LATEST_TIME)) {
            throw new IllegalArgumentException(
                    "receive time must be between " + EARLIEST_TIME + " and " + LATEST_TIME + ": " + receivedAt);
        }
        if (batteryPercent != null && (batteryPercent < 0 || batteryPercent > 100)) {
            throw new IllegalArgumentException("battery must be 0-100 %: " + batteryPercent);
        }
    }

    /** This report with the archive reference of the raw bytes it came from. */
    public Report withRawMessageId(long id) {
        return toBuilder().rawMessageId(id).build();
    }

    /** A builder holding every field of this report, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(deviceId, deviceTime)
                .counter(counter)
                .receivedAt(receivedAt)
                .position(position, validFix)
                .speedKmh(speedKmh)
                .seal(seal)
                .batteryPercent(batteryPercent)
                .history(history)
                .channel(channel)
                .trust(trust)
                .alarms(alarms)
                .lock(lock)
                .door(door)
                .unlock(unlock)
                .courseDegrees(courseDegrees)
                .altitudeMeters(altitudeMeters)
                .satellites(satellites)
                .odometerKm(odometerKm)
                .powerVolts(powerVolts)
                .rawMessageId(rawMessageId);
        return b;
    }

    public static Builder builder(DeviceId deviceId, Instant deviceTime) {
        return new Builder(deviceId, deviceTime);
    }

    /** Builds reports field by field; unset fields take neutral values (no fix, seal unknown, live, identified only). */
    public static final class Builder {
        private final DeviceId deviceId;
        private final Instant deviceTime;
        private long counter = -1;
        private Instant receivedAt;
        private @Nullable GeoPosition position;
        private boolean validFix;
        private @Nullable Double speedKmh;
        private SealState seal = SealState.UNKNOWN;
        private @Nullable Integer batteryPercent;
        private boolean history;
        private Channel channel = Channel.UNKNOWN;
        private TrustLevel trust = TrustLevel.IDENTIFIED;
        private final Set<Alarm> alarms = EnumSet.noneOf(Alarm.class);
        private LockState lock = LockState.UNKNOWN;
        private DoorState door = DoorState.UNKNOWN;
        private @Nullable UnlockEvent unlock;
        private @Nullable Double courseDegrees;
        private @Nullable Double altitudeMeters;
        private @Nullable Integer satellites;
        private @Nullable Double odometerKm;
        private @Nullable Double powerVolts;
        private long rawMessageId;

        private Builder(DeviceId deviceId, Instant deviceTime) {
            this.deviceId = deviceId;
            this.deviceTime = deviceTime;
            this.receivedAt = deviceTime;
        }

        public Builder counter(long counter) {
            this.counter = counter;
            return this;
        }

        public Builder receivedAt(Instant receivedAt) {
            this.receivedAt = receivedAt;
            return this;
        }

        public Builder position(double latitude, double longitude) {
            this.position = new GeoPosition(latitude, longitude);
            this.validFix = true;
            return this;
        }

        public Builder position(@Nullable GeoPosition position, boolean validFix) {
            this.position = position;
            this.validFix = validFix;
            return this;
        }

        public Builder speedKmh(@Nullable Double speedKmh) {
            this.speedKmh = speedKmh;
            return this;
        }

        public Builder seal(SealState seal) {
            this.seal = seal;
            return this;
        }

        public Builder batteryPercent(@Nullable Integer batteryPercent) {
            this.batteryPercent = batteryPercent;
            return this;
        }

        public Builder history(boolean history) {
            this.history = history;
            return this;
        }

        public Builder channel(Channel channel) {
            this.channel = channel;
            return this;
        }

        public Builder trust(TrustLevel trust) {
            this.trust = trust;
            return this;
        }

        public Builder alarm(Alarm alarm) {
            this.alarms.add(alarm);
            return this;
        }

        public Builder alarms(Set<Alarm> alarms) {
            this.alarms.addAll(alarms);
            return this;
        }

        public Builder lock(LockState lock) {
            this.lock = lock;
            return this;
        }

        public Builder door(DoorState door) {
            this.door = door;
            return this;
        }

        public Builder unlock(@Nullable UnlockEvent unlock) {
            this.unlock = unlock;
            return this;
        }

        public Builder courseDegrees(@Nullable Double courseDegrees) {
            this.courseDegrees = courseDegrees;
            return this;
        }

        public Builder altitudeMeters(@Nullable Double altitudeMeters) {
            this.altitudeMeters = altitudeMeters;
            return this;
        }

        public Builder satellites(@Nullable Integer satellites) {
            this.satellites = satellites;
            return this;
        }

        public Builder odometerKm(@Nullable Double odometerKm) {
            this.odometerKm = odometerKm;
            return this;
        }

        public Builder powerVolts(@Nullable Double powerVolts) {
            this.powerVolts = powerVolts;
            return this;
        }

        public Builder rawMessageId(long rawMessageId) {
            this.rawMessageId = rawMessageId;
            return this;
        }

        public Report build() {
            return new Report(
                    deviceId,
                    counter,
                    deviceTime,
                    receivedAt,
                    position,
                    validFix,
                    speedKmh,
                    seal,
                    batteryPercent,
                    history,
                    channel,
                    trust,
                    alarms,
                    lock,
                    door,
                    unlock,
                    courseDegrees,
                    altitudeMeters,
                    satellites,
                    odometerKm,
                    powerVolts,
                    rawMessageId);
        }
    }
}
