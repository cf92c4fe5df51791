package org.openects.rules;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.domain.SealState;

/**
 * What the monitor knows about one movement between reports (its position, corridor, seal and destination as the
 * reports tell them, and the reporting gap). Rules read it and update the parts they own; everyone else reads it only.
 * Not the movement's lifecycle (declared, armed, in transit, arrived… closed), which the server's movements module
 * keeps in its one state machine, {@code org.openects.server.movements.MovementState}: this is the monitoring's tracking
 * of a supervised movement.
 *
 * <p>It follows the movement on two tracks. The <em>latest</em> track is the newest state by device time: any report
 * newer than it advances it, live or buffered (newer history does not rewind anything). Reports older than it
 * (buffered history sent after a coverage gap, or live reports delivered out of order) are replayed on a separate
 * <em>late</em> track, which starts as a copy of the latest track whenever a burst of such reports begins, so that
 * they can reveal what happened in the past without rewinding the present. A burst is a run of older reports with
 * increasing device times that stay older than the state it started from.
 */
public final class MovementTracking {

    private final Track latest = new Track();
    private final Track late = new Track();
    private @Nullable Instant lateBasis;
    private Instant lastReceivedAt;
    private boolean gapOpen;
    private @Nullable Instant unconfirmedSince;
    private @Nullable Instant arrivedAt;

    MovementTracking(Instant monitoringSince) {
        this.lastReceivedAt = monitoringSince;
    }

    /** The newest state by device time. */
    public Track latest() {
        return latest;
    }

    /** When the latest report (by receive time) arrived, or when monitoring started if none has. */
    public Instant lastReceivedAt() {
        return lastReceivedAt;
    }

    /**
     * Whether a reporting gap has been declared and no trusted report (signed, or from an authenticated channel) has
     * arrived since: reports only identified by what they say they are do not close it.
     */
    public boolean gapOpen() {
        return gapOpen;
    }

    /**
     * When the first report only identified by what it says it is arrived during the open gap (the gap's unconfirmed
     * resumption), or {@code null} when none has since the gap was raised.
     */
    public @Nullable Instant unconfirmedSince() {
        return unconfirmedSince;
    }

    void unconfirmedSince(@Nullable Instant since) {
        this.unconfirmedSince = since;
    }

    /** The device time the vehicle first entered the destination geofence, or {@code null}. */
    public @Nullable Instant arrivedAt() {
        return arrivedAt;
    }

    void lastReceivedAt(Instant receivedAt) {
        this.lastReceivedAt = receivedAt;
    }

    void gapOpen(boolean gapOpen) {
        this.gapOpen = gapOpen;
    }

    void arrivedAt(Instant arrivedAt) {
        this.arrivedAt = arrivedAt;
    }

    /** Whether a report taken at {@code deviceTime} is newer than everything seen, so it advances the latest track. */
    boolean isNewest(Instant deviceTime) {
        Instant newest = latest.deviceTime;
        return newest == null || deviceTime.isAfter(newest);
    }

    /** The track a report taken at {@code deviceTime} is replayed on, starting a new late burst when needed. */
    Track trackFor(Instant deviceTime) {
        if (isNewest(deviceTime)) {
            return latest;
        }
        Instant lateTime = late.deviceTime;
        if (lateTime == null || deviceTime.isBefore(lateTime) || lateBasis == null || deviceTime.isAfter(lateBasis)) {
            late.copyFrom(latest);
            lateBasis = latest.deviceTime;
        }
        return late;
    }

    /**
     * The movement as seen at one device time: position, corridor, seal and destination. Rules update the fields they
     * own; the monitor advances time and position after all rules have seen a report.
     */
    public static final class Track {
        private @Nullable Instant deviceTime;
        private @Nullable GeoPosition position;
        private boolean insideCorridor = true;
        private SealState seal = SealState.UNKNOWN;
        private boolean atDestination;

        Track() {}

        /** The device time of the last report on this track, or {@code null} before the first. */
        public @Nullable Instant deviceTime() {
            return deviceTime;
        }

        /** The last valid fix on this track, or {@code null} before the first. */
        public @Nullable GeoPosition position() {
            return position;
        }

        /** Whether the vehicle is in its corridor; assumed so until a fix shows otherwise. */
        public boolean insideCorridor() {
            return insideCorridor;
        }

        /** The last seal state a report stated; {@link SealState#UNKNOWN} until one did. */
        public SealState seal() {
            return seal;
        }

        /** Whether the last valid fix was inside the destination geofence. */
        public boolean atDestination() {
            return atDestination;
        }

        void insideCorridor(boolean insideCorridor) {
            this.insideCorridor = insideCorridor;
        }

        void seal(SealState seal) {
            this.seal = seal;
        }

        void atDestination(boolean atDestination) {
            this.atDestination = atDestination;
        }

        void advance(Instant deviceTime, @Nullable GeoPosition fix) {
            this.deviceTime = deviceTime;
            if (fix != null) {
                this.position = fix;
            }
        }

        private void copyFrom(Track other) {
            deviceTime = other.deviceTime;
            position = other.position;
            insideCorridor = other.insideCorridor;
            seal = other.seal;
            atDestination = other.atDestination;
        }

        @Override
        public String toString() {
            return "Track[deviceTime=" + deviceTime + ", position=" + position + ", insideCorridor=" + insideCorridor
                    + ", seal=" + seal + ", atDestination=" + atDestination + "]";
        }
    }
}
