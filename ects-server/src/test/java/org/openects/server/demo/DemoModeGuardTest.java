package org.openects.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which databases the demo mode takes for PostgreSQL (and refuses). */
class DemoModeGuardTest {

    @Test
    void postgresqlUrlsAreRecognisedDirectOrWrapped() {
        assertThat(DemoModeGuard.isPostgresqlUrl("jdbc:postgresql://db:5432/ects"))
                .isTrue();
        assertThat(DemoModeGuard.isPostgresqlUrl("JDBC:PostgreSQL://db/ects")).isTrue();
        assertThat(DemoModeGuard.isPostgresqlUrl("jdbc:p6spy:postgresql://db/ects"))
                .isTrue();
    }

    @Test
    void h2InPostgresqlModeIsNotPostgresql() {
        assertThat(DemoModeGuard.isPostgresqlUrl("jdbc:h2:file:/data/db/ects;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"))
                .isFalse();
        assertThat(DemoModeGuard.isPostgresqlUrl("")).isFalse();
        assertThat(DemoModeGuard.isPostgresqlProduct("H2")).isFalse();
        assertThat(DemoModeGuard.isPostgresqlProduct("PostgreSQL")).isTrue();
    }
}
