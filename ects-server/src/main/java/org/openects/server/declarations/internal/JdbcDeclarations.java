package org.openects.server.declarations.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.OrganisationType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The declarations on the database, and who may see which. */
@Repository
class JdbcDeclarations {

    /** The longest list answered. */
    static final int LIST_LIMIT = 500;

    private final JdbcClient jdbc;
    private final DocumentTypes types;

    JdbcDeclarations(JdbcClient jdbc, DocumentTypes types) {
        this.jdbc = jdbc;
        this.types = types;
    }

    /** A declaration whose fields passed every rule, to store. */
    record NewDeclaration(
            DocumentType type,
            String reference,
            long declarantOrganisationId,
            @Nullable Long transporterOrganisationId,
            String officeOfDeparture,
            String officeOfDestination,
            List<String> transitOffices,
            List<String> vehiclePlates,
            List<String> containerNumbers,
            String goodsSummary,
            int sealsRequired,
            Instant timeLimit,
            @Nullable String corridorId,
            @Nullable Integer corridorVersion) {}

    /** Whether a declaration of this type and reference is stored. */
    boolean exists(String documentType, String reference) {
        return jdbc.sql("SELECT count(*) FROM declarations WHERE document_type = ? AND reference = ?")
                        .params(documentType, reference)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Stores it (a duplicate type and reference fails with {@link org.springframework.dao.DuplicateKeyException}).
     */
    Declaration insert(NewDeclaration d, Instant filedAt, String filedBy) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO declarations (document_type, reference, declarant_organisation_id,
                            transporter_organisation_id, office_of_departure, office_of_destination, transit_offices,
                            vehicle_plates, container_numbers, goods_summary, seals_required, time_limit, corridor_id,
                            corridor_version, filed_at, filed_by)
                        VALUES (:type, :reference, :declarant, :transporter, :departure, :destination, :transit,
                            :plates, :containers, :goods, :seals, :timeLimit, :corridor, :corridorVersion, :filedAt,
                            :filedBy)""")
                .param("type", d.type().code())
                .param("reference", d.reference())
                .param("declarant", d.declarantOrganisationId())
                .param("transporter", d.transporterOrganisationId())
                .param("departure", d.officeOfDeparture())
                .param("destination", d.officeOfDestination())
                .param("transit", String.join(",", d.transitOffices()))
                .param("plates", String.join(",", d.vehiclePlates()))
                .param("containers", String.join(",", d.containerNumbers()))
                .param("goods", d.goodsSummary())
                .param("seals", d.sealsRequired())
                .param("timeLimit", Timestamp.from(d.timeLimit()))
                .param("corridor", d.corridorId())
                .param("corridorVersion", d.corridorVersion())
                .param("filedAt", Timestamp.from(filedAt))
                .param("filedBy", filedBy)
                .update(keys, "id");
        return find(keys.getKeyAs(Long.class)).orElseThrow();
    }

    Optional<Declaration> find(long id) {
        return jdbc.sql("SELECT * FROM declarations WHERE id = ?")
                .param(id)
                .query(this::row)
                .optional()
                .map(d -> d.withSealRequest(latestRequests(List.of(d.id())).get(d.id())));
    }

    /** The declaration, if the caller may see it. */
    Optional<Declaration> findVisible(long id, CurrentUser user) {
        return find(id).filter(d -> visible(d, user));
    }

    /** Whether the caller sees this declaration: customs all, a trader its own, a transporter those naming it. */
    static boolean visible(Declaration d, CurrentUser user) {
        if (user.seesAllOrganisations()) {
            return true;
        }
        if (user.organisationType() == OrganisationType.TRADER) {
            return d.declarantOrganisationId() == user.organisationId();
        }
        if (user.organisationType() == OrganisationType.TRANSPORTER) {
            return Long.valueOf(user.organisationId()).equals(d.transporterOrganisationId());
        }
        return false;
    }

    /** The declarations the caller sees, newest first (at most {@link #LIST_LIMIT}). */
    List<Declaration> listVisible(CurrentUser user) {
        List<Declaration> found;
        if (user.seesAllOrganisations()) {
            found = jdbc.sql("SELECT * FROM declarations ORDER BY id DESC LIMIT " + LIST_LIMIT)
                    .query(this::row)
                    .list();
        } else if (user.organisationType() == OrganisationType.TRADER) {
            found = jdbc.sql("SELECT * FROM declarations WHERE declarant_organisation_id = ? ORDER BY id DESC LIMIT "
                            + LIST_LIMIT)
                    .param(user.organisationId())
                    .query(this::row)
                    .list();
        } else if (user.organisationType() == OrganisationType.TRANSPORTER) {
            found = jdbc.sql("SELECT * FROM declarations WHERE transporter_organisation_id = ? ORDER BY id DESC LIMIT "
                            + LIST_LIMIT)
                    .param(user.organisationId())
                    .query(this::row)
                    .list();
        } else {
            return List.of();
        }
        if (found.isEmpty()) {
            return found;
        }
        Map<Long, Declaration.LatestRequest> latest =
                latestRequests(found.stream().map(Declaration::id).toList());
        return found.stream().map(d -> d.withSealRequest(latest.get(d.id()))).toList();
    }

    /** The latest seal request of each of these declarations that has one. */
    private Map<Long, Declaration.LatestRequest> latestRequests(List<Long> declarationIds) {
        String ids = declarationIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        return jdbc
                .sql("SELECT declaration_id, id, state FROM seal_requests WHERE declaration_id IN (" + ids
                        + ") ORDER BY id")
                .query((rs, n) -> Map.entry(
                        rs.getLong(1),
                        new Declaration.LatestRequest(rs.getLong(2), SealRequestState.valueOf(rs.getString(3)))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (older, newer) -> newer));
    }

    private Declaration row(ResultSet rs, int n) throws SQLException {
        String code = rs.getString("document_type");
        Optional<DocumentType> type = types.find(code);
        Instant filedAt = rs.getTimestamp("filed_at").toInstant();
        Instant timeLimit = rs.getTimestamp("time_limit").toInstant();
        // A type no longer configured keeps its declarations readable, but they are no longer usable.
        Instant usableUntil = type.map(t -> filedAt.plus(t.validity()))
                .map(until -> until.isBefore(timeLimit) ? until : timeLimit)
                .orElse(filedAt);
        long transporter = rs.getLong("transporter_organisation_id");
        Long transporterId = rs.wasNull() ? null : transporter;
        int corridorVersion = rs.getInt("corridor_version");
        Integer version = rs.wasNull() ? null : corridorVersion;
        return new Declaration(
                rs.getLong("id"),
                code,
                type.map(DocumentType::name).orElse(code),
                rs.getString("reference"),
                rs.getLong("declarant_organisation_id"),
                transporterId,
                rs.getString("office_of_departure"),
                rs.getString("office_of_destination"),
                split(rs.getString("transit_offices")),
                split(rs.getString("vehicle_plates")),
                split(rs.getString("container_numbers")),
                rs.getString("goods_summary"),
                rs.getInt("seals_required"),
                timeLimit,
                rs.getString("corridor_id"),
                version,
                filedAt,
                rs.getString("filed_by"),
                usableUntil,
                type.map(DocumentType::sealRequests).orElse(false),
                null);
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.stream(joined.split(",")).toList();
    }
}
