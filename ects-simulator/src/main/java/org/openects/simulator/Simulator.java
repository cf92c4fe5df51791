package org.openects.simulator;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.JsonMessageCodec;
import org.openects.codec.openects.NativeProtocol;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.codec.openects.Uplink;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.simulator.route.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a fleet of {@link SimulatedDevice}s and publishes their signed native reports over MQTT 3.1.1 with QoS 1,
 * each to {@code {prefix}/devices/{deviceId}/reports}, as JSON or in the compact binary form ({@link
 * SimulatorConfig#encoding()}).
 *
 * <p>The devices take commands as real ones do: the simulator subscribes to {@code {prefix}/devices/+/commands} and
 * hands each message to its device's {@link Firmware}, which verifies it and carries it out (a ping: a report now; a
 * reporting interval; an unlock: the lock opens in its next reports; a key rotation: the new key signs from the
 * acknowledgement on); the acknowledgement goes to {@code {prefix}/devices/{deviceId}/acks}. {@link
 * #requestTime(DeviceId)} makes a device ask the platform for its time, which it sets from the answer.
 *
 * <p>One MQTT client serves the whole fleet; one thread takes every device's reading each {@link
 * SimulatorConfig#reportInterval()} and publishes them, so each device's reports leave in counter order. The client
 * reconnects by itself when the broker goes away and keeps its session, so reports taken meanwhile are sent after
 * reconnection (QoS 1: a report may then arrive twice; its counter tells).
 *
 * <p>{@link #start()} once, {@link #close()} to stop: it waits briefly for outstanding acknowledgements.
 */
public final class Simulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);

    /** Reports kept while the broker has never been reached; beyond this the oldest are dropped. */
    static final int MAX_OUTBOX = 100_000;

    private final SimulatorConfig config;
    private final List<SimulatedDevice> devices;
    private final Clock clock;
    private final NativeReportCodec codec = NativeReportCodec.signer();
    private final CompactCodec compact = CompactCodec.signer();
    private final JsonMessageCodec json = new JsonMessageCodec(id -> null);
    private final Mqtt3AsyncClient client;
    private final ScheduledExecutorService ticker;
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Deque<Outgoing> outbox = new ArrayDeque<>();
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
    private final List<TruckRun> runs = new ArrayList<>();
    private final Map<DeviceId, TruckRun> runsById = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean started;
    private volatile boolean closed;

    public Simulator(SimulatorConfig config, List<SimulatedDevice> devices) {
        this(config, devices, Clock.systemUTC());
    }

    Simulator(SimulatorConfig config, List<SimulatedDevice> devices, Clock clock) {
        this.config = config;
        this.devices = List.copyOf(devices);
        this.clock = clock;
        Mqtt3ClientBuilder builder = MqttClient.builder()
                .useMqttVersion3()
                .identifier(config.clientId())
                .serverHost(config.host())
                .serverPort(config.port())
                .automaticReconnect()
                .initialDelay(250, TimeUnit.MILLISECONDS)
                .maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> {
                    log.info("Simulator connected to {}:{}", config.host(), config.port());
                    subscribeToCommands();
                })
                .addDisconnectedListener(context -> {
                    if (!closed) {
                        log.warn(
                                "Simulator lost the broker at {}:{} ({}); reconnecting",
                                config.host(),
                                config.port(),
                                context.getCause().toString());
                    }
                });
        String username = config.username();
        if (username != null) {
            String password = config.password();
            builder = password == null
                    ? builder.simpleAuth().username(username).applySimpleAuth()
                    : builder.simpleAuth()
                            .username(username)
                            .password(password.getBytes(StandardCharsets.UTF_8))
                            .applySimpleAuth();
        }
        this.client = builder.buildAsync();
        this.client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onDownlink);
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ects-simulator");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects (retrying in the background while the broker is away) and starts the fleet driving now. */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("a simulator starts once");
        }
        started = true;
        client.connectWith().cleanSession(false).keepAlive(30).send().whenComplete((ack, error) -> {
            if (error != null) {
                log.warn(
                        "Simulator cannot reach the broker at {}:{} yet ({}); retrying",
                        config.host(),
                        config.port(),
                        error.toString());
            }
        });
        Instant now = clock.instant();
        Map<List<GeoPosition>, Route> routes = new IdentityHashMap<>();
        for (SimulatedDevice device : devices) {
            Route route = routes.computeIfAbsent(device.route(), Route::of);
            TruckRun run = new TruckRun(device, route, now, config.speedup());
            runs.add(run);
            runsById.put(device.id(), run);
        }
        log.info("Simulator started: {} devices, {}", devices.size(), config);
        ticker.scheduleAtFixedRate(this::tick, 0, config.reportInterval().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            for (TruckRun run : runs) {
                queueReports(run, run.tick(now));
            }
            flush();
        } catch (RuntimeException e) {
            log.error("Simulator tick failed; continuing", e);
        }
    }

    private void queueReports(TruckRun run, List<Report> reports) {
        byte[] key = run.firmware().key();
        String topic =
                NativeProtocol.reportTopic(config.topicPrefix(), run.device().id());
        for (Report report : reports) {
            generated.incrementAndGet();
            byte[] message = compactEncoding() ? compact.encodeReport(report, key) : codec.encode(report, key);
            outbox.add(new Outgoing(topic, message, true));
        }
    }

    private boolean compactEncoding() {
        return config.encoding() == SimulatorConfig.Encoding.COMPACT;
    }

    private void subscribeToCommands() {
        client.subscribeWith()
                .topicFilter(NativeProtocol.commandTopicFilter(config.topicPrefix()))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .whenComplete((ack, error) -> {
                    if (error != null) {
                        log.warn("Simulator could not subscribe to its commands: {}", error.toString());
                    }
                });
    }

    /** A message on a commands topic: handed to its device's firmware on the ticking thread. */
    private void onDownlink(Mqtt3Publish publish) {
        String topic = publish.getTopic().toString();
        int end = topic.lastIndexOf('/');
        int start = topic.lastIndexOf('/', end - 1);
        String device = start >= 0 ? topic.substring(start + 1, end) : "";
        TruckRun run = DeviceId.isValid(device) ? runsById.get(DeviceId.of(device)) : null;
        if (run == null || closed) {
            return;
        }
        byte[] message = publish.getPayloadAsBytes();
        try {
            ticker.execute(() -> answer(run, message));
        } catch (RejectedExecutionException e) {
            log.debug("Simulator stopped; message for {} ignored", device);
        }
    }

    private void answer(TruckRun run, byte[] message) {
        try {
            Instant now = clock.instant();
            Firmware.Answer answer = run.firmware().onDownlink(message, now, run::takeCounter, System.nanoTime());
            Uplink.Ack ack = answer.ack();
            if (ack != null) {
                byte[] key = run.firmware().key();
                outbox.add(new Outgoing(
                        NativeProtocol.ackTopic(
                                config.topicPrefix(), run.device().id()),
                        compactEncoding() ? compact.encodeAck(ack, key) : json.encodeAck(ack, key),
                        false));
                answered.incrementAndGet();
                log.info("Simulated {} answered command {}: {}", run.device().id(), ack.commandCounter(), ack.status());
            }
            if (answer.reportNow()) {
                queueReports(run, run.reportNow(now));
            }
            flush();
        } catch (RuntimeException e) {
            log.error(
                    "Simulated {} failed on a command; continuing", run.device().id(), e);
        }
    }

    /**
     * Makes the device ask the platform for its time (device protocol section 8.1); it sets its clock from the answer
     * on its commands topic.
     */
    public void requestTime(DeviceId device) {
        TruckRun run = runsById.get(device);
        if (run == null) {
            throw new IllegalArgumentException("no simulated device " + device);
        }
        ticker.execute(() -> {
            Uplink.TimeRequest request =
                    run.firmware().timeRequest(clock.instant(), run.takeCounter(), System.nanoTime());
            byte[] key = run.firmware().key();
            outbox.add(new Outgoing(
                    NativeProtocol.reportTopic(config.topicPrefix(), device),
                    compactEncoding() ? compact.encodeTimeRequest(request, key) : json.encodeTimeRequest(request, key),
                    false));
            flush();
        });
    }

    /** Publishes what waits in the outbox, or keeps it (the oldest dropped beyond its capacity) until it can. */
    private void flush() {
        while (outbox.size() > MAX_OUTBOX) {
            outbox.poll();
            if (dropped.getAndIncrement() == 0) {
                log.warn(
                        "Simulator outbox full ({} reports) before reaching the broker; dropping the oldest",
                        MAX_OUTBOX);
            }
        }
        if (canPublish()) {
            Outgoing next;
            while ((next = outbox.poll()) != null) {
                publish(next);
            }
        }
    }

    /**
     * The client queues publishes itself while connected or reconnecting, but refuses them during the very first
     * connection attempt; reports wait in the outbox until then.
     */
    private boolean canPublish() {
        MqttClientState state = client.getState();
        return state != MqttClientState.CONNECTING && state != MqttClientState.DISCONNECTED;
    }

    /** A message waiting to be published; {@code report} counts it in {@link #published()}. */
    private record Outgoing(String topic, byte[] message, boolean report) {}

    private void publish(Outgoing message) {
        CompletableFuture<?> sent = client.publishWith()
                .topic(message.topic())
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(message.message())
                .send()
                .whenComplete((ack, error) -> {
                    if (error == null) {
                        if (message.report()) {
                            published.incrementAndGet();
                        }
                    } else if (failed.getAndIncrement() == 0 || log.isDebugEnabled()) {
                        log.warn("Simulator could not publish to {}: {}", message.topic(), error.toString());
                    }
                });
        synchronized (inFlight) {
            inFlight.removeIf(CompletableFuture::isDone);
            inFlight.add(sent);
        }
    }

    /** Reports taken so far (published, in flight or waiting for the broker). */
    public long generated() {
        return generated.get();
    }

    /** Reports the broker has acknowledged (PUBACK). */
    public long published() {
        return published.get();
    }

    /** Reports that could not be published, or were dropped from a full outbox. */
    public long failed() {
        return failed.get() + dropped.get();
    }

    /** Commands the devices have acknowledged. */
    public long answered() {
        return answered.get();
    }

    /** What a device's firmware holds now (lock, interval, clock offset), for tests; read it from the ticking thread. */
    Firmware firmwareOf(DeviceId device) {
        TruckRun run = runsById.get(device);
        if (run == null) {
            throw new IllegalArgumentException("no simulated device " + device);
        }
        return run.firmware();
    }

    /** Whether the MQTT connection is up right now. */
    public boolean connected() {
        return client.getState().isConnected();
    }

    public SimulatorConfig config() {
        return config;
    }

    public List<SimulatedDevice> devices() {
        return devices;
    }

    /** Stops taking readings, waits up to 5 s for outstanding acknowledgements, and disconnects. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ticker.shutdown();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            CompletableFuture<?>[] pending;
            synchronized (inFlight) {
                pending = inFlight.toArray(CompletableFuture<?>[]::new);
            }
            awaitQuietly(CompletableFuture.allOf(pending));
            if (client.getState().isConnectedOrReconnect()) {
                awaitQuietly(client.disconnect());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info(
                "Simulator stopped: {} reports taken, {} acknowledged, {} failed",
                generated.get(),
                published.get(),
                failed.get());
    }

    private static void awaitQuietly(@Nullable CompletableFuture<?> future) throws InterruptedException {
        if (future == null) {
            return;
        }
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Simulator shutdown did not complete cleanly: {}", e.toString());
        }
    }
}
