package org.openects.server.identity.internal;

import java.time.Duration;
import java.util.List;
import org.openects.server.audit.AuditLog;
import org.openects.server.security.TestHttp;
import org.openects.server.support.TestAccounts;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Reads audit entries the way an auditor does ({@code GET /api/v1/audit/entries}), found by action and subject. */
final class AuditEntries {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TestHttp http;
    private final String token;

    AuditEntries(JdbcClient jdbc, AuditLog audit, int port) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.http = TestHttp.stateless(port);
        this.token = http.login("admin", TestAccounts.ADMIN_PASSWORD);
    }

    /** Every entry with this action and subject id (subject type {@code account}), oldest first, once all is written. */
    List<JsonNode> of(String action, String subjectId) {
        if (!audit.awaitRecorded(Duration.ofSeconds(30))) {
            throw new AssertionError("the audit log did not catch up in 30 s");
        }
        List<Long> sequences = jdbc.sql("""
                        SELECT sequence FROM audit_entries
                        WHERE action = :action AND subject_type = 'account' AND subject_id = :subject
                        ORDER BY sequence""")
                .param("action", action)
                .param("subject", subjectId)
                .query(Long.class)
                .list();
        return sequences.stream()
                .map(sequence -> http.get("/api/v1/audit/entries?from=" + sequence + "&limit=1", token)
                        .json()
                        .get(0))
                .toList();
    }
}
