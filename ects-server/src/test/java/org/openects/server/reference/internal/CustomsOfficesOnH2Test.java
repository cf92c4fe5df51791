package org.openects.server.reference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.VerifierKey;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.audit.FrameProof;
import org.openects.server.audit.IngestBatch;
import org.openects.server.reference.CustomsOffice;
import org.openects.server.reference.OfficeRole;
import org.openects.server.reference.OfficeSource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customs offices on H2, the single-box database (the integration tests run on PostgreSQL): the migrations create
 * the tables, the shipped reference file loads, an administrator's put is read back from memory after its commit and
 * a newer file keeps it. The audit log here only collects what is recorded (the real one is tested on PostgreSQL).
 */
class CustomsOfficesOnH2Test {

    @Test
    void theShippedFileLoadsAndTheVersionRuleHoldsOnH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:offices-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        CollectedAudit audit = new CollectedAudit();
        JdbcCustomsOffices offices = new JdbcCustomsOffices(JdbcClient.create(dataSource), audit);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        CustomsOfficeFileLoader loader = new CustomsOfficeFileLoader(
                offices,
                new DefaultResourceLoader(),
                JsonMapper.builder().build(),
                "classpath:reference/customs-offices.json");

        JdbcCustomsOffices.Load shipped =
                transactions.execute(status -> loader.load("classpath:reference/customs-offices.json"));

        assertThat(shipped.applied()).isTrue();
        assertThat(shipped.inserted()).isEqualTo(10);
        assertThat(offices.all()).hasSize(10);
        assertThat(offices.find("UGMAL100")).map(CustomsOffice::country).contains("UG");
        assertThat(offices.find("UGMAL100")).map(CustomsOffice::twoPersonUnlock).contains(false);
        assertThat(offices.loadedVersion()).isEqualTo(2);

        transactions.execute(status -> offices.put(
                new OfficeEntry(
                        "UGMAL100",
                        "Malaba OSBP (Uganda)",
                        "UG",
                        0.6385,
                        34.2765,
                        1200,
                        List.of(OfficeRole.BORDER),
                        true),
                "admin"));

        assertThat(offices.find("UGMAL100")).map(CustomsOffice::name).contains("Malaba OSBP (Uganda)");
        assertThat(offices.find("UGMAL100"))
                .as("the two-person option an administrator set")
                .map(CustomsOffice::twoPersonUnlock)
                .contains(true);
        assertThat(offices.find("UGMAL100")).map(CustomsOffice::source).contains(OfficeSource.ADMIN);
        assertThat(audit.events)
                .extracting(AuditEvent::action)
                .containsExactly("customs-offices.loaded", "customs-office.replaced");

        JdbcCustomsOffices.Load again =
                transactions.execute(status -> loader.load("classpath:reference/customs-offices.json"));

        assertThat(again.applied()).isFalse();
        assertThat(offices.find("UGMAL100")).map(CustomsOffice::name).contains("Malaba OSBP (Uganda)");
        assertThat(offices.find("KEMSA100").orElseThrow().updatedAt()).isNotNull();
    }

    /** Collects the recorded events; the rest of the log is not used here. */
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
