package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.openects.evidence.Hash;
import org.openects.server.audit.FrameArchive;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The archive's frames for the audit module on H2 (single-box mode), where the ids go in several queries: every frame
 * asked for comes back with its digest, device and time, across the query boundary; ids not archived are absent.
 * (On PostgreSQL, one query with an array: AuditLogIT's bundles and frame proofs read through it.)
 */
class ArchivedFramesH2Test {

    @Test
    void framesComeBackByIdAcrossSeveralQueries() {
        String url = "jdbc:h2:mem:archived-frames;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "ects", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "ects", ""));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int count = ArchivedFrames.IDS_PER_QUERY + 7;
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            byte[] payload = ("frame " + id).getBytes(StandardCharsets.UTF_8);
            jdbc.update(
                    """
                    INSERT INTO raw_messages (id, received_at, transport, source, claimed_device_id, digest, payload,
                        outcome)
                    VALUES (?, ?, 'tcp', 'test', ?, ?, ?, 'ACCEPTED')""",
                    id,
                    Timestamp.from(at.plusMillis(id)),
                    id % 2 == 0 ? "DEV-" + id : null,
                    Hash.sha256(payload).bytes(),
                    payload);
            ids.add(id);
        }
        ids.add(999_999L);

        Map<Long, FrameArchive.Frame> frames = new ArchivedFrames(jdbc).frames(ids);

        assertThat(frames).hasSize(count).doesNotContainKey(999_999L);
        FrameArchive.Frame last = frames.get((long) count);
        assertThat(Hash.of(last.digest())).isEqualTo(Hash.sha256(("frame " + count).getBytes(StandardCharsets.UTF_8)));
        assertThat(last.receivedAt()).isEqualTo(at.plusMillis(count));
        assertThat(frames.get(2L).claimedDeviceId()).isEqualTo("DEV-2");
        assertThat(frames.get(1L).claimedDeviceId()).isNull();
        assertThat(new ArchivedFrames(jdbc).frames(List.of())).isEmpty();
    }
}
