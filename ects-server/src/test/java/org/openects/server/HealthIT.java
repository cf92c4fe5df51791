package org.openects.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import org.junit.jupiter.api.Test;
import org.openects.server.support.Api;
import org.openects.server.support.IntegrationTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The health answer is a contract that deployment scripts compare byte for byte. */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class HealthIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void aReadyPlatformAnswersExactlyStatusUpToAnyone() {
        Api.Response health = Api.anonymous(port).get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    }
}
