package org.openects.server.audit.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.openects.server.shared.BulkRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks at every start that the audit log's append-only guards are in place (PostgreSQL: migration V8's triggers,
 * enabled ALWAYS; H2: migration V32's Java triggers and truncate guard) and that production does not run on H2. With
 * the {@code production} profile a missing guard, or H2 without {@code ects.audit.allow-h2-in-production}, stops the
 * start; otherwise it is logged at WARN.
 */
@Component
class AuditGuardCheck {

    private static final Logger log = LoggerFactory.getLogger(AuditGuardCheck.class);

    /** Row triggers refusing UPDATE and DELETE, on both databases. */
    static final List<String> ROW_GUARDS = List.of(
            "audit_entries_append_only",
            "audit_tree_nodes_append_only",
            "audit_checkpoints_append_only",
            "audit_frames_append_only",
            "audit_tree_size_only_grows");

    /** PostgreSQL's statement triggers refusing TRUNCATE. */
    static final List<String> TRUNCATE_GUARDS = List.of(
            "audit_entries_no_truncate",
            "audit_tree_nodes_no_truncate",
            "audit_tree_size_no_truncate",
            "audit_checkpoints_no_truncate",
            "audit_frames_no_truncate");

    AuditGuardCheck(JdbcTemplate jdbc, Environment environment, AuditStorageProperties storage) {
        boolean production = environment.acceptsProfiles(Profiles.of("production"));
        boolean postgres = BulkRows.isPostgres(jdbc);
        if (!postgres && production && !storage.allowH2InProduction()) {
            throw new IllegalStateException("The production profile runs on PostgreSQL: this database is not"
                    + " (spring.datasource.url). Set SPRING_DATASOURCE_URL, or set ects.audit.allow-h2-in-production"
                    + "=true to run production on the single-box H2 database knowingly (docs/operations.md).");
        }
        Set<String> missing = postgres ? missingOnPostgres(jdbc) : missingOnH2(jdbc);
        if (missing.isEmpty()) {
            log.info("Audit log guards in place ({})", postgres ? "PostgreSQL triggers" : "H2 triggers");
            return;
        }
        String message = "The audit log's append-only guards are missing or disabled: " + String.join(", ", missing)
                + ". Migrations " + (postgres ? "V8" : "V32") + " install them; see docs/operations.md, \"Audit log"
                + " guards\"";
        if (production) {
            throw new IllegalStateException(message + ". The production profile does not start without them.");
        }
        log.warn("{}", message);
    }

    /** The guards that are absent from the current schema or not enabled ALWAYS. */
    static Set<String> missingOnPostgres(JdbcTemplate jdbc) {
        List<String> present = jdbc.queryForList("""
                SELECT t.tgname FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND t.tgenabled = 'A'""", String.class);
        Set<String> missing = new TreeSet<>(ROW_GUARDS);
        missing.addAll(TRUNCATE_GUARDS);
        missing.removeAll(present);
        return missing;
    }

    /** The guards that are absent from the current schema (H2 triggers cannot be disabled, only dropped). */
    static Set<String> missingOnH2(JdbcTemplate jdbc) {
        List<String> present = jdbc
                .queryForList(
                        "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = SCHEMA()",
                        String.class)
                .stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .toList();
        Set<String> missing = new TreeSet<>(ROW_GUARDS);
        missing.removeAll(present);
        Integer truncateGuard = jdbc.queryForObject(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = SCHEMA()"
                        + " AND LOWER(table_name) = 'audit_truncate_guard'",
                Integer.class);
        if (truncateGuard == null || truncateGuard == 0) {
            missing.add("audit_truncate_guard");
        }
        return missing;
    }
}
