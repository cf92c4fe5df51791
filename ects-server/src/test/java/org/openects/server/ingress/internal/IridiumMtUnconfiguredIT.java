package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openects.codec.iridium.DirectIp;
import org.openects.server.support.Api;
import org.openects.server.support.DeviceCommandsClient;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Without an Iridium MT gateway (the shared test context sets none), a command to an Iridium device is not sent, and
 * says which settings are missing; neither it nor a time response goes to MQTT instead.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class IridiumMtUnconfiguredIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    TcpListeners listeners;

    @Test
    void aCommandToAnIridiumDeviceFailsNamingTheSettingsAndNothingGoesToMqtt() throws Exception {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        IridiumModem modem = IridiumModem.register(admin, listeners.boundPorts().get("iridium"));
        try (DeviceCommandsClient mqtt = new DeviceCommandsClient(modem.device)) {
            assertThat(modem.sendMo(modem.report())).isEqualTo(DirectIp.confirmation(true));
            assertThat(modem.sendMo(modem.encode(modem.timeRequest())))
                    .as("the request is archived and confirmed to the gateway")
                    .isEqualTo(DirectIp.confirmation(true));

            Api.Response ping = admin.post("/api/v1/devices/" + modem.imei + "/commands", Map.of("op", "PING"));

            assertThat(ping.status()).as(ping.body()).isEqualTo(201);
            JsonNode view = ping.json();
            assertThat(view.get("status").asString()).isEqualTo("PENDING");
            assertThat(view.path("transport").isMissingNode()).isTrue();
            assertThat(view.get("detail").asString())
                    .isEqualTo("not sent yet: " + IridiumMtClient.NOT_CONFIGURED)
                    .contains("ects.ingress.iridium.mt.host", "ects.ingress.iridium.mt.port");
            assertThat(mqtt.quietFor(Duration.ofSeconds(2)))
                    .as("neither the time response nor the command went to MQTT")
                    .isTrue();
        }
    }
}
