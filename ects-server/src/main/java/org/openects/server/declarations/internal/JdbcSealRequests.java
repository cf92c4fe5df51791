package org.openects.server.declarations.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.openects.server.declarations.SealsAssigned;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.OrganisationType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The seal requests and their assigned devices on the database, and who may see which. */
@Repository
class JdbcSealRequests {

    private static final String SELECT = """
            SELECT r.*, d.document_type, d.reference, d.declarant_organisation_id, d.office_of_departure,
                d.office_of_destination, d.vehicle_plates, d.container_numbers, d.time_limit
            FROM seal_requests r JOIN declarations d ON d.id = r.declaration_id""";

    private final JdbcClient jdbc;

    JdbcSealRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a request in state {@code REQUESTED}; a second open or approved request for the declaration fails with
     * {@link org.springframework.dao.DuplicateKeyException}.
     */
    long insert(long declarationId, long provider, int seals, boolean tracker, Instant at, String by) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO seal_requests (declaration_id, open_declaration_id, provider_organisation_id,
                            seals, tractor_tracker, state, requested_at, requested_by)
                        VALUES (?, ?, ?, ?, ?, 'REQUESTED', ?, ?)""")
                .params(declarationId, declarationId, provider, seals, tracker, Timestamp.from(at), by)
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** Whether the declaration has a request that is open or approved. */
    boolean hasOpenOrApproved(long declarationId) {
        return jdbc.sql("SELECT count(*) FROM seal_requests WHERE open_declaration_id = ?")
                        .param(declarationId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Moves a {@code REQUESTED} request to {@code APPROVED} or {@code REFUSED}; false when it is no longer {@code
     * REQUESTED} (another decision came first).
     */
    boolean decide(long id, SealRequestState state, Instant at, String by, @Nullable String reason) {
        return jdbc.sql("""
                                UPDATE seal_requests SET state = ?, decided_at = ?, decided_by = ?, reason = ?,
                                    open_declaration_id = CASE WHEN ? THEN open_declaration_id ELSE NULL END
                                WHERE id = ? AND state = 'REQUESTED'""")
                        .params(state.name(), Timestamp.from(at), by, reason, state == SealRequestState.APPROVED, id)
                        .update()
                == 1;
    }

    void addDevices(long id, List<SealsAssigned.AssignedDevice> devices) {
        for (int i = 0; i < devices.size(); i++) {
            jdbc.sql("INSERT INTO seal_request_devices (request_id, ordinal, device_id, role) VALUES (?, ?, ?, ?)")
                    .params(
                            id,
                            i,
                            devices.get(i).deviceId(),
                            devices.get(i).role().name())
                    .update();
        }
    }

    Optional<SealRequest> find(long id) {
        List<SealRequest> found = withDevices(
                jdbc.sql(SELECT + " WHERE r.id = ?").param(id).query(this::row).list());
        return found.stream().findFirst();
    }

    /** The request, if the caller may see it. */
    Optional<SealRequest> findVisible(long id, CurrentUser user) {
        return find(id).filter(r -> visible(r, user));
    }

    /** Customs sees every request, a trader those on its declarations, a seal provider those addressed to it. */
    static boolean visible(SealRequest r, CurrentUser user) {
        if (user.seesAllOrganisations()) {
            return true;
        }
        if (user.organisationType() == OrganisationType.TRADER) {
            return r.declaration().declarantOrganisationId() == user.organisationId();
        }
        if (user.organisationType() == OrganisationType.SEAL_PROVIDER) {
            return r.providerOrganisationId() == user.organisationId();
        }
        return false;
    }

    /** The requests the caller sees, newest first (at most {@link JdbcDeclarations#LIST_LIMIT}). */
    List<SealRequest> listVisible(CurrentUser user) {
        String order = " ORDER BY r.id DESC LIMIT " + JdbcDeclarations.LIST_LIMIT;
        List<SealRequest> found;
        if (user.seesAllOrganisations()) {
            found = jdbc.sql(SELECT + order).query(this::row).list();
        } else if (user.organisationType() == OrganisationType.TRADER) {
            found = jdbc.sql(SELECT + " WHERE d.declarant_organisation_id = ?" + order)
                    .param(user.organisationId())
                    .query(this::row)
                    .list();
        } else if (user.organisationType() == OrganisationType.SEAL_PROVIDER) {
            found = jdbc.sql(SELECT + " WHERE r.provider_organisation_id = ?" + order)
                    .param(user.organisationId())
                    .query(this::row)
                    .list();
        } else {
            return List.of();
        }
        return withDevices(found);
    }

    private List<SealRequest> withDevices(List<SealRequest> requests) {
        if (requests.isEmpty()) {
            return requests;
        }
        String ids = requests.stream().map(r -> Long.toString(r.id())).collect(Collectors.joining(","));
        Map<Long, List<SealsAssigned.AssignedDevice>> devices = new HashMap<>();
        jdbc.sql("SELECT request_id, device_id, role FROM seal_request_devices WHERE request_id IN (" + ids
                        + ") ORDER BY request_id, ordinal")
                .query((rs, n) -> {
                    devices.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new SealsAssigned.AssignedDevice(
                                    rs.getString(2), SealsAssigned.Role.valueOf(rs.getString(3))));
                    return null;
                })
                .list();
        return requests.stream()
                .map(r -> new SealRequest(
                        r.id(),
                        r.declarationId(),
                        r.declaration(),
                        r.providerOrganisationId(),
                        r.seals(),
                        r.tractorTracker(),
                        r.state(),
                        r.requestedAt(),
                        r.requestedBy(),
                        r.decidedAt(),
                        r.decidedBy(),
                        r.reason(),
                        devices.getOrDefault(r.id(), List.of())))
                .toList();
    }

    private SealRequest row(ResultSet rs, int n) throws SQLException {
        Timestamp decidedAt = rs.getTimestamp("decided_at");
        return new SealRequest(
                rs.getLong("id"),
                rs.getLong("declaration_id"),
                new SealRequest.DeclarationSummary(
                        rs.getString("document_type"),
                        rs.getString("reference"),
                        rs.getLong("declarant_organisation_id"),
                        rs.getString("office_of_departure"),
                        rs.getString("office_of_destination"),
                        split(rs.getString("vehicle_plates")),
                        split(rs.getString("container_numbers")),
                        rs.getTimestamp("time_limit").toInstant()),
                rs.getLong("provider_organisation_id"),
                rs.getInt("seals"),
                rs.getBoolean("tractor_tracker"),
                SealRequestState.valueOf(rs.getString("state")),
                rs.getTimestamp("requested_at").toInstant(),
                rs.getString("requested_by"),
                decidedAt == null ? null : decidedAt.toInstant(),
                rs.getString("decided_by"),
                rs.getString("reason"),
                List.of());
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.stream(joined.split(",")).toList();
    }
}
