package org.openects.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openects.server.EctsApplication;
import org.openects.server.support.TestAccounts;
import org.springframework.boot.SpringApplication;

/**
 * The demo mode, whose accounts have published passwords, refuses to start where real data may live: with the
 * production profile, or on PostgreSQL. Both refusals come before any bean touches the database.
 */
class DemoModeGuardIT {

    @Test
    void theDemoModeWithTheProductionProfileRefusesToStart() throws Exception {
        Throwable refused = start(
                "--ects.demo.enabled=true",
                "--spring.profiles.active=production",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/no_such_database_for_demo_guard");

        assertThat(rootCause(refused))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("demo mode")
                .hasMessageContaining("production profile");
    }

    @Test
    void theDemoProfileOnPostgresqlRefusesToStart() throws Exception {
        Throwable refused = start(
                "--spring.profiles.active=demo",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/no_such_database_for_demo_guard");

        assertThat(rootCause(refused))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("demo mode")
                .hasMessageContaining("PostgreSQL");
    }

    private static Throwable start(String... args) throws Exception {
        Path dataDir = Files.createTempDirectory("ects-demo-guard");
        String[] commandLine = new String[args.length + 4];
        System.arraycopy(args, 0, commandLine, 0, args.length);
        commandLine[args.length] = "--ects.data-dir=" + dataDir;
        commandLine[args.length + 1] = "--server.port=0";
        commandLine[args.length + 2] = "--ects.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD;
        commandLine[args.length + 3] = "--ects.mqtt.embedded=false";
        Throwable thrown = catchThrowable(
                () -> SpringApplication.run(EctsApplication.class, commandLine).close());
        assertThat(thrown).as("the start is refused").isNotNull();
        return thrown;
    }

    private static Throwable rootCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
