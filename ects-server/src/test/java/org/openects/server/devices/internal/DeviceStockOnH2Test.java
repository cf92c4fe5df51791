package org.openects.server.devices.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.VerifierKey;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.audit.FrameProof;
import org.openects.server.audit.IngestBatch;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceKind;
import org.openects.server.devices.InsufficientStockException;
import org.openects.server.devices.Lifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A provider's stock on H2, the single-box database (the integration tests run on PostgreSQL): the plain selection and
 * the conditional updates take only the provider's devices of the kinds asked that are in stock and not revoked, write
 * one audit entry each, and a shortfall refuses the call and, once rolled back, leaves the stock as it was.
 */
class DeviceStockOnH2Test {

    @Test
    void assignsOnlyWhatIsInStockAndAShortfallChangesNothing() {
        DataSource dataSource = h2();
        JdbcTemplate template = new JdbcTemplate(dataSource);
        insert(template, "S-1", "E_SEAL", 7, "IN_STOCK", false);
        insert(template, "S-2", "E_LOCK", 7, "IN_STOCK", false);
        insert(template, "S-3", "E_SEAL", 7, "IN_STOCK", true);
        insert(template, "S-4", "E_SEAL", 7, "ARMED", false);
        insert(template, "S-5", "E_SEAL", 8, "IN_STOCK", false);
        insert(template, "T-1", "TRACKER", 7, "IN_STOCK", false);
        CollectedAudit audit = new CollectedAudit();
        JdbcDeviceStock stock = new JdbcDeviceStock(JdbcClient.create(dataSource), template, audit);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Set<DeviceKind> seals = Set.of(DeviceKind.E_SEAL, DeviceKind.E_LOCK);

        assertThat(stock.available(7, seals)).isEqualTo(2);
        assertThatThrownBy(() -> transactions.executeWithoutResult(
                        status -> stock.assign(7, seals, 3, "seal-request 1", "system:test")))
                .isInstanceOf(InsufficientStockException.class)
                .satisfies(e ->
                        assertThat(((InsufficientStockException) e).available()).isEqualTo(2));
        assertThat(stock.available(7, seals)).isEqualTo(2);
        assertThat(audit.events).isEmpty();

        List<Device> taken = transactions.execute(status -> stock.assign(7, seals, 2, "seal-request 2", "system:test"));

        assertThat(taken).extracting(Device::deviceId).containsExactly("S-1", "S-2");
        assertThat(taken).extracting(Device::lifecycle).containsOnly(Lifecycle.ASSIGNED);
        assertThat(stock.available(7, seals)).isZero();
        assertThat(stock.available(7, Set.of(DeviceKind.TRACKER))).isEqualTo(1);
        assertThat(stock.available(8, seals)).isEqualTo(1);
        assertThat(audit.events)
                .extracting(e -> e.subjectId() + " " + e.details().get("assignedTo"))
                .containsExactly("S-1 seal-request 2", "S-2 seal-request 2");
    }

    private static DataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:stock-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        return dataSource;
    }

    private static void insert(
            JdbcTemplate jdbc, String id, String kind, long owner, String lifecycle, boolean revoked) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update(
                "INSERT INTO devices (device_id, kind, protocol, owner_organisation_id, lifecycle, key_secret,"
                        + " key_version, key_rotated_at, created_at, created_by, revoked_at)"
                        + " VALUES (?, ?, 'jt808', ?, ?, ?, 1, ?, ?, 'test', ?)",
                id,
                kind,
                owner,
                lifecycle,
                new byte[32],
                now,
                now,
                revoked ? now : null);
    }

    private static final class CollectedAudit implements AuditLog {

        final List<AuditEvent> events = new ArrayList<>();

        @Override
        public void record(AuditEvent event) {
            events.add(event);
        }

        @Override
        public void recordFrames(IngestBatch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean awaitRecorded(Duration timeout) {
            return true;
        }

        @Override
        public SignedCheckpoint checkpointNow() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SignedCheckpoint> latestCheckpoint() {
            return Optional.empty();
        }

        @Override
        public VerifierKey verifierKey() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<FrameProof> frameProof(long rawMessageId) {
            return Optional.empty();
        }
    }
}
