package org.openects.server.audit.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the audit log is stored, under {@code ects.audit} (docs/operations.md, "Audit log guards" and "The
 * audit writer's own database role").
 *
 * @param allowH2InProduction let the {@code production} profile start on the single-box H2 database (refused by
 *     default: production runs on PostgreSQL)
 * @param datasource the audit writer's own connection (PostgreSQL role {@code ects_audit_writer}); without a URL the
 *     writer uses the application's
 */
@ConfigurationProperties("ects.audit")
public record AuditStorageProperties(
        @DefaultValue("false") boolean allowH2InProduction,
        @DefaultValue Datasource datasource) {

    /** The defaults: no H2 in production, the writer on the application's connection. */
    public static final AuditStorageProperties NONE =
            new AuditStorageProperties(false, new Datasource(null, null, null));

    /**
     * The audit writer's connection.
     *
     * @param url JDBC URL (env {@code ECTS_AUDIT_DATASOURCE_URL}); blank: the writer uses the application's DataSource
     * @param username the writer's role (env {@code ECTS_AUDIT_DATASOURCE_USERNAME})
     * @param password its password (env {@code ECTS_AUDIT_DATASOURCE_PASSWORD})
     */
    public record Datasource(
            @Nullable String url,
            @Nullable String username,
            @Nullable String password) {

        /** Whether the writer has a connection of its own. */
        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }
}
