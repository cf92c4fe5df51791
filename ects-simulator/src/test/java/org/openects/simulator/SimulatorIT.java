package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.DeviceMessage;
import org.openects.codec.openects.AckStatus;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.Instruction;
import org.openects.codec.openects.KeyWrap;
import org.openects.codec.openects.NativeProtocol;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.simulator.route.Route;

/** Runs the simulator against the real Mosquitto on 127.0.0.1:1883 and checks every message a subscriber receives. */
class SimulatorIT {

    static final String HOST = "127.0.0.1";
    static final int PORT = 1883;
    static final List<GeoPosition> CORRIDOR = Corridors.mombasaMalaba();
    static final Route ROUTE = Route.of(CORRIDOR);

    record Received(String topic, byte[] payload, Instant at) {}

    final Queue received = new Queue();
    String prefix;
    Mqtt3AsyncClient subscriber;

    static final class Queue extends ConcurrentLinkedQueue<Received> {}

    @BeforeAll
    static void mosquittoMustBeRunning() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 2000);
        } catch (IOException e) {
            fail("no MQTT broker on " + HOST + ":" + PORT
                    + "; start Mosquitto: mosquitto -d -c /etc/mosquitto/mosquitto.conf");
        }
    }

    @BeforeEach
    void subscribe() throws Exception {
        prefix = "test/" + UUID.randomUUID();
        subscriber = MqttClient.builder()
                .useMqttVersion3()
                .identifier("sim-it-" + UUID.randomUUID())
                .serverHost(HOST)
                .serverPort(PORT)
                .buildAsync();
        subscriber.connect().get(10, TimeUnit.SECONDS);
        subscriber
                .subscribeWith()
                .topicFilter(NativeProtocol.reportTopicFilter(prefix))
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> received.add(
                        new Received(publish.getTopic().toString(), publish.getPayloadAsBytes(), Instant.now())))
                .send()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void unsubscribe() throws Exception {
        subscriber.disconnect().get(10, TimeUnit.SECONDS);
    }

    static SimulatedDevice truck(int number, Incident... incidents) {
        return new SimulatedDevice(
                DemoFleet.deviceId(number),
                NativeProtocol.newKey(),
                CORRIDOR,
                200 + number * 50,
                60,
                List.of(incidents));
    }

    SimulatorConfig fastConfig(String host, int port) {
        return SimulatorConfig.defaults()
                .withBroker(host, port)
                .withTopicPrefix(prefix)
                .withReportInterval(Duration.ofMillis(100))
                .withSpeedup(20); // 60 km/h becomes 1200 km/h: 1/3 km per real second
    }

    /** Decodes every received message with the fleet's keys; fails on any rejection. Reports per device, in arrival order. */
    static Map<DeviceId, List<Report>> decodeAll(List<Received> messages, List<SimulatedDevice> fleet) {
        Map<DeviceId, byte[]> keys = new HashMap<>();
        fleet.forEach(device -> keys.put(device.id(), device.key()));
        NativeReportCodec codec = new NativeReportCodec(keys::get);
        Map<DeviceId, List<Report>> reports = new LinkedHashMap<>();
        for (Received message : messages) {
            DeviceMessage result = codec.decode(message.payload(), message.at(), Channel.CELLULAR);
            assertThat(result).as("message on %s", message.topic()).isInstanceOf(DeviceMessage.Reports.class);
            Report report = ((DeviceMessage.Reports) result).reports().getFirst();
            assertThat(message.topic())
                    .isEqualTo(NativeProtocol.reportTopic(message.topic().split("/devices/")[0], report.deviceId()));
            reports.computeIfAbsent(report.deviceId(), id -> new ArrayList<>()).add(report);
        }
        return reports;
    }

    @Test
    void every_report_arrives_signed_in_order_with_the_scripted_incidents_and_history_burst() throws Exception {
        List<SimulatedDevice> fleet = List.of(
                truck(1, new Incident.CorridorDeviation(0.3, 2.0, 0.6)), // 0.9 s to 2.7 s of real time
                truck(2, new Incident.SealTamper(0.5, SealState.TAMPERED)), // at 1.5 s
                truck(3, new Incident.SignalGap(0.3, Duration.ofMillis(1500))), // silent from 0.9 s to 2.4 s
                truck(4));

        Simulator simulator = new Simulator(fastConfig(HOST, PORT), fleet);
        try (simulator) {
            simulator.start();
            Thread.sleep(4000);
        }
        awaitReceived(simulator.published());

        List<Received> messages = List.copyOf(received);
        assertThat(simulator.failed()).isZero();
        assertThat(simulator.published()).isEqualTo(simulator.generated()).isGreaterThan(4 * 20);
        assertThat(messages).hasSize((int) simulator.published());
        Map<DeviceId, List<Report>> reports = decodeAll(messages, fleet);

        assertThat(reports)
                .containsOnlyKeys(fleet.stream().map(SimulatedDevice::id).toList());
        reports.forEach((device, list) -> assertThat(list)
                .as("counters of %s in arrival order", device)
                .extracting(Report::counter)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, list.size()).boxed().toList()));

        List<Report> deviating = reports.get(DemoFleet.deviceId(1));
        double furthest = deviating.stream()
                .mapToDouble(r -> ROUTE.distanceFromRouteKm(r.position()))
                .max()
                .orElseThrow();
        assertThat(furthest).isBetween(1.8, 2.05);
        assertThat(ROUTE.distanceFromRouteKm(deviating.getFirst().position())).isLessThan(0.01);
        assertThat(ROUTE.distanceFromRouteKm(deviating.getLast().position())).isLessThan(0.01);

        List<Report> tampered = reports.get(DemoFleet.deviceId(2));
        assertThat(tampered.getFirst().seal()).isEqualTo(SealState.CLOSED);
        assertThat(tampered.getLast().seal()).isEqualTo(SealState.TAMPERED);
        assertThat(tampered)
                .filteredOn(r -> r.alarms().contains(Alarm.TAMPER))
                .singleElement()
                .satisfies(first -> {
                    assertThat(first.seal()).isEqualTo(SealState.TAMPERED);
                    assertThat(tampered.get(tampered.indexOf(first) - 1).seal()).isEqualTo(SealState.CLOSED);
                });

        List<Report> gapped = reports.get(DemoFleet.deviceId(3));
        List<Report> history = gapped.stream().filter(Report::history).toList();
        assertThat(history).hasSizeBetween(10, 20);
        int firstHistory = gapped.indexOf(history.getFirst());
        assertThat(gapped.subList(firstHistory, firstHistory + history.size()))
                .as("history arrives as one contiguous burst")
                .containsExactlyElementsOf(history);
        assertThat(gapped.get(firstHistory + history.size()).history()).isFalse();
        Duration silence = Duration.between(
                arrivalOf(messages, gapped.get(firstHistory - 1)), arrivalOf(messages, history.getFirst()));
        assertThat(silence).isGreaterThan(Duration.ofMillis(1200));
        assertThat(Duration.between(
                        history.getFirst().deviceTime(), history.getLast().deviceTime()))
                .isGreaterThan(Duration.ofMillis(1200));
        assertThat(gapped).allSatisfy(r -> assertThat(r.deviceTime()).isBeforeOrEqualTo(r.receivedAt()));
    }

    private Instant arrivalOf(List<Received> messages, Report report) {
        String counterField = "\"ctr\":" + report.counter() + ",";
        String device = report.deviceId().value();
        return messages.stream()
                .filter(m -> m.topic().contains("/" + device + "/"))
                .filter(m -> payloadJson(m).contains(counterField))
                .findFirst()
                .map(Received::at)
                .orElseThrow(() -> new AssertionError("no message for " + report));
    }

    private static String payloadJson(Received message) {
        String text = new String(message.payload(), java.nio.charset.StandardCharsets.US_ASCII);
        return new String(
                java.util.Base64.getUrlDecoder().decode(text.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void a_simulated_seal_answers_commands_on_its_acks_topic_as_a_device_does() throws Exception {
        SimulatedDevice seal = truck(1);
        DeviceId id = seal.id();
        byte[] key = seal.key();
        byte[] newKey = NativeProtocol.newKey();
        Queue acks = new Queue();
        subscriber
                .subscribeWith()
                .topicFilter(NativeProtocol.ackTopicFilter(prefix))
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> acks.add(
                        new Received(publish.getTopic().toString(), publish.getPayloadAsBytes(), Instant.now())))
                .send()
                .get(10, TimeUnit.SECONDS);
        Simulator simulator =
                new Simulator(fastConfig(HOST, PORT).withEncoding(SimulatorConfig.Encoding.COMPACT), List.of(seal));
        try (simulator) {
            simulator.start();
            DeviceMessage.CommandOutcome ping =
                    awaitAck(acks, 1, key, () -> command(id, 1, new Instruction.Ping(), key));
            assertThat(ping.status()).isEqualTo(AckStatus.DONE);
            assertThat(acks.peek().topic()).isEqualTo(NativeProtocol.ackTopic(prefix, id));

            DeviceMessage.CommandOutcome unlock =
                    awaitAck(acks, 2, key, () -> command(id, 2, new Instruction.Unlock(4711), key));
            assertThat(unlock.status()).isEqualTo(AckStatus.DONE);
            Report afterUnlock = awaitReport(id, key, r -> r.counter() > unlock.counter());
            assertThat(afterUnlock.lock()).isEqualTo(LockState.UNLOCKED);

            DeviceMessage.CommandOutcome rotated = awaitAck(
                    acks,
                    3,
                    newKey,
                    () -> command(id, 3, new Instruction.RotateKey(KeyWrap.wrap(key, 3, newKey)), key));
            assertThat(rotated.status()).as("acknowledged under the new key").isEqualTo(AckStatus.DONE);
            assertThat(awaitReport(id, newKey, r -> r.counter() > rotated.counter()))
                    .as("reports are signed with the new key")
                    .isNotNull();
            assertThat(simulator.answered()).isGreaterThanOrEqualTo(3);
        }
    }

    private byte[] command(DeviceId device, long counter, Instruction instruction, byte[] key) {
        return CompactCodec.signer()
                .encodeCommand(
                        new Downlink.Command(
                                device,
                                counter,
                                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                                Duration.ofMinutes(10),
                                instruction),
                        key);
    }

    /**
     * Publishes the command (again, every second: the simulator subscribes once connected) until the device
     * acknowledges it with an acknowledgement that verifies under {@code key}.
     */
    private DeviceMessage.CommandOutcome awaitAck(
            Queue acks, long command, byte[] key, java.util.function.Supplier<byte[]> message) throws Exception {
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            subscriber
                    .publishWith()
                    .topic(NativeProtocol.commandTopic(prefix, DemoFleet.deviceId(1)))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(message.get())
                    .send()
                    .get(10, TimeUnit.SECONDS);
            Instant retry = Instant.now().plusSeconds(1);
            while (Instant.now().isBefore(retry)) {
                for (Received received : acks) {
                    if (new CompactCodec(d -> key)
                                            .decodeUplink(
                                                    received.payload(),
                                                    DemoFleet.deviceId(1),
                                                    received.at(),
                                                    Channel.CELLULAR)
                                    instanceof DeviceMessage.CommandOutcome ack
                            && ack.commandCounter() == command) {
                        return ack;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no acknowledgement of command " + command);
    }

    /** The first compact report of the device that verifies under {@code key} and matches, waiting for it. */
    private Report awaitReport(DeviceId device, byte[] key, java.util.function.Predicate<Report> wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            for (Received message : received) {
                if (new CompactCodec(d -> key).decodeUplink(message.payload(), device, message.at(), Channel.CELLULAR)
                                instanceof DeviceMessage.Reports reports
                        && wanted.test(reports.reports().getFirst())) {
                    return reports.reports().getFirst();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching report of " + device);
    }

    @Test
    void when_the_broker_connection_drops_the_simulator_reconnects_and_nothing_is_lost() throws Exception {
        List<SimulatedDevice> fleet = List.of(truck(1), truck(2));
        try (CuttableProxy proxy = new CuttableProxy(HOST, PORT)) {
            Simulator simulator = new Simulator(fastConfig(HOST, proxy.port()), fleet);
            try (simulator) {
                simulator.start();
                Thread.sleep(1500);
                proxy.cutAll();
                Thread.sleep(1500);
                assertThat(proxy.connectionsAccepted()).as("reconnected").isGreaterThanOrEqualTo(2);
            }
            assertThat(simulator.failed()).isZero();
            awaitReceived(simulator.generated());
        }

        Map<DeviceId, List<Report>> reports = decodeAll(List.copyOf(received), fleet);
        reports.forEach((device, list) -> {
            List<Long> counters = list.stream().map(Report::counter).toList();
            long highest = counters.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(counters.stream().distinct().sorted().toList())
                    .as("every counter of %s arrives, at least once (QoS 1)", device)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, highest).boxed().toList());
            assertThat(counters.stream().distinct().toList())
                    .as("first arrivals in order")
                    .isSorted();
        });
        assertThat(reports.values().stream().mapToLong(List::size).sum()).isGreaterThanOrEqualTo(2 * 25);
    }

    private void awaitReceived(long expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (received.size() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        Thread.sleep(200); // and nothing more than expected
    }

    /** A TCP forwarder in front of the broker whose connections the test can cut, as a network failure would. */
    static final class CuttableProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread acceptor;
        private volatile int accepted;

        CuttableProxy(String host, int port) throws IOException {
            acceptor = Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket broker = new Socket(host, port);
                        accepted++;
                        sockets.add(client);
                        sockets.add(broker);
                        pipe(client, broker);
                        pipe(broker, client);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        int connectionsAccepted() {
            return accepted;
        }

        void cutAll() {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
            sockets.clear();
        }

        private static void pipe(Socket from, Socket to) {
            Thread.ofPlatform().daemon().start(() -> {
                try (InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // connection cut
                } finally {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            });
        }

        @Override
        public void close() throws IOException {
            server.close();
            cutAll();
            try {
                acceptor.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
