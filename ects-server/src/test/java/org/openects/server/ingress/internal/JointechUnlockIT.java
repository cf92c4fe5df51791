package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A Jointech JT701 on a real TCP connection reports an RFID-card unlock (P45) at the movement's origin: the platform
 * matches it to the officer's AT_TRUCK unlock authorisation there and records the custody step UNLOCKED with the card.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class JointechUnlockIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("ddMMyy").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);

    @LocalServerPort
    int port;

    @Autowired
    TcpListeners listeners;

    @Autowired
    Accounts accounts;

    @Autowired
    Organisations organisations;

    @Test
    void anRfidCardUnlockReportedInP45IsMatchedToItsAuthorisationAndBecomesACustodyStep() throws Exception {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long customs = organisations.ensure("Jointech unlock customs", OrganisationType.CUSTOMS);
        long trader = organisations.ensure("Jointech unlock trader", OrganisationType.TRADER);
        accounts.ensureUser("jt701-officer", "jt701-officer-password", customs, Set.of(Role.OFFICER));
        Api officer = Api.login(port, "jt701-officer", "jt701-officer-password");
        String lock = "70" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Api.Response registered =
                admin.post("/api/v1/devices", Map.of("deviceId", lock, "kind", "E_LOCK", "protocol", "jt600"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        Api.Response started =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, lock));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        long movement = started.json().get("id").asLong();
        Api.Response authorised = officer.post(
                "/api/v1/unlock-authorisations",
                Map.of(
                        "deviceId", lock,
                        "placeKind", "ORIGIN",
                        "method", "AT_TRUCK",
                        "reason", "physical examination at the port",
                        "validUntil", Instant.now().plus(Duration.ofHours(1)).toString()));
        assertThat(authorised.status()).as(authorised.body()).isEqualTo(201);

        // after the authorisation (an unlock before its window is unauthorised)
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String p45 = "(" + lock + ",P45," + DATE.format(at) + "," + TIME.format(at)
                + ",4.050100,S,39.660100,E,A,0,0,1,1,0012260888,0,0,7)";
        try (Socket socket = new Socket("127.0.0.1", listeners.boundPorts().get("jt600"))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(p45.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readReply(socket.getInputStream()))
                    .as("the lock's reply")
                    .isEqualTo("(P69,0,7)");
        }

        JsonNode step = Eventually.await(WAIT, "the UNLOCKED custody step", () -> {
            for (JsonNode s :
                    admin.get("/api/v1/movements/" + movement + "/custody").json()) {
                if ("UNLOCKED".equals(s.path("kind").asString())) {
                    return s;
                }
            }
            return null;
        });
        assertThat(step.get("note").asString())
                .contains(
                        "RFID_CARD",
                        "0012260888",
                        authorised.json().get("reference").asString());
        assertThat(step.get("place").asString()).isEqualTo("origin Mombasa port");
        assertThat(Instant.parse(step.get("recordedAt").asString())).isEqualTo(at);
        assertThat(officer.get("/api/v1/unlock-authorisations/"
                                + authorised.json().get("reference").asString())
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("USED");
    }

    private static String readReply(InputStream in) throws Exception {
        StringBuilder reply = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            reply.append((char) b);
            if (b == ')') {
                break;
            }
        }
        return reply.toString();
    }
}
