package org.openects.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.simulator.route.Route;

/**
 * One simulated device on its trip: given the real time, what it has driven, where it is and which reports it sends
 * now. Device times are the real time of each reading (by the device clock, which a time response may correct); only
 * the driving is sped up. Its {@link Firmware} takes commands: a reporting interval paces its live reports, an unlock
 * shows in its lock state. Not thread safe: one ticking thread.
 */
final class TruckRun {

    private final SimulatedDevice device;
    private final Route route;
    private final Instant start;
    private final double speedup;
    private final List<Incident.CorridorDeviation> deviations = new ArrayList<>();
    private final List<Incident.SealTamper> tampers = new ArrayList<>();
    private final Deque<Incident.SignalGap> pendingGaps = new ArrayDeque<>();
    private final List<Report> buffered = new ArrayList<>();
    private final Firmware firmware;

    private long nextCounter;
    private @Nullable Instant lastLive;
    private SealState lastSeal = SealState.CLOSED;
    private @Nullable Instant gapEnds;

    TruckRun(SimulatedDevice device, Route route, Instant start, double speedup) {
        this.device = device;
        this.route = route;
        this.start = start;
        this.speedup = speedup;
        this.nextCounter = device.firstCounter();
        this.firmware = new Firmware(device.id(), device.key());
        for (Incident incident : device.incidents()) {
            switch (incident) {
                case Incident.CorridorDeviation deviation -> deviations.add(deviation);
                case Incident.SealTamper tamper -> tampers.add(tamper);
                case Incident.SignalGap gap -> pendingGaps.add(gap);
            }
        }
        tampers.sort(Comparator.comparingDouble(Incident.SealTamper::atKm));
        List<Incident.SignalGap> gaps = new ArrayList<>(pendingGaps);
        gaps.sort(Comparator.comparingDouble(Incident.SignalGap::atKm));
        pendingGaps.clear();
        pendingGaps.addAll(gaps);
    }

    SimulatedDevice device() {
        return device;
    }

    Firmware firmware() {
        return firmware;
    }

    /** The next counter of the device's uplink sequence, for a message that is not a report. */
    long takeCounter() {
        return nextCounter++;
    }

    /** Kilometres driven since the start at real time {@code now}, stopping at the end of the route. */
    double drivenKm(Instant now) {
        double hours = Math.max(0, Duration.between(start, now).toNanos()) / 3.6e12;
        double driven = device.speedKmh() * speedup * hours;
        return Math.min(driven, Math.max(0, route.lengthKm() - device.startKm()));
    }

    /** Whether the truck has reached the end of its route at {@code now}. */
    boolean arrived(Instant now) {
        return device.startKm() + drivenKm(now) >= route.lengthKm();
    }

    /** Sideways offset from the route after {@code driven} km, from the scripted deviations. */
    double lateralKm(double driven) {
        double lateral = 0;
        for (Incident.CorridorDeviation deviation : deviations) {
            double u = (driven - deviation.atKm()) / deviation.lengthKm();
            if (u > 0 && u < 1) {
                double shape = u < 0.25 ? u / 0.25 : u > 0.75 ? (1 - u) / 0.25 : 1;
                lateral += deviation.lateralKm() * shape;
            }
        }
        return lateral;
    }

    /**
     * Takes a reading at {@code now} and returns what the device sends now, in order: nothing while in a signal gap
     * (the reading is buffered), the buffered history then the live reading when coverage returns, else the live
     * reading alone.
     */
    List<Report> tick(Instant now) {
        Duration interval = firmware.interval();
        if (interval != null && lastLive != null && now.isBefore(lastLive.plus(interval))) {
            return List.of(); // the reporting interval a command set is not up yet
        }
        return reportNow(now);
    }

    /** Takes a reading at {@code now} whatever the reporting interval (a ping asks for one), as {@link #tick}. */
    List<Report> reportNow(Instant now) {
        double driven = drivenKm(now);
        Incident.SignalGap gap = pendingGaps.peek();
        if (gapEnds == null && gap != null && driven >= gap.atKm()) {
            pendingGaps.poll();
            gapEnds = now.plus(gap.gap());
        }
        if (gapEnds != null && now.isBefore(gapEnds)) {
            buffered.add(reading(now, driven, true));
            return List.of();
        }
        gapEnds = null;
        lastLive = now;
        Report live = reading(now, driven, false);
        if (buffered.isEmpty()) {
            return List.of(live);
        }
        List<Report> out = new ArrayList<>(buffered.size() + 1);
        out.addAll(buffered);
        out.add(live);
        buffered.clear();
        return out;
    }

    private Report reading(Instant now, double driven, boolean history) {
        double routeKm = device.startKm() + driven;
        GeoPosition position = route.offsetAt(routeKm, lateralKm(driven));
        SealState seal = SealState.CLOSED;
        for (Incident.SealTamper tamper : tampers) {
            if (driven >= tamper.atKm()) {
                seal = tamper.state();
            }
        }
        Report.Builder report = Report.builder(device.id(), firmware.clock(now))
                .counter(nextCounter++)
                .lock(firmware.lock())
                .position(position, true)
                .speedKmh(arrived(now) ? 0.0 : device.speedKmh())
                .seal(seal)
                .batteryPercent(Math.max(5, 100 - (int) (driven / 20)))
                .history(history)
                .channel(Channel.CELLULAR);
        if (seal != lastSeal) {
            switch (seal) {
                case TAMPERED -> report.alarm(Alarm.TAMPER);
                case OPEN -> report.alarm(Alarm.BOX_OPENED);
                default -> {}
            }
            lastSeal = seal;
        }
        return report.build();
    }
}
