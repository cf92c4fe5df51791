package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openects.evidence.Hash;
import org.openects.server.shared.TimeOrderedIds;
import org.openects.server.support.Api;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The administrators' list of unknown devices: the ids that messages refused as {@code UNKNOWN_DEVICE} claimed, less
 * those the device registry knows by now. The archive is read by page and the registry asked about each page, so the
 * list goes on past a page of devices registered since.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class UnknownDevicesIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    IngressController ingress;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void fullPages() {
        pageSize(IngressController.UNKNOWN_DEVICES_PAGE);
    }

    @Test
    void devicesRegisteredSinceTheirMessagesAreLeftOutEvenWhenTheyFillAWholePage() {
        String run = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000, 10_000_000));
        String stillUnknown = "UNK-" + run + "-A";
        String registeredFirst = "UNK-" + run + "-B";
        String registeredLast = "UNK-" + run + "-C";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        refused(stillUnknown, now.minusSeconds(3));
        refused(registeredFirst, now.minusSeconds(2));
        refused(registeredLast, now.minusSeconds(1));
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        for (String id : List.of(registeredFirst, registeredLast)) {
            Api.Response registered =
                    admin.post("/api/v1/devices", Map.of("deviceId", id, "kind", "TRACKER", "protocol", "ais140"));
            assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        }
        // A page of two: the newest two are the devices registered since, so the first page lists nothing.
        pageSize(2);

        List<String> listed =
                admin.get("/api/v1/ingress/unknown-devices").json().findValuesAsString("deviceId");

        assertThat(listed)
                .first()
                .as("the newest unknown device, from the second page")
                .isEqualTo(stillUnknown);
        assertThat(listed).doesNotContain(registeredFirst, registeredLast);
        assertThat(listed).doesNotHaveDuplicates();
    }

    /** Sets the controller's page size (the controller is for administrators alone, its setter too). */
    private void pageSize(int size) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "admin", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
        try {
            ingress.unknownDevicesPage(size);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** A message from {@code deviceId} refused because no such device was registered. */
    private void refused(String deviceId, Instant at) {
        byte[] payload = ("from " + deviceId).getBytes(StandardCharsets.UTF_8);
        jdbc.update(
                """
                INSERT INTO raw_messages (id, received_at, transport, source, claimed_device_id, digest, payload, outcome,
                    reason, protocol)
                VALUES (?, ?, 'tcp', 'test', ?, ?, ?, 'REJECTED', 'UNKNOWN_DEVICE', 'ais140')""",
                TimeOrderedIds.next(),
                Timestamp.from(at),
                deviceId,
                Hash.sha256(payload).bytes(),
                payload);
    }
}
