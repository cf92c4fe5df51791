package org.openects.server.audit.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit log, under {@code ects.audit}.
 *
 * @param origin the log's name in its checkpoints and the signing key's name, a schema-less URL without spaces or
 *     plus signs, such as {@code customs.example.org/audit}
 * @param signingKey the Ed25519 checkpoint signing key in the note signer key form
 *     ({@code PRIVATE+KEY+name+keyid+base64}; env {@code ECTS_AUDIT_SIGNING_KEY}); its name must be {@code origin}.
 *     Blank: generated once into {@code ${ects.data-dir}/keys/audit-signing.key} (owner-only permissions)
 * @param checkpointInterval how often a checkpoint is signed while entries arrive
 * @param checkpointEntries sign a checkpoint as soon as this many entries arrived since the last one
 * @param batchSize the most entries the writer appends in one transaction (larger batches commit less often: on
 *     PostgreSQL 5,000 append about half as fast again as 1,000, docs/benchmarks.md)
 */
@ConfigurationProperties("ects.audit")
public record AuditProperties(
        @DefaultValue("openects.local/audit") String origin,
        @Nullable String signingKey,
        @DefaultValue("10s") Duration checkpointInterval,
        @DefaultValue("10000") int checkpointEntries,
        @DefaultValue("5000") int batchSize) {

    public AuditProperties {
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("ects.audit.checkpoint-interval must be positive");
        }
        if (checkpointEntries < 1 || batchSize < 1) {
            throw new IllegalArgumentException("ects.audit.checkpoint-entries and batch-size must be at least 1");
        }
    }
}
