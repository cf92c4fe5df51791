package org.openects.server.movements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Api;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A device is held by one movement at most, and the database holds it (a partial unique index over {@code
 * movement_devices} on PostgreSQL): a second movement holding the same device is refused even past the application's
 * own check, and concurrent starts for one device through the API give one 201 and 409 problem details for the others.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class OneActiveMovementIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    Api admin;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
    }

    @Test
    void theDatabaseRefusesASecondActiveMovementOfTheSameDevice() {
        String device = Fixtures.uniqueId("DB-ONE");
        // Rows written past the application (no route plan it could draw): rolled back, so no other test sees them.
        transactions.executeWithoutResult(status -> {
            status.setRollbackOnly();
            insert(Fixtures.uniqueId("MRN"), device, "IN_TRANSIT", true);
            insert(Fixtures.uniqueId("MRN"), device, "CLOSED", false);
            insert(Fixtures.uniqueId("MRN"), device, "CANCELLED", false);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM movement_devices WHERE device_id = ? AND held",
                            Integer.class,
                            device))
                    .isEqualTo(1);

            assertThatThrownBy(() -> insert(Fixtures.uniqueId("MRN"), device, "SEALS_ASSIGNED", true))
                    .isInstanceOf(DuplicateKeyException.class);
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movements WHERE device_id = ?", Integer.class, device))
                .isZero();
    }

    @Test
    void concurrentStartsForOneDeviceGiveOneMovementAndConflictsForTheOthers() throws Exception {
        long trader = admin.newOrganisation("TRADER");
        String device = Fixtures.uniqueId("RACE");
        assertThat(admin.post("/api/v1/devices", Fixtures.anESeal(device)).status())
                .isEqualTo(201);
        int starts = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            String reference = Fixtures.uniqueId("MRN");
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return admin.post("/api/v1/movements", Fixtures.aMovement(reference, trader, device));
            }));
        }
        go.countDown();

        List<Api.Response> responses = new ArrayList<>();
        for (CompletableFuture<Api.Response> answer : answers) {
            responses.add(answer.get());
        }

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(starts - 1);
        for (Api.Response refused :
                responses.stream().filter(r -> r.status() == 409).toList()) {
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString()).contains(device, "active movement");
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM movement_devices WHERE device_id = ? AND held", Integer.class, device))
                .isEqualTo(1);
    }

    private void insert(String reference, String device, String state, boolean held) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update(
                "INSERT INTO movements (reference, trader_organisation_id, device_id, state, origin_name,"
                        + " destination_name, route_plan, created_at, created_by, state_since)"
                        + " VALUES (?, 1, ?, ?, 'A', 'B', '{}', ?, 'test', ?)",
                reference,
                device,
                state,
                now,
                now);
        jdbc.update(
                "INSERT INTO movement_devices (movement_id, device_id, role, ordinal, held)"
                        + " SELECT id, ?, 'SEAL', 0, ? FROM movements WHERE reference = ?",
                device,
                held,
                reference);
    }
}
