package org.openects.server.commands.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.UnlockEvent;
import org.openects.domain.UnlockMethod;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.ingress.UnlockReportListener;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.UnlockCustody;
import org.openects.server.shared.AfterCommit;
import org.openects.server.shared.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Matches the unlocks devices report to unlock authorisations. On the ingest thread, from memory only: an accepted
 * unlock event (Jointech P45, JT/T 808 lock event) is an unlock; a lock state {@code UNLOCKED} is one when the same
 * device's previous known lock state was {@code LOCKED} (the first known state after a start only sets the baseline).
 * Those rare unlocks are queued (bounded; a full queue drops and logs) for this component's own worker, which, for a
 * device on a supervised movement, finds an authorisation of the device valid at the device's time and, when the
 * report has a position, whose place contains it — preferring {@code AT_TRUCK} for a card or password unlock and
 * {@code REMOTE} otherwise — and records it as the movement's custody step {@code UNLOCKED} (and the authorisation as
 * used) in one transaction; with none, it keeps the unlock in {@code unauthorised_unlocks}, audited and published live
 * for customs ({@code unauthorised-unlock}), for the monitoring rules to read.
 */
@Component
class UnlockMatcher implements UnlockReportListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UnlockMatcher.class);
    private static final int QUEUE = 10_000;

    private final UnlockAuthorisations authorisations;
    private final MovementDirectory movements;
    private final UnlockCustody custody;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final LiveHub live;
    /** The last known lock state of each device that reported one: {@code true} unlocked. */
    private final Map<String, Boolean> unlocked = new ConcurrentHashMap<>();

    private final BlockingQueue<Report> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile @Nullable Thread worker;

    UnlockMatcher(
            UnlockAuthorisations authorisations,
            MovementDirectory movements,
            UnlockCustody custody,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuditLog audit,
            LiveHub live) {
        this.authorisations = authorisations;
        this.movements = movements;
        this.custody = custody;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.live = live;
    }

    @Override
    public void lockReported(Report report) {
        String device = report.deviceId().value();
        UnlockEvent event = report.unlock();
        boolean isUnlock;
        if (event != null && event.authorised()) {
            unlocked.put(device, Boolean.TRUE);
            isUnlock = true;
        } else if (report.lock() == LockState.UNLOCKED) {
            Boolean before = unlocked.put(device, Boolean.TRUE);
            isUnlock = Boolean.FALSE.equals(before);
        } else if (report.lock() == LockState.LOCKED) {
            unlocked.put(device, Boolean.FALSE);
            isUnlock = false;
        } else {
            isUnlock = false; // a refused attempt: the monitoring's alarms tell of it
        }
        if (isUnlock && !queue.offer(report)) {
            log.warn("Unlock reported by {} at {} not matched: the unlock queue is full", device, report.deviceTime());
        }
    }

    /** Matches one reported unlock (on the worker; tests call it directly). */
    void match(Report report) {
        String device = report.deviceId().value();
        Movement movement = movements.activeFor(report.deviceId()).orElse(null);
        if (movement == null) {
            log.debug("Unlock of {} at {}: on no supervised movement, nothing to match", device, report.deviceTime());
            return;
        }
        Instant at = report.deviceTime();
        UnlockEvent event = report.unlock();
        UnlockMethod reported = event == null ? UnlockMethod.UNKNOWN : event.method();
        String method = event == null ? "LOCK_STATE" : reported.name();
        boolean atTruck = reported == UnlockMethod.RFID_CARD || reported == UnlockMethod.PASSWORD;
        GeoPosition position = report.position();
        List<UnlockAuthorisation> candidates = authorisations.usableFor(device, at).stream()
                .filter(a -> a.movementId() == movement.id())
                .filter(a -> a.coversTime(at))
                .filter(a -> position == null || a.place().contains(position.latitude(), position.longitude()))
                .sorted(Comparator.comparing(
                        (UnlockAuthorisation a) -> (a.method() == UnlockAuthorisation.Method.AT_TRUCK) != atTruck))
                .toList();
        String credential = event == null ? null : event.credential();
        if (!candidates.isEmpty()) {
            UnlockAuthorisation used = candidates.getFirst();
            transactions.executeWithoutResult(tx -> {
                custody.recordUnlock(
                        movement.id(),
                        device,
                        used.method() == UnlockAuthorisation.Method.REMOTE && !atTruck ? "REMOTE" : method,
                        credential,
                        used.reference(),
                        used.officers(),
                        used.place().label(),
                        at);
                authorisations.markUsed(
                        used, at, "unlock reported in message " + report.rawMessageId() + " (" + method + ")");
            });
            log.info("Unlock of {} at {} matched to authorisation {}", device, at, used.reference());
            return;
        }
        String reason = position == null
                ? "no unlock authorisation of the device valid at " + at
                : String.format(
                        java.util.Locale.ROOT,
                        "no unlock authorisation of the device valid at %s for a place containing %.5f, %.5f",
                        at,
                        position.latitude(),
                        position.longitude());
        long id = TimeOrderedIds.next();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("deviceId", device);
        view.put("movementId", movement.id());
        view.put("movementReference", movement.reference());
        view.put("deviceTime", at);
        view.put("method", method);
        if (credential != null) {
            view.put("credential", credential);
        }
        if (position != null) {
            view.put("latitude", position.latitude());
            view.put("longitude", position.longitude());
        }
        view.put("reason", reason);
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("""
                            INSERT INTO unauthorised_unlocks (id, device_id, movement_id, device_time, received_at,
                                method, credential, latitude, longitude, reason)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            id,
                            device,
                            movement.id(),
                            Timestamp.from(at),
                            Timestamp.from(report.receivedAt()),
                            method,
                            credential,
                            position == null ? null : position.latitude(),
                            position == null ? null : position.longitude(),
                            reason)
                    .update();
            Map<String, String> details = new LinkedHashMap<>();
            view.forEach((k, v) -> details.put(k, String.valueOf(v)));
            details.put("rawMessageId", Long.toString(report.rawMessageId()));
            audit.record(
                    AuditEvent.now(AuditEvent.system("commands"), "unlock.unauthorised", "device", device, details));
            AfterCommit.run(() -> live.publish(LiveMessage.forCustoms("unauthorised-unlock", view)));
        });
        log.warn("Unauthorised unlock of {} on movement {} at {}: {}", device, movement.reference(), at, reason);
    }

    private void run() {
        while (worker != null) {
            Report report;
            try {
                report = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (report == null) {
                continue;
            }
            try {
                match(report);
            } catch (RuntimeException e) {
                log.error("Unlock reported by {} at {} not matched", report.deviceId(), report.deviceTime(), e);
            }
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::run, "unlock-matcher");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    @Override
    public int getPhase() {
        // Before the ingest pipeline, which tells it of unlocks, and stopped after it.
        return Integer.MAX_VALUE - 1000;
    }
}
