package org.openects.server.devices.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceKind;
import org.openects.server.devices.DeviceStock;
import org.openects.server.devices.InsufficientStockException;
import org.openects.server.devices.Lifecycle;
import org.openects.server.shared.BulkRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The providers' stock on the database. On PostgreSQL the candidates are selected {@code FOR UPDATE SKIP LOCKED}, so
 * concurrent assignments neither wait for each other nor take the same device; on H2 (single box) they are selected
 * plainly. Either way each device moves with a conditional update that only an {@code IN_STOCK}, unrevoked device
 * passes, and the selection is repeated until enough devices have moved or no candidate is left.
 */
@Service
class JdbcDeviceStock implements DeviceStock {

    private static final Logger log = LoggerFactory.getLogger(JdbcDeviceStock.class);

    /** Rounds of selection at most: each round moves a device or finds the candidates taken by others. */
    private static final int MAX_ROUNDS = 10;

    private final JdbcClient jdbc;
    private final boolean postgres;

    private final AuditLog audit;

    JdbcDeviceStock(JdbcClient jdbc, JdbcTemplate template, AuditLog audit) {
        this.jdbc = jdbc;
        this.postgres = BulkRows.isPostgres(template);
        this.audit = audit;
    }

    @Override
    public int available(long providerOrganisationId, Set<DeviceKind> kinds) {
        if (kinds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("SELECT count(*) FROM devices WHERE owner_organisation_id = ? AND lifecycle = 'IN_STOCK'"
                        + " AND revoked_at IS NULL AND kind IN (" + kindList(kinds) + ")")
                .param(providerOrganisationId)
                .query(Long.class)
                .single()
                .intValue();
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Device> assign(
            long providerOrganisationId, Set<DeviceKind> kinds, int count, String purpose, String actor) {
        if (count < 0 || kinds.isEmpty()) {
            throw new IllegalArgumentException("assign at least one kind, and no negative count");
        }
        List<String> taken = new ArrayList<>(count);
        for (int round = 0; round < MAX_ROUNDS && taken.size() < count; round++) {
            List<String> candidates = jdbc.sql("SELECT device_id FROM devices WHERE owner_organisation_id = ?"
                            + " AND lifecycle = 'IN_STOCK' AND revoked_at IS NULL AND kind IN (" + kindList(kinds)
                            + ") ORDER BY device_id LIMIT " + (count - taken.size())
                            + (postgres ? " FOR UPDATE SKIP LOCKED" : ""))
                    .param(providerOrganisationId)
                    .query(String.class)
                    .list();
            if (candidates.isEmpty()) {
                break;
            }
            for (String deviceId : candidates) {
                int moved = jdbc.sql("UPDATE devices SET lifecycle = 'ASSIGNED' WHERE device_id = ?"
                                + " AND lifecycle = 'IN_STOCK' AND revoked_at IS NULL AND owner_organisation_id = ?")
                        .params(deviceId, providerOrganisationId)
                        .update();
                if (moved == 1) {
                    taken.add(deviceId);
                }
            }
        }
        if (taken.size() < count) {
            // What this call could take: devices another transaction holds do not count.
            throw new InsufficientStockException(kinds, count, taken.size());
        }
        List<Device> devices = new ArrayList<>(taken.size());
        for (String deviceId : taken) {
            audit.record(AuditEvent.now(
                    actor,
                    "device.lifecycle-changed",
                    "device",
                    deviceId,
                    Map.of("lifecycle", Lifecycle.ASSIGNED.name(), "assignedTo", purpose)));
            devices.add(jdbc.sql("SELECT * FROM devices WHERE device_id = ?")
                    .param(deviceId)
                    .query(DeviceRows::device)
                    .single());
        }
        log.info(
                "{} devices of provider {} assigned to {} by {}", taken.size(), providerOrganisationId, purpose, actor);
        return devices;
    }

    private static String kindList(Set<DeviceKind> kinds) {
        return kinds.stream().sorted().map(k -> "'" + k.name() + "'").collect(Collectors.joining(","));
    }
}
