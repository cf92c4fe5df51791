package org.openects.server.commands.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.codec.jt808.Jt808Commands;
import org.openects.codec.openects.AckStatus;
import org.openects.domain.DeviceId;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.ingress.CommandAckListener;
import org.openects.server.ingress.DeviceDownlink;
import org.openects.server.ingress.DownlinkReadyListener;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.openects.server.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of a command: issued with the device's next downlink counter (and, for a key rotation, a pending key),
 * sent through the ingress, answered by the device's acknowledgement or timed out by a periodic sweep, which also
 * sends again what could not be sent. Acknowledgements, delivery reports and the sweep are handled on one worker
 * thread, never on an ingest or MQTT thread. Every step is an audit entry and a live update for customs.
 */
@Service
class DeviceCommands implements CommandAckListener, DownlinkReadyListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeviceCommands.class);
    private static final String ACTOR = AuditEvent.system("commands");

    private final JdbcCommandStore store;
    private final DeviceRegistry registry;
    private final DeviceDownlink downlink;
    private final AuditLog audit;
    private final LiveHub live;
    private final CommandsProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Set<Long> sending = ConcurrentHashMap.newKeySet();
    private volatile @Nullable ScheduledExecutorService worker;

    DeviceCommands(
            JdbcCommandStore store,
            DeviceRegistry registry,
            DeviceDownlink downlink,
            AuditLog audit,
            LiveHub live,
            CommandsProperties properties,
            TransactionTemplate transactions,
            ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.registry = registry;
        this.downlink = downlink;
        this.audit = audit;
        this.live = live;
        this.properties = properties;
        this.transactions = transactions;
    }

    /**
     * What a caller asks for, checked by the controller.
     *
     * @param validFor whole minutes, 1 to 65535
     * @param remark what else the audit entry keeps (for an unlock: the unlock authorisation and its place)
     */
    record Order(
            String deviceId,
            CommandOp op,
            @Nullable Long intervalSeconds,
            @Nullable String authorisation,
            Duration validFor,
            String requestedBy,
            @Nullable String remark) {

        /** An order without a remark. */
        Order(
                String deviceId,
                CommandOp op,
                @Nullable Long intervalSeconds,
                @Nullable String authorisation,
                Duration validFor,
                String requestedBy) {
            this(deviceId, op, intervalSeconds, authorisation, validFor, requestedBy, null);
        }
    }

    /**
     * Issues the command and sends it, waiting a few seconds for the broker or the connection to take it.
     *
     * @throws org.openects.server.shared.ConflictException for a key rotation while another is open
     */
    Command issue(Order order) {
        store.ensureCounter(order.deviceId());
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Command command = transactions.execute(status -> {
            long counter = store.nextCounter(order.deviceId());
            byte[] wrappedKey = order.op() == CommandOp.ROTATE_KEY
                    ? registry.openKeyRotation(order.deviceId(), counter, order.requestedBy())
                            .orElseThrow(() -> new NotFoundException("no device " + order.deviceId()))
                    : null;
            String authorisation = order.authorisation();
            Command stored = store.insert(
                    order.deviceId(),
                    counter,
                    order.op(),
                    order.intervalSeconds(),
                    authorisation,
                    authorisation == null ? null : authorisationCode(authorisation),
                    wrappedKey,
                    issuedAt,
                    issuedAt.plus(order.validFor()),
                    order.requestedBy());
            Map<String, String> details = details(stored);
            details.put("validUntil", stored.validUntil().toString());
            if (order.remark() != null) {
                details.put("remark", order.remark());
            }
            audit.record(AuditEvent.now(
                    AuditEvent.user(order.requestedBy()),
                    "device.command-requested",
                    "device",
                    order.deviceId(),
                    details));
            return stored;
        });
        if (command == null) {
            throw new IllegalStateException("command not stored");
        }
        log.info(
                "Command {} {} for device {} requested by {}",
                command.counter(),
                command.op(),
                command.deviceId(),
                command.requestedBy());
        live.publish(LiveMessage.forCustoms("command", command));
        try {
            send(command).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Still pending: the answer says so, and the sweep sends it again.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return store.find(command.deviceId(), command.counter()).orElse(command);
    }

    /**
     * Published (inside this module) on the commands worker once a command's answer or timeout is recorded.
     *
     * @param authorisation the command's authorisation reference, for an unlock
     * @param status the status the command ended in
     */
    record CommandAnswered(
            String deviceId,
            long counter,
            CommandOp op,
            @Nullable String authorisation,
            CommandStatus status) {}

    /** The command, as stored now. */
    java.util.Optional<Command> find(String deviceId, long counter) {
        return store.find(deviceId, counter);
    }

    /** The 32-bit reference a device receives for an unlock authorisation: the first 4 bytes of its SHA-256. */
    static long authorisationCode(String authorisation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(authorisation.getBytes(StandardCharsets.UTF_8));
            return (digest[0] & 0xffL) << 24
                    | (digest[1] & 0xffL) << 16
                    | (digest[2] & 0xffL) << 8
                    | (digest[3] & 0xffL);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the command unless it is being sent; completes once the outcome of the attempt is recorded. */
    private CompletableFuture<Void> send(Command command) {
        ScheduledExecutorService executor = worker;
        if (executor == null || !sending.add(command.id())) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<DeviceDownlink.Delivery> delivery;
        try {
            delivery = downlink.send(command.toDownlink());
        } catch (RuntimeException e) {
            delivery = CompletableFuture.failedFuture(e);
        }
        return delivery.handleAsync(
                (sent, failure) -> {
                    sending.remove(command.id());
                    if (failure == null) {
                        sent(command, sent);
                    } else {
                        String detail = "not sent yet: " + rootMessage(failure);
                        if (detail.equals(command.detail())) {
                            // the same reason as at the last attempt (a terminal still offline): once at WARN is enough
                            log.debug("Command {} for device {} {}", command.counter(), command.deviceId(), detail);
                        } else {
                            log.warn("Command {} for device {} {}", command.counter(), command.deviceId(), detail);
                        }
                        store.notSent(command.id(), detail);
                    }
                    return null;
                },
                executor);
    }

    private void sent(Command command, DeviceDownlink.Delivery delivery) {
        Instant now = Instant.now();
        store.sent(command.id(), delivery.transport(), delivery.encoding(), now, delivery.remark());
        Map<String, String> details = details(command);
        details.put("transport", delivery.transport());
        details.put("encoding", delivery.encoding());
        if (delivery.remark() != null) {
            details.put("message", delivery.remark());
        }
        audit.record(AuditEvent.now(ACTOR, "device.command-sent", "device", command.deviceId(), details));
        publish(command);
    }

    @Override
    public void acknowledged(Ack ack) {
        ScheduledExecutorService executor = worker;
        try {
            if (executor == null) {
                throw new RejectedExecutionException("stopped");
            }
            executor.execute(() -> record(ack));
        } catch (RejectedExecutionException e) {
            log.warn(
                    "Acknowledgement of command {} by {} not recorded: commands stopped (it is archived)",
                    ack.commandCounter(),
                    ack.deviceId());
        }
    }

    private void record(Ack ack) {
        String device = ack.deviceId().value();
        Command command = store.find(device, ack.commandCounter()).orElse(null);
        if (command == null) {
            log.warn(
                    "Device {} acknowledged command {}, which the platform never issued", device, ack.commandCounter());
            return;
        }
        record(command, ack.status(), ack.receivedAt(), ack.deviceTime(), ack.rawMessageId(), Map.of());
    }

    /** A JT/T 808 terminal answered a platform message: recorded like an acknowledgement, on the worker. */
    @Override
    public void answered(TerminalAck ack) {
        onWorker(() -> record(ack), "Answer of JT/T 808 terminal " + ack.deviceId() + " to serial " + ack.serial());
    }

    private void record(TerminalAck ack) {
        String device = ack.deviceId().value();
        CommandOp op =
                switch (ack.messageId()) {
                    case Jt808Commands.SET_PARAMETERS -> CommandOp.SET_INTERVAL;
                    case Jt808Commands.POSITION_QUERY -> CommandOp.PING;
                    case Jt808Commands.VEHICLE_CONTROL -> CommandOp.UNLOCK;
                    default -> null;
                };
        Command command =
                op == null ? null : store.findBySerial(device, op, ack.serial()).orElse(null);
        if (command == null) {
            log.warn(
                    "JT/T 808 terminal {} answered message 0x{} serial {}, which the platform never sent it",
                    device,
                    Integer.toHexString(ack.messageId()),
                    ack.serial());
            return;
        }
        record(
                command,
                ack.status(),
                ack.receivedAt(),
                ack.deviceTime(),
                ack.rawMessageId(),
                Map.of("jt808Serial", Integer.toString(ack.serial()), "jt808Result", Integer.toString(ack.result())));
    }

    private void record(
            Command command,
            AckStatus answer,
            Instant receivedAt,
            Instant deviceTime,
            long rawMessageId,
            Map<String, String> more) {
        String device = command.deviceId();
        CommandStatus status = CommandStatus.of(answer);
        if (!store.acknowledged(command.id(), status, receivedAt, deviceTime, rawMessageId)) {
            log.debug(
                    "Command {} of {} already answered; answer {} in message {} ignored",
                    command.counter(),
                    device,
                    answer,
                    rawMessageId);
            return;
        }
        Map<String, String> details = details(command);
        details.put("status", status.name());
        details.put("deviceTime", deviceTime.toString());
        details.put("rawMessageId", Long.toString(rawMessageId));
        details.putAll(more);
        audit.record(AuditEvent.now("device:" + device, "device.command-acknowledged", "device", device, details));
        log.info("Device {} answered command {} {}: {}", device, command.counter(), command.op(), status);
        if (command.op() == CommandOp.ROTATE_KEY && answer != AckStatus.DONE) {
            registry.abandonKeyRotation(device, command.counter(), "the device answered " + status);
        }
        publish(command);
        answered(command, status);
    }

    /**
     * A terminal reachable only on its connection (JT/T 808) is on a new one: its pending commands go now rather than
     * at the next sweep.
     */
    @Override
    public void connected(DeviceId device) {
        onWorker(
                () -> {
                    for (Command command : store.pending(device.value(), Instant.now())) {
                        send(command);
                    }
                },
                "Pending commands of " + device + " not sent on its connection (the sweep sends them)");
    }

    /** Runs {@code task} on the worker; when commands are stopped, logs {@code what} instead. Never blocks. */
    private void onWorker(Runnable task, String what) {
        ScheduledExecutorService executor = worker;
        try {
            if (executor == null) {
                throw new RejectedExecutionException("stopped");
            }
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.warn("{}: commands stopped", what);
        }
    }

    /**
     * Times out the open commands whose validity (plus the grace for late acknowledgements) ended before {@code now},
     * abandoning their key rotations, and sends again the pending ones still valid. Runs on the worker every {@link
     * CommandsProperties#sweepInterval()}; tests call it with a later time.
     */
    void sweep(Instant now) {
        for (Command command : store.overdue(now.minus(properties.ackGrace()))) {
            if (!store.timedOut(command.id())) {
                continue;
            }
            audit.record(
                    AuditEvent.now(ACTOR, "device.command-timed-out", "device", command.deviceId(), details(command)));
            log.info("Command {} {} for device {} timed out", command.counter(), command.op(), command.deviceId());
            if (command.op() == CommandOp.ROTATE_KEY) {
                registry.abandonKeyRotation(command.deviceId(), command.counter(), "no answer within its validity");
            }
            publish(command);
            answered(command, CommandStatus.TIMED_OUT);
        }
        for (Command command : store.unsent(now.minus(properties.sweepInterval()), now)) {
            send(command);
        }
    }

    /** Tells the module's listeners (unlock authorisations) that the command is answered; a failing one is logged. */
    private void answered(Command command, CommandStatus status) {
        try {
            events.publishEvent(new CommandAnswered(
                    command.deviceId(), command.counter(), command.op(), command.authorisation(), status));
        } catch (RuntimeException e) {
            log.error("Answer of command {} of {} not passed on", command.counter(), command.deviceId(), e);
        }
    }

    private void publish(Command command) {
        store.find(command.deviceId(), command.counter())
                .ifPresent(now -> live.publish(LiveMessage.forCustoms("command", now)));
    }

    private static Map<String, String> details(Command command) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("counter", Long.toString(command.counter()));
        details.put("op", command.op().name());
        if (command.intervalSeconds() != null) {
            details.put("intervalSeconds", command.intervalSeconds().toString());
        }
        if (command.authorisation() != null) {
            details.put("authorisation", command.authorisation());
            details.put("authorisationCode", String.valueOf(command.authorisationCode()));
        }
        return details;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "device-commands");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        sweep(Instant.now());
                    } catch (RuntimeException e) {
                        log.error("Command sweep failed; trying again in {}", properties.sweepInterval(), e);
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        worker = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = worker;
        worker = null;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
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
        // Before the ingest pipeline, which tells it of acknowledgements, and stopped after it.
        return Integer.MAX_VALUE - 1000;
    }
}
