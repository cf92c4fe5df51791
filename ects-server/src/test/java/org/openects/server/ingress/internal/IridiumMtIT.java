package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.iridium.DirectIp;
import org.openects.codec.iridium.DirectIpMt;
import org.openects.codec.iridium.MtMessage;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.DownlinkResult;
import org.openects.codec.openects.Instruction;
import org.openects.codec.openects.Uplink;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.support.Api;
import org.openects.server.support.DeviceCommandsClient;
import org.openects.server.support.Eventually;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.IridiumGatewayDouble;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Iridium devices get their commands and time responses as DirectIP mobile-terminated messages: the platform on
 * PostgreSQL and the real Mosquitto, a device on its DirectIP mobile-originated listener, and a double of the Iridium
 * gateway's MT port that reads every MT message with the codec and answers the confirmation chosen by the test. What
 * arrives there is verified under the device key as the device does.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class IridiumMtIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final IridiumGatewayDouble GATEWAY = new IridiumGatewayDouble();

    @DynamicPropertySource
    static void theGatewaysMtPort(DynamicPropertyRegistry registry) {
        registry.add("ects.ingress.iridium.mt.host", () -> "127.0.0.1");
        registry.add("ects.ingress.iridium.mt.port", GATEWAY::port);
        registry.add("ects.ingress.iridium.mt.read-timeout", () -> "5s");
        registry.add("ects.commands.sweep-interval", () -> "2s"); // unsent commands are sent again soon
    }

    @LocalServerPort
    int port;

    @Autowired
    TcpListeners listeners;

    @Autowired
    Accounts accounts;

    @Autowired
    Organisations organisations;

    @Autowired
    JdbcTemplate jdbc;

    Api admin;
    Api officer;
    IridiumModem modem;

    @BeforeEach
    void aRegisteredIridiumSeal() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long customs = organisations.ensure("Iridium customs", OrganisationType.CUSTOMS);
        accounts.ensureUser("iridium-officer", "iridium-officer-password", customs, Set.of(Role.OFFICER));
        officer = Api.login(port, "iridium-officer", "iridium-officer-password");
        modem = IridiumModem.register(admin, listeners.boundPorts().get("iridium"));
    }

    @Test
    void aTimeRequestOverSbdIsAnsweredWithAnMtMessageThatVerifiesUnderTheDeviceKey() throws Exception {
        assertThat(modem.sendMo(modem.report())).isEqualTo(DirectIp.confirmation(true));
        Uplink.TimeRequest request = modem.timeRequest();
        byte[] asked = modem.encode(request);
        Instant before = Instant.now();

        assertThat(modem.sendMo(asked)).isEqualTo(DirectIp.confirmation(true));

        MtMessage mt = GATEWAY.next(modem.imei, WAIT);
        assertThat(mt.imei()).isEqualTo(modem.imei);
        assertThat(mt.dispositionFlags()).isZero();
        Downlink.TimeResponse response = (Downlink.TimeResponse) verified(mt);
        assertThat(response.requestCounter()).isEqualTo(request.counter());
        assertThat(response.platformTime()).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM raw_messages WHERE claimed_device_id = ? AND protocol = 'iridium'"
                                + " AND outcome = 'ACCEPTED'",
                        Long.class,
                        modem.imei))
                .isEqualTo(2);

        assertThat(modem.sendMo(asked))
                .as("the gateway's copy of a replayed request is still confirmed")
                .isEqualTo(DirectIp.confirmation(true));
        assertThat(GATEWAY.quietFor(modem.imei, Duration.ofSeconds(2)))
                .as("a replayed time request is not answered")
                .isTrue();
    }

    @Test
    void commandsGoToTheGatewayAsCompactMtMessagesNeverToMqtt() throws Exception {
        try (DeviceCommandsClient mqtt = new DeviceCommandsClient(modem.device)) {
            Api.Response ping = admin.post(commandsPath(), Map.of("op", "PING"));
            assertThat(ping.status()).as(ping.body()).isEqualTo(201);
            assertThat(ping.json().get("status").asString())
                    .as("before any message, the registration says Iridium")
                    .isEqualTo("SENT");
            assertThat(ping.json().get("transport").asString()).isEqualTo("IRIDIUM");
            Downlink.Command first = (Downlink.Command) verified(GATEWAY.next(modem.imei, WAIT));
            assertThat(first.instruction()).isEqualTo(new Instruction.Ping());

            assertThat(modem.sendMo(modem.report())).isEqualTo(DirectIp.confirmation(true));
            Api.Response unlock =
                    officer.post(commandsPath(), Map.of("op", "UNLOCK", "authorisation", "KRA/UNL/2025/0099"));
            assertThat(unlock.status()).as(unlock.body()).isEqualTo(201);
            JsonNode view = unlock.json();
            assertThat(view.get("status").asString()).isEqualTo("SENT");
            assertThat(view.get("transport").asString()).isEqualTo("IRIDIUM");
            assertThat(view.get("encoding").asString()).isEqualTo("COMPACT");

            MtMessage mt = GATEWAY.next(modem.imei, WAIT);
            byte[] payload = mt.payload();
            assertThat(payload).isNotNull();
            assertThat(payload.length).isLessThanOrEqualTo(DirectIpMt.MAX_PAYLOAD_BYTES);
            assertThat(DeviceCommandsClient.isCompact(payload)).isTrue();
            Downlink.Command command = (Downlink.Command) verified(mt);
            assertThat(command.counter()).isEqualTo(view.get("counter").asLong());
            assertThat(command.instruction())
                    .isEqualTo(
                            new Instruction.Unlock(view.get("authorisationCode").asLong()));

            Api.Response rotation = admin.post(commandsPath(), Map.of("op", "ROTATE_KEY"));
            assertThat(rotation.status()).as(rotation.body()).isEqualTo(201);
            MtMessage longest = GATEWAY.next(modem.imei, WAIT);
            assertThat(longest.payload()).as("the longest command").hasSize(60);
            assertThat(((Downlink.Command) verified(longest)).instruction()).isInstanceOf(Instruction.RotateKey.class);

            assertThat(mqtt.quietFor(Duration.ofSeconds(2)))
                    .as("nothing for an Iridium device on its MQTT commands topic")
                    .isTrue();
        }
    }

    @Test
    void aGatewayRefusalLeavesTheCommandUnsentWithTheStatusNamed() throws Exception {
        assertThat(modem.sendMo(modem.report())).isEqualTo(DirectIp.confirmation(true));
        GATEWAY.answer(modem.imei, -2);

        Api.Response ping = admin.post(commandsPath(), Map.of("op", "PING"));

        assertThat(ping.status()).as(ping.body()).isEqualTo(201);
        JsonNode view = ping.json();
        assertThat(view.get("status").asString()).isEqualTo("PENDING");
        assertThat(view.path("transport").isMissingNode()).isTrue();
        assertThat(view.get("detail").asString())
                .startsWith("not sent yet: ")
                .contains("IMEI " + modem.imei)
                .endsWith("the Iridium gateway refused it, status -2 UNKNOWN_IMEI: unknown IMEI (not provisioned on"
                        + " the gateway)");
        long counter = view.get("counter").asLong();
        assertThat(nextCommand(counter).instruction())
                .as("what the gateway refused")
                .isEqualTo(new Instruction.Ping());

        GATEWAY.answer(modem.imei, -5);
        Uplink.TimeRequest request = modem.timeRequest();
        assertThat(modem.sendMo(modem.encode(request)))
                .as("the device's message is archived and confirmed whatever becomes of the answer")
                .isEqualTo(DirectIp.confirmation(true));
        assertThat(nextTimeResponse().requestCounter()).isEqualTo(request.counter());

        GATEWAY.answer(modem.imei, 0);
        JsonNode sent = Eventually.await(WAIT, "the refused command sent again by the sweep", () -> {
            JsonNode again = admin.get(commandsPath() + "/" + counter).json();
            return "SENT".equals(again.path("status").asString()) ? again : null;
        });
        assertThat(sent.get("transport").asString()).isEqualTo("IRIDIUM");
        assertThat(sent.path("detail").isMissingNode()).isTrue();
    }

    /** The next command with this counter the gateway received, past any other MT message (sent again meanwhile). */
    private Downlink.Command nextCommand(long counter) {
        while (true) {
            if (verified(GATEWAY.next(modem.imei, WAIT)) instanceof Downlink.Command c && c.counter() == counter) {
                return c;
            }
        }
    }

    /** The next time response the gateway received, past the commands the sweep sent again meanwhile. */
    private Downlink.TimeResponse nextTimeResponse() {
        while (true) {
            if (verified(GATEWAY.next(modem.imei, WAIT)) instanceof Downlink.TimeResponse t) {
                return t;
            }
        }
    }

    private Downlink verified(MtMessage mt) {
        byte[] payload = mt.payload();
        assertThat(payload).as("MT payload").isNotNull();
        DownlinkResult result = CompactCodec.decodeDownlink(payload, modem.device, modem.key);
        assertThat(result).as("verified as the device does").isInstanceOf(DownlinkResult.Accepted.class);
        return ((DownlinkResult.Accepted) result).message();
    }

    private String commandsPath() {
        return "/api/v1/devices/" + modem.imei + "/commands";
    }
}
