package org.openects.server.audit.internal;

import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The outbox scenarios on H2 (the single-box database), with the same migrations. */
class AuditOutboxTest extends OutboxScenarios {

    private final String url =
            "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";

    @Override
    DataSource database() {
        return new DriverManagerDataSource(url, "sa", "");
    }

    @Override
    String[] connection() {
        return new String[] {url, "sa", ""};
    }

    @Override
    String vendor() {
        return "h2";
    }
}
