package org.openects.server.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import org.junit.jupiter.api.Test;
import org.openects.server.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On PostgreSQL the start-up check finds every guard of migration V8 enabled ALWAYS, names one that was disabled, and
 * then stops a production start.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class AuditGuardCheckIT extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDisabledGuardIsFoundAndStopsAProductionStart() {
        StandardEnvironment production = new StandardEnvironment();
        production.setActiveProfiles("production");
        assertThat(AuditGuardCheck.missingOnPostgres(jdbc)).isEmpty();
        new AuditGuardCheck(jdbc, production, AuditStorageProperties.NONE);

        jdbc.execute("ALTER TABLE audit_frames DISABLE TRIGGER audit_frames_append_only");
        try {
            assertThat(AuditGuardCheck.missingOnPostgres(jdbc)).containsExactly("audit_frames_append_only");
            assertThatThrownBy(() -> new AuditGuardCheck(jdbc, production, AuditStorageProperties.NONE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("audit_frames_append_only")
                    .hasMessageContaining("production");
        } finally {
            jdbc.execute("ALTER TABLE audit_frames ENABLE ALWAYS TRIGGER audit_frames_append_only");
        }
        assertThat(AuditGuardCheck.missingOnPostgres(jdbc)).isEmpty();
    }
}
