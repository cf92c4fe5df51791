package org.openects.server.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.openects.server.identity.DemoAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * At every start, before the server accepts requests: without the demo mode, disables the published demo accounts
 * that exist in the database (a database once used for a demo); with it, checks once more, on the open database, that
 * it is not PostgreSQL (a URL that does not say so, a pool configured elsewhere).
 */
@Component
class DemoAccountsSweep implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DemoAccountsSweep.class);

    private final Environment environment;
    private final DemoAccounts demoAccounts;
    private final DataSource dataSource;

    DemoAccountsSweep(Environment environment, DemoAccounts demoAccounts, DataSource dataSource) {
        this.environment = environment;
        this.demoAccounts = demoAccounts;
        this.dataSource = dataSource;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (DemoModeGuard.demoMode(environment)) {
            String product = databaseProduct();
            if (DemoModeGuard.isPostgresqlProduct(product)) {
                throw new IllegalStateException("Refusing to start: the demo mode (ects.demo.enabled or the demo"
                        + " profile) is on with a PostgreSQL database. The demo creates accounts whose passwords are"
                        + " published and runs only on the single-box H2 database.");
            }
            return;
        }
        List<String> disabled = demoAccounts.disableExisting();
        if (!disabled.isEmpty()) {
            log.warn("Disabled the demo accounts {}: their passwords are published and the demo mode is off", disabled);
        }
    }

    private String databaseProduct() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database this is: " + e.getMessage(), e);
        }
    }
}
