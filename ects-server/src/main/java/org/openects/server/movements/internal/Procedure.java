package org.openects.server.movements.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.server.movements.IllegalTransitionException;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementArrivals;
import org.openects.server.movements.MovementState;
import org.openects.server.shared.BatchWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The transitions the platform makes by itself: a movement not arrived by its time limit goes to {@code OVERDUE}, one
 * overdue for longer than {@code ects.procedure.enquiry-after} to {@code ENQUIRY} (a periodic sweep, as {@value
 * #ACTOR}), and an arrival the monitoring saw moves the movement to {@code ARRIVED} (a worker, {@code movements}, as
 * {@value #MONITORING}). Times come from the {@link Clock} bean.
 */
@Component
class Procedure implements MovementArrivals, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Procedure.class);

    /** Who the sweep's transitions are recorded as. */
    static final String ACTOR = "system:procedure";

    /** Who an arrival's transition is recorded as. */
    static final String MONITORING = "system:monitoring";

    /** The states a movement may be in and become overdue: on its way, not arrived. */
    static final List<MovementState> ON_ITS_WAY =
            List.of(MovementState.IN_TRANSIT, MovementState.AT_BORDER, MovementState.INCIDENT, MovementState.DIVERTED);

    private final JdbcMovements movements;
    private final Clock clock;
    private final Duration enquiryAfter;
    private final Duration sweepInterval;
    private final BatchWorker<Arrival> worker;
    private @Nullable ScheduledExecutorService sweeper;

    Procedure(
            JdbcMovements movements,
            Clock clock,
            ProcedureConfiguration.ProcedureProperties properties,
            MeterRegistry meters) {
        this.movements = movements;
        this.clock = clock;
        this.enquiryAfter = properties.enquiryAfter();
        this.sweepInterval = properties.sweepInterval();
        this.worker = BatchWorker.<Arrival>named("movements")
                .threadName("movement-arrivals")
                .capacity(10_000)
                .batchSize(100)
                .stopWithin(Duration.ofSeconds(5))
                .build(meters, partition -> batch -> batch.forEach(this::arrive));
    }

    /** An arrival to record. */
    record Arrival(long movementId, Instant at, String place) {}

    @Override
    public boolean arrived(long movementId, Instant at, String place) {
        boolean queued = worker.offer(movementId, new Arrival(movementId, at, place));
        if (!queued) {
            log.warn("The arrivals queue is full: the arrival of movement {} is not recorded", movementId);
        }
        return queued;
    }

    /** Moves the movement to ARRIVED when its state allows it; otherwise logs why not. */
    void arrive(Arrival arrival) {
        try {
            movements.transition(
                    arrival.movementId(),
                    MovementState.ARRIVED,
                    MONITORING,
                    arrival.place(),
                    "arrived in the destination geofence at " + arrival.at() + " (device time)");
        } catch (IllegalTransitionException e) {
            log.debug("Arrival of movement {} not recorded as a transition: {}", arrival.movementId(), e.getMessage());
        }
    }

    /**
     * One sweep at the clock's time: movements past their time limit and not arrived go to OVERDUE, movements overdue
     * for longer than the enquiry delay to ENQUIRY. A movement moved meanwhile by someone else is left as it is.
     *
     * @return how many transitions it made
     */
    int sweep() {
        Instant now = clock.instant();
        int moved = 0;
        for (Movement movement : movements.pastTimeLimit(ON_ITS_WAY, now)) {
            moved += move(movement, MovementState.OVERDUE, "not arrived by its time limit " + movement.timeLimit());
        }
        for (Movement movement : movements.inStateSince(MovementState.OVERDUE, now.minus(enquiryAfter))) {
            moved += move(
                    movement,
                    MovementState.ENQUIRY,
                    "overdue for more than " + enquiryAfter + " since " + movement.stateSince());
        }
        return moved;
    }

    private int move(Movement movement, MovementState to, String reason) {
        try {
            movements.transition(movement.id(), to, ACTOR, null, reason);
            return 1;
        } catch (IllegalTransitionException e) {
            return 0; // moved by someone else since it was listed
        }
    }

    @Override
    public synchronized void start() {
        worker.start();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "procedure-sweep");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        sweep();
                    } catch (RuntimeException e) {
                        log.error("The procedure's sweep failed; it runs again in {}", sweepInterval, e);
                    }
                },
                sweepInterval.toMillis(),
                sweepInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        sweeper = scheduler;
    }

    @Override
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        worker.stop();
    }

    @Override
    public synchronized boolean isRunning() {
        return sweeper != null;
    }
}
