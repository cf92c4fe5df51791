package org.openects.server.corridors.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.corridors.CorridorLibrary;
import org.openects.server.corridors.CorridorSummary;
import org.openects.server.corridors.RouteCorridor;
import org.openects.server.shared.ConflictException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The route library in table {@code corridor_versions}: one row per version, the corridor as JSON text. A new version
 * takes the next number of its id; two imports of the same id at once make one of them fail on the primary key
 * (answered 409, nothing stored) rather than overwrite.
 */
@Component
class JdbcCorridorLibrary implements CorridorLibrary {

    static final String FILE_ACTOR = "system";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;

    JdbcCorridorLibrary(JdbcClient jdbc, JsonMapper json, AuditLog audit) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public List<CorridorSummary> list() {
        return jdbc.sql("""
                        SELECT * FROM corridor_versions c
                        WHERE c.version = (SELECT MAX(v.version) FROM corridor_versions v WHERE v.id = c.id)
                        ORDER BY c.id""").query((rs, n) -> CorridorSummary.of(corridor(rs))).list();
    }

    @Override
    public Optional<RouteCorridor> find(String id, @Nullable Integer version) {
        if (version == null) {
            return jdbc.sql("SELECT * FROM corridor_versions WHERE id = ? ORDER BY version DESC LIMIT 1")
                    .param(id)
                    .query((rs, n) -> corridor(rs))
                    .optional();
        }
        return jdbc.sql("SELECT * FROM corridor_versions WHERE id = ? AND version = ?")
                .params(id, version)
                .query((rs, n) -> corridor(rs))
                .optional();
    }

    @Override
    public List<CorridorSummary> versions(String id) {
        return jdbc.sql("SELECT * FROM corridor_versions WHERE id = ? ORDER BY version")
                .param(id)
                .query((rs, n) -> CorridorSummary.of(corridor(rs)))
                .list();
    }

    /**
     * Stores a checked corridor as the next version of its id, recorded in the audit log in the same transaction.
     *
     * @param corridor a corridor that passed {@link CorridorRules#check}
     * @param format the format it came in
     * @param actor the account name that imports it
     * @return the stored version
     * @throws ConflictException when another import of the same id took the version number first
     */
    @Transactional
    RouteCorridor importVersion(RouteCorridor corridor, CorridorFormat format, String actor) {
        RouteCorridor stored = insert(corridor, "import", null, format, actor);
        audit.record(AuditEvent.now(
                AuditEvent.user(actor),
                stored.version() == 1 ? "corridor.created" : "corridor.version-added",
                "corridor",
                stored.id(),
                details(stored, format)));
        return stored;
    }

    /** What loading the seed file did. */
    record Load(List<String> added, List<String> unchanged) {}

    /**
     * Applies version {@code fileVersion} of the seed file: a corridor gets a new version unless a version of it
     * already came from this or a newer version of the file, or its latest version is the same corridor. Loading
     * the same file again therefore changes nothing.
     */
    @Transactional
    Load loadFile(long fileVersion, List<RouteCorridor> corridors, String location) {
        List<String> added = new java.util.ArrayList<>();
        List<String> unchanged = new java.util.ArrayList<>();
        for (RouteCorridor corridor : corridors) {
            long seen = jdbc.sql("SELECT COALESCE(MAX(file_version), 0) FROM corridor_versions WHERE id = ?")
                    .param(corridor.id())
                    .query(Long.class)
                    .single();
            Optional<RouteCorridor> latest = find(corridor.id(), null);
            if (seen >= fileVersion
                    || latest.map(l -> content(l).equals(content(corridor))).orElse(false)) {
                unchanged.add(corridor.id());
                continue;
            }
            RouteCorridor stored = insert(corridor, "file", fileVersion, CorridorFormat.JSON, FILE_ACTOR);
            Map<String, String> details = details(stored, CorridorFormat.JSON);
            details.put("fileVersion", Long.toString(fileVersion));
            details.put("location", location);
            audit.record(AuditEvent.now(
                    AuditEvent.system("corridors"),
                    stored.version() == 1 ? "corridor.created" : "corridor.version-added",
                    "corridor",
                    stored.id(),
                    details));
            added.add(stored.id() + " v" + stored.version());
        }
        return new Load(List.copyOf(added), List.copyOf(unchanged));
    }

    private RouteCorridor insert(
            RouteCorridor corridor, String source, @Nullable Long fileVersion, CorridorFormat format, String actor) {
        int version = jdbc.sql("SELECT COALESCE(MAX(version), 0) FROM corridor_versions WHERE id = ?")
                        .param(corridor.id())
                        .query(Integer.class)
                        .single()
                + 1;
        Instant now = Instant.now();
        RouteCorridor stored = stamped(corridor, version, now, actor);
        try {
            jdbc.sql("""
                            INSERT INTO corridor_versions (id, version, name, geometry, length_meters, source,
                                file_version, format, created_at, created_by)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            stored.id(),
                            version,
                            stored.name(),
                            json.writeValueAsString(content(stored)),
                            stored.lengthMeters(),
                            source,
                            fileVersion,
                            format.parameter,
                            Timestamp.from(now),
                            actor)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("corridor " + corridor.id() + " got a new version at the same time;"
                    + " nothing was stored, try again");
        }
        return stored;
    }

    private static Map<String, String> details(RouteCorridor corridor, CorridorFormat format) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", Integer.toString(corridor.version()));
        details.put("name", corridor.name());
        details.put("format", format.parameter);
        details.put("lengthMeters", Long.toString(Math.round(corridor.lengthMeters())));
        details.put("widthMeters", Integer.toString(corridor.widthMeters()));
        details.put("centrelinePoints", Integer.toString(corridor.centreline().size()));
        details.put("borderPosts", Integer.toString(corridor.borderPosts().size()));
        details.put(
                "authorisedStops", Integer.toString(corridor.authorisedStops().size()));
        details.put(
                "restrictedZones", Integer.toString(corridor.restrictedZones().size()));
        details.put("coverageHoles", Integer.toString(corridor.coverageHoles().size()));
        return details;
    }

    /** The corridor without its version and stamps: what two versions are compared on. */
    static RouteCorridor content(RouteCorridor corridor) {
        return stamped(corridor, 0, Instant.EPOCH, "");
    }

    static RouteCorridor stamped(RouteCorridor corridor, int version, Instant at, String by) {
        return new RouteCorridor(
                corridor.id(),
                version,
                corridor.name(),
                corridor.centreline(),
                corridor.widthMeters(),
                corridor.borderPosts(),
                corridor.authorisedStops(),
                corridor.restrictedZones(),
                corridor.coverageHoles(),
                corridor.speedProfile(),
                corridor.restAllowance(),
                at,
                by);
    }

    private RouteCorridor corridor(ResultSet rs) throws SQLException {
        RouteCorridor content = json.readValue(rs.getString("geometry"), RouteCorridor.class);
        OffsetDateTime createdAt = rs.getObject("created_at", OffsetDateTime.class);
        return stamped(
                new RouteCorridor(
                        rs.getString("id"),
                        0,
                        rs.getString("name"),
                        content.centreline(),
                        content.widthMeters(),
                        content.borderPosts(),
                        content.authorisedStops(),
                        content.restrictedZones(),
                        content.coverageHoles(),
                        content.speedProfile(),
                        content.restAllowance(),
                        Instant.EPOCH,
                        ""),
                rs.getInt("version"),
                createdAt.withOffsetSameInstant(ZoneOffset.UTC).toInstant(),
                rs.getString("created_by"));
    }
}
