package org.openects.rules;

import static org.openects.rules.Reports.DEPARTURE;
import static org.openects.rules.Reports.aReport;

import java.util.ArrayList;
import java.util.List;
import org.openects.domain.SealState;

/** A scripted drive through a {@link MovementMonitor} with the standard rules, collecting every event it raises. */
final class Trip {

    private final MovementMonitor monitor = new MovementMonitor(TestRoute.aRoutePlan(), DEPARTURE);
    private final List<MonitoringEvent> events = new ArrayList<>();

    static Trip aTrip() {
        return new Trip();
    }

    Trip report(Reports.ReportBuilder report) {
        events.addAll(monitor.onReport(report.build()));
        return this;
    }

    Trip clockAtMinute(long minute) {
        events.addAll(monitor.onClock(Reports.minute(minute)));
        return this;
    }

    /**
     * Live reports every five minutes from {@code fromMinute} to {@code toMinute}, one kilometre a minute along the
     * route (stopping at its end), with a clock tick after each.
     */
    Trip driveLive(long fromMinute, long toMinute, SealState seal) {
        for (long minute = fromMinute; minute <= toMinute; minute += 5) {
            report(aReport().atMinute(minute).atKm(kmAtMinute(minute)).seal(seal));
            clockAtMinute(minute + 1);
        }
        return this;
    }

    static double kmAtMinute(long minute) {
        return Math.min(minute, TestRoute.lengthKm());
    }

    MovementMonitor monitor() {
        return monitor;
    }

    List<MonitoringEvent> events() {
        return events;
    }
}
