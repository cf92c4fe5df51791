package org.openects.server.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the monitoring recorded for a movement, as its report shows it: the reported positions, the events and the
 * alerts with their handling. Operational records, not audit entries: the report says so.
 *
 * @param reports how many reports the movement received (with or without a position)
 * @param track the reported positions in device-time order
 * @param events the movement's events in time order
 * @param alerts the alerts in the order they were raised
 */
public record MovementActivity(long reports, List<Position> track, List<Event> events, List<Alert> alerts) {

    /** Nothing recorded. */
    public static final MovementActivity NONE = new MovementActivity(0, List.of(), List.of(), List.of());

    public MovementActivity {
        track = List.copyOf(track);
        events = List.copyOf(events);
        alerts = List.copyOf(alerts);
    }

    /**
     * A reported position.
     *
     * @param at device time
     * @param history whether it came as buffered history rather than live
     */
    public record Position(Instant at, double latitude, double longitude, boolean history) {}

    /**
     * A movement event.
     *
     * @param id its number
     * @param at when it happened (device time)
     * @param type what happened ({@code CORRIDOR_LEFT}, {@code REPORTING_GAP}…)
     * @param severity its severity
     * @param late whether it was detected late, from buffered history
     * @param detail what the rule said
     */
    public record Event(
            long id,
            Instant at,
            String type,
            String severity,
            @Nullable Double latitude,
            @Nullable Double longitude,
            boolean late,
            @Nullable String detail) {}

    /**
     * An alert and how people handled it.
     *
     * @param id its number (the subject id of its audit entries)
     * @param eventId the event that raised it
     * @param raisedAt when the event happened
     * @param state {@code OPEN}, {@code ACKNOWLEDGED}, {@code RESOLVED} or {@code FALSE_ALARM}
     * @param acknowledgedBy the username that acknowledged it
     * @param closedBy the username that resolved it or called it a false alarm
     * @param resolution {@code RESOLVED} or {@code FALSE_ALARM}
     * @param reason what the person who closed it wrote
     */
    public record Alert(
            long id,
            long eventId,
            Instant raisedAt,
            String type,
            String severity,
            String state,
            @Nullable Double latitude,
            @Nullable Double longitude,
            boolean late,
            @Nullable String detail,
            @Nullable String acknowledgedBy,
            @Nullable Instant acknowledgedAt,
            @Nullable String closedBy,
            @Nullable Instant closedAt,
            @Nullable String resolution,
            @Nullable String reason) {}
}
