package org.openects.server.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Api;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A provider's stock on PostgreSQL: devices are taken in the caller's transaction, a rollback puts them back, two
 * transactions assigning at once never take the same device (the second skips the first's locked rows and finds too
 * few), and a call outside a transaction is refused.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class DeviceStockIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    DeviceStock stock;

    @Autowired
    DeviceRegistry registry;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void concurrentAssignmentsNeverTakeTheSameDevice() throws Exception {
        long provider = providerWith(3);
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);

        // Threads of their own: the common pool may have a single worker, which the first would hold.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<List<Device>> first = CompletableFuture.supplyAsync(
                () -> transactions.execute(status -> {
                    List<Device> taken =
                            stock.assign(provider, Set.of(DeviceKind.E_SEAL), 2, "test first", "system:test");
                    firstHolds.countDown();
                    await(secondDone);
                    return taken;
                }),
                threads);
        assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        transactions.execute(status ->
                                stock.assign(provider, Set.of(DeviceKind.E_SEAL), 2, "test second", "system:test"));
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    } finally {
                        secondDone.countDown();
                    }
                },
                threads);

        Throwable refused = second.get(30, TimeUnit.SECONDS);
        List<Device> taken = first.get(30, TimeUnit.SECONDS);
        threads.shutdown();

        assertThat(refused).isInstanceOf(InsufficientStockException.class);
        assertThat(((InsufficientStockException) refused).requested()).isEqualTo(2);
        assertThat(taken).extracting(Device::lifecycle).containsOnly(Lifecycle.ASSIGNED);
        assertThat(taken).extracting(Device::deviceId).doesNotHaveDuplicates();
        assertThat(registry.list(provider))
                .filteredOn(d -> d.lifecycle() == Lifecycle.ASSIGNED)
                .hasSize(2);
        assertThat(stock.available(provider, Set.of(DeviceKind.E_SEAL))).isEqualTo(1);
    }

    @Test
    void aRollbackPutsTheDevicesBackAndACallOutsideATransactionIsRefused() {
        long provider = providerWith(2);

        transactions.executeWithoutResult(status -> {
            assertThat(stock.assign(provider, Set.of(DeviceKind.E_SEAL, DeviceKind.E_LOCK), 2, "test", "system:test"))
                    .hasSize(2);
            status.setRollbackOnly();
        });

        assertThat(stock.available(provider, Set.of(DeviceKind.E_SEAL))).isEqualTo(2);
        assertThat(stock.available(provider, Set.of(DeviceKind.TRACKER))).isZero();
        assertThatThrownBy(() -> stock.assign(provider, Set.of(DeviceKind.E_SEAL), 1, "test", "system:test"))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    private long providerWith(int seals) {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long provider = admin.newOrganisation("SEAL_PROVIDER");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < seals; i++) {
            String id = Fixtures.uniqueId("STOCK");
            Api.Response registered = admin.registerDevice(
                    Map.of("deviceId", id, "kind", "E_SEAL", "ownerOrganisationId", provider, "protocol", "jt808"));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            ids.add(id);
        }
        assertThat(ids).hasSize(seals);
        return provider;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the second assignment did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
