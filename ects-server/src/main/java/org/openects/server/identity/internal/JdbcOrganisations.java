package org.openects.server.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.Organisation;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.shared.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Organisations stored in table {@code organisations}. */
@Service
class JdbcOrganisations implements Organisations {

    static final String SYSTEM = "system";

    private static final Logger log = LoggerFactory.getLogger(JdbcOrganisations.class);

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    JdbcOrganisations(JdbcClient jdbc, AuditLog audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transactions = transactions;
    }

    @Override
    public long ensure(String name, OrganisationType type) {
        AccountRules.organisationNameViolation(name).ifPresent(violation -> {
            throw new IllegalArgumentException("Organisation name " + violation);
        });
        Optional<Organisation> existing = findByName(name);
        if (existing.isEmpty()) {
            try {
                return create(name, type, SYSTEM).id();
            } catch (ConflictException raced) {
                existing = findByName(name);
            }
        }
        Organisation organisation = existing.orElseThrow();
        if (organisation.type() != type) {
            throw new IllegalArgumentException(
                    "Organisation '" + name + "' exists as " + organisation.type() + ", not " + type);
        }
        return organisation.id();
    }

    @Override
    public Optional<Organisation> find(long id) {
        return jdbc.sql("SELECT id, name, type FROM organisations WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> new Organisation(
                        rs.getLong("id"), rs.getString("name"), OrganisationType.valueOf(rs.getString("type"))))
                .optional();
    }

    @Override
    public List<Organisation> all() {
        return jdbc.sql("SELECT id, name, type FROM organisations ORDER BY name")
                .query((rs, row) -> new Organisation(
                        rs.getLong("id"), rs.getString("name"), OrganisationType.valueOf(rs.getString("type"))))
                .list();
    }

    /**
     * Creates an organisation.
     *
     * @throws ConflictException if the name is taken
     */
    Organisation create(String name, OrganisationType type, String createdBy) {
        long id;
        try {
            // the organisation and its audit entry commit together
            id = transactions.execute(status -> {
                KeyHolder keys = new GeneratedKeyHolder();
                jdbc.sql("INSERT INTO organisations (name, type, created_by) VALUES (:name, :type, :createdBy)")
                        .param("name", name)
                        .param("type", type.name())
                        .param("createdBy", createdBy)
                        .update(keys, "id");
                long created = keys.getKeyAs(Long.class);
                audit.record(AuditEvent.now(
                        AuditEvent.user(createdBy),
                        "organisation.created",
                        "organisation",
                        Long.toString(created),
                        Map.of("name", name, "type", type.name())));
                return created;
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException("An organisation named '" + name + "' already exists.");
        }
        log.info("Organisation {} '{}' ({}) created by {}", id, name, type, createdBy);
        return new Organisation(id, name, type);
    }

    private Optional<Organisation> findByName(String name) {
        return jdbc.sql("SELECT id, name, type FROM organisations WHERE name = :name")
                .param("name", name)
                .query((rs, row) -> new Organisation(
                        rs.getLong("id"), rs.getString("name"), OrganisationType.valueOf(rs.getString("type"))))
                .optional();
    }
}
