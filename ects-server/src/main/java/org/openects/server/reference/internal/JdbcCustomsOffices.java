package org.openects.server.reference.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.reference.CustomsOffice;
import org.openects.server.reference.CustomsOffices;
import org.openects.server.reference.OfficeRole;
import org.openects.server.reference.OfficeSource;
import org.openects.server.shared.AfterCommit;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customs offices in table {@code customs_offices}, with a copy of all of them in memory for {@link #find} and
 * {@link #all}. The copy is read again after each change committed here; a change made on another node of a cluster
 * reaches this node's copy at its next change or restart.
 */
@Component
class JdbcCustomsOffices implements CustomsOffices {

    private static final Logger log = LoggerFactory.getLogger(JdbcCustomsOffices.class);

    /** The name of the customs offices' file in {@code reference_file_versions}. */
    static final String FILE_NAME = "customs-offices";

    private static final String FILE_ACTOR = "system";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private volatile Map<String, CustomsOffice> byCode = Map.of();

    JdbcCustomsOffices(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
        refresh();
    }

    @Override
    public Optional<CustomsOffice> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    @Override
    public List<CustomsOffice> all() {
        return List.copyOf(byCode.values());
    }

    /** Reads every office into the copy in memory. */
    final void refresh() {
        Map<String, CustomsOffice> offices = new TreeMap<>();
        for (CustomsOffice office : jdbc.sql("SELECT * FROM customs_offices")
                .query((rs, n) -> office(rs))
                .list()) {
            offices.put(office.code(), office);
        }
        byCode = Collections.unmodifiableMap(new LinkedHashMap<>(offices));
    }

    /** What an administrator's put did. */
    record Put(CustomsOffice office, boolean created) {}

    /**
     * Creates or replaces an office as an administrator: it is then the administrator's ({@link OfficeSource#ADMIN}),
     * and a newer reference file leaves it alone. Recorded in the audit log in the same transaction.
     *
     * @throws InvalidFieldException when the entry breaks a rule of {@link OfficeRules}; nothing changes then
     */
    @Transactional
    Put put(OfficeEntry entry, String actor) {
        List<FieldProblem> problems = OfficeRules.check(entry);
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
        String code = Objects.requireNonNull(entry.code());
        Optional<CustomsOffice> before = jdbc.sql("SELECT * FROM customs_offices WHERE code = ? FOR UPDATE")
                .param(code)
                .query((rs, n) -> office(rs))
                .optional();
        Instant now = Instant.now();
        if (before.isPresent()) {
            update(entry, OfficeSource.ADMIN, null, now, actor);
        } else {
            insert(entry, OfficeSource.ADMIN, null, now, actor);
        }
        CustomsOffice office = read(code);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("office", describe(office));
        before.ifPresent(previous -> details.put("previous", describe(previous)));
        audit.record(AuditEvent.now(
                AuditEvent.user(actor),
                before.isPresent() ? "customs-office.replaced" : "customs-office.created",
                "customs-office",
                code,
                details));
        AfterCommit.run(this::refresh);
        return new Put(office, before.isEmpty());
    }

    /** What loading a reference file did. */
    record Load(boolean applied, long previousVersion, int inserted, int updated, List<String> keptAdmin) {}

    /**
     * Applies a reference file of this version, when it is newer than the one loaded last: inserts the offices that
     * are not in the table, updates those whose data still comes from a file and keeps (and logs) those an
     * administrator edited. Offices the table has and the file does not are left as they are. A file whose version is
     * not newer changes nothing. Recorded in the audit log when applied.
     *
     * @throws InvalidFieldException when an office of the file breaks a rule; nothing changes then
     */
    @Transactional
    Load load(long version, List<OfficeEntry> entries, String location) {
        for (int i = 0; i < entries.size(); i++) {
            List<FieldProblem> problems = OfficeRules.check(entries.get(i));
            if (!problems.isEmpty()) {
                String prefix = "offices[" + i + "].";
                throw new InvalidFieldException(problems.stream()
                        .map(p -> new FieldProblem(prefix + p.field(), p.message()))
                        .toList());
            }
        }
        long previous = jdbc.sql("SELECT version FROM reference_file_versions WHERE name = ? FOR UPDATE")
                .param(FILE_NAME)
                .query(Long.class)
                .single();
        if (version <= previous) {
            return new Load(false, previous, 0, 0, List.of());
        }
        Instant now = Instant.now();
        int inserted = 0;
        int updated = 0;
        List<String> keptAdmin = new ArrayList<>();
        for (OfficeEntry entry : entries) {
            String code = Objects.requireNonNull(entry.code());
            Optional<String> source = jdbc.sql("SELECT source FROM customs_offices WHERE code = ? FOR UPDATE")
                    .param(code)
                    .query(String.class)
                    .optional();
            if (source.isEmpty()) {
                insert(entry, OfficeSource.FILE, version, now, FILE_ACTOR);
                inserted++;
            } else if (source.get().equals("file")) {
                update(entry, OfficeSource.FILE, version, now, FILE_ACTOR);
                updated++;
            } else {
                keptAdmin.add(code);
                log.info(
                        "Customs office {} was edited by an administrator: version {} of the reference file leaves"
                                + " it as it is",
                        code,
                        version);
            }
        }
        jdbc.sql("UPDATE reference_file_versions SET version = ?, location = ?, loaded_at = ? WHERE name = ?")
                .params(version, location, timestamp(now), FILE_NAME)
                .update();
        audit.record(AuditEvent.now(
                AuditEvent.system("reference"),
                "customs-offices.loaded",
                "reference-file",
                FILE_NAME,
                Map.of(
                        "version", Long.toString(version),
                        "previousVersion", Long.toString(previous),
                        "location", location,
                        "inserted", Integer.toString(inserted),
                        "updated", Integer.toString(updated),
                        "keptAdmin", String.join(",", keptAdmin))));
        AfterCommit.run(this::refresh);
        return new Load(true, previous, inserted, updated, List.copyOf(keptAdmin));
    }

    /**
     * Replaces an existing office's data. {@code source} becomes the office's source; {@code fileVersion} the version
     * of the file its data now comes from, or {@code null} to keep the one it has (an administrator's edit).
     */
    private void update(OfficeEntry entry, OfficeSource source, @Nullable Long fileVersion, Instant now, String actor) {
        jdbc.sql("""
                        UPDATE customs_offices SET name = ?, country = ?, latitude = ?, longitude = ?, radius_meters = ?,
                            roles = ?, two_person_unlock = ?, source = ?, file_version = COALESCE(?, file_version),
                            updated_at = ?, updated_by = ?
                        WHERE code = ?""")
                .params(
                        entry.name(),
                        entry.country(),
                        entry.latitude(),
                        entry.longitude(),
                        entry.radiusMeters(),
                        roles(entry.roles()),
                        entry.twoPerson(),
                        source == OfficeSource.FILE ? "file" : "admin",
                        fileVersion,
                        timestamp(now),
                        actor,
                        Objects.requireNonNull(entry.code()))
                .update();
    }

    /** The version of the reference file loaded last (0: none). */
    long loadedVersion() {
        return jdbc.sql("SELECT version FROM reference_file_versions WHERE name = ?")
                .param(FILE_NAME)
                .query(Long.class)
                .single();
    }

    private void insert(OfficeEntry entry, OfficeSource source, @Nullable Long version, Instant now, String actor) {
        jdbc.sql("""
                        INSERT INTO customs_offices (code, name, country, latitude, longitude, radius_meters, roles,
                            two_person_unlock, source, file_version, updated_at, updated_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        entry.code(),
                        entry.name(),
                        entry.country(),
                        entry.latitude(),
                        entry.longitude(),
                        entry.radiusMeters(),
                        roles(entry.roles()),
                        entry.twoPerson(),
                        source == OfficeSource.FILE ? "file" : "admin",
                        version,
                        timestamp(now),
                        actor)
                .update();
    }

    private CustomsOffice read(String code) {
        return jdbc.sql("SELECT * FROM customs_offices WHERE code = ?")
                .param(code)
                .query((rs, n) -> office(rs))
                .single();
    }

    /** The office's data in one line, for the audit log. */
    private static String describe(CustomsOffice office) {
        return "name=" + office.name() + "; country=" + office.country() + "; latitude=" + office.latitude()
                + "; longitude=" + office.longitude() + "; radiusMeters=" + office.radiusMeters() + "; roles="
                + office.roles().stream().sorted().map(Enum::name).collect(Collectors.joining(","))
                + "; twoPersonUnlock=" + office.twoPersonUnlock()
                + "; source=" + office.source().name().toLowerCase(Locale.ROOT);
    }

    private static String roles(@Nullable List<OfficeRole> roles) {
        if (roles == null) {
            return "";
        }
        return roles.stream().distinct().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }

    private static CustomsOffice office(ResultSet rs) throws SQLException {
        String roles = rs.getString("roles");
        Set<OfficeRole> parsed = roles.isEmpty()
                ? Set.of()
                : Arrays.stream(roles.split(",")).map(OfficeRole::valueOf).collect(Collectors.toSet());
        long version = rs.getLong("file_version");
        Long fileVersion = rs.wasNull() ? null : version;
        OffsetDateTime updatedAt = rs.getObject("updated_at", OffsetDateTime.class);
        return new CustomsOffice(
                rs.getString("code"),
                rs.getString("name"),
                rs.getString("country"),
                rs.getDouble("latitude"),
                rs.getDouble("longitude"),
                rs.getInt("radius_meters"),
                parsed,
                rs.getBoolean("two_person_unlock"),
                "admin".equals(rs.getString("source")) ? OfficeSource.ADMIN : OfficeSource.FILE,
                fileVersion,
                updatedAt.withOffsetSameInstant(ZoneOffset.UTC).toInstant(),
                rs.getString("updated_by"));
    }
}
