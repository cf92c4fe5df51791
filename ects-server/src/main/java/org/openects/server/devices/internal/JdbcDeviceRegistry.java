package org.openects.server.devices.internal;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceActivity;
import org.openects.server.devices.DeviceAlreadyRegisteredException;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.devices.DeviceKind;
import org.openects.server.devices.DeviceRegistration;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.devices.DeviceStatus;
import org.openects.server.devices.Lifecycle;
import org.openects.server.devices.RegisteredDevice;
import org.openects.server.shared.BulkRows;
import org.openects.server.shared.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry on the database, with every device's key and accepted counter cached in memory so that the ingress
 * never waits on the database per message.
 */
@Service
class JdbcDeviceRegistry implements DeviceRegistry, DeviceDirectory {

    private static final Logger log = LoggerFactory.getLogger(JdbcDeviceRegistry.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final boolean postgres;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();
    private final Map<DeviceId, Credentials> credentials = new ConcurrentHashMap<>();

    private record Credentials(byte[] key, long counter, boolean revoked) {}

    JdbcDeviceRegistry(JdbcClient jdbc, JdbcTemplate template, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.template = template;
        this.postgres = BulkRows.isPostgres(template);
        jdbc.sql("SELECT device_id, key_secret, last_counter, revoked_at FROM devices")
                .query((rs, n) -> {
                    credentials.put(
                            DeviceId.of(rs.getString(1)),
                            new Credentials(rs.getBytes(2), rs.getLong(3), rs.getTimestamp(4) != null));
                    return null;
                })
                .list();
        log.info("Device registry: {} devices with keys loaded", credentials.size());
    }

    @Override
    @Transactional
    public RegisteredDevice register(DeviceRegistration registration, String actor) {
        byte[] key = newKey();
        Instant now = Instant.now();
        try {
            jdbc.sql("""
                            INSERT INTO devices (device_id, kind, protocol, seal_class, owner_organisation_id, lifecycle,
                                key_secret, key_version, key_rotated_at, last_counter, firmware, created_at, created_by)
                            VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 0, ?, ?, ?)""")
                    .params(
                            registration.deviceId(),
                            registration.kind().name(),
                            registration.protocolOrDefault(),
                            registration.sealClass(),
                            registration.ownerOrganisationId(),
                            Lifecycle.IN_STOCK.name(),
                            key,
                            Timestamp.from(now),
                            registration.firmware(),
                            Timestamp.from(now),
                            actor)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DeviceAlreadyRegisteredException(registration.deviceId());
        }
        credentials.put(DeviceId.of(registration.deviceId()), new Credentials(key, 0, false));
        log.info("Device {} registered by {}", registration.deviceId(), actor);
        audit.record(AuditEvent.now(
                AuditEvent.user(actor),
                "device.registered",
                "device",
                registration.deviceId(),
                Map.of("kind", registration.kind().name(), "protocol", registration.protocolOrDefault())));
        return new RegisteredDevice(
                find(registration.deviceId()).orElseThrow(), registration.signsReports() ? encode(key) : null);
    }

    @Override
    @Transactional
    public List<RegisteredDevice> registerAll(List<DeviceRegistration> registrations, String actor) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < registrations.size(); i++) {
            String id = registrations.get(i).deviceId();
            if (!ids.add(id) || credentials.containsKey(DeviceId.of(id))) {
                throw new InvalidFieldException("line " + (i + 2), "device " + id + " is already registered");
            }
        }
        List<RegisteredDevice> registered = new ArrayList<>(registrations.size());
        for (DeviceRegistration registration : registrations) {
            registered.add(register(registration, actor));
        }
        return registered;
    }

    @Override
    @Transactional
    public Optional<Device> revoke(String deviceId, String reason, String actor) {
        int updated = jdbc.sql(
                        "UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE device_id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(Instant.now()), actor, deviceId)
                .update();
        if (updated == 1) {
            credentials.computeIfPresent(
                    DeviceId.of(deviceId), (id, old) -> new Credentials(old.key(), old.counter(), true));
            log.warn("Device {} revoked by {}: {}", deviceId, actor, reason);
            audit.record(AuditEvent.now(
                    AuditEvent.user(actor), "device.revoked", "device", deviceId, Map.of("reason", reason)));
        }
        return find(deviceId);
    }

    @Override
    @Transactional
    public Optional<Device> changeLifecycle(String deviceId, Lifecycle lifecycle, String actor) {
        int updated = jdbc.sql("UPDATE devices SET lifecycle = ? WHERE device_id = ?")
                .params(lifecycle.name(), deviceId)
                .update();
        log.info("Device {} moved to {} by {}", deviceId, lifecycle, actor);
        if (updated == 1) {
            audit.record(AuditEvent.now(
                    AuditEvent.user(actor),
                    "device.lifecycle-changed",
                    "device",
                    deviceId,
                    Map.of("lifecycle", lifecycle.name())));
        }
        return find(deviceId);
    }

    @Override
    @Transactional
    public Optional<RegisteredDevice> rotateKey(String deviceId, String actor) {
        byte[] key = newKey();
        int updated = jdbc.sql(
                        "UPDATE devices SET key_secret = ?, key_version = key_version + 1, key_rotated_at = ? WHERE device_id = ?")
                .params(key, Timestamp.from(Instant.now()), deviceId)
                .update();
        if (updated == 0) {
            return Optional.empty();
        }
        credentials.compute(
                DeviceId.of(deviceId),
                (id, old) -> new Credentials(key, old == null ? 0 : old.counter(), old != null && old.revoked()));
        log.info("Key of device {} rotated by {}", deviceId, actor);
        audit.record(AuditEvent.now(AuditEvent.user(actor), "device.key-rotated", "device", deviceId, Map.of()));
        return find(deviceId).map(device -> new RegisteredDevice(device, encode(key)));
    }

    @Override
    public Optional<Device> find(String deviceId) {
        return jdbc.sql("SELECT * FROM devices WHERE device_id = ?")
                .param(deviceId)
                .query(JdbcDeviceRegistry::device)
                .optional();
    }

    @Override
    public List<Device> list(@Nullable Long ownerOrganisationId) {
        if (ownerOrganisationId == null) {
            return jdbc.sql("SELECT * FROM devices ORDER BY device_id")
                    .query(JdbcDeviceRegistry::device)
                    .list();
        }
        return jdbc.sql("SELECT * FROM devices WHERE owner_organisation_id = ? ORDER BY device_id")
                .param(ownerOrganisationId)
                .query(JdbcDeviceRegistry::device)
                .list();
    }

    @Override
    public byte @Nullable [] keyOf(DeviceId deviceId) {
        Credentials c = credentials.get(deviceId);
        return c == null ? null : c.key();
    }

    @Override
    public DeviceStatus statusOf(DeviceId deviceId) {
        Credentials c = credentials.get(deviceId);
        return c == null ? DeviceStatus.UNKNOWN : c.revoked() ? DeviceStatus.REVOKED : DeviceStatus.ACTIVE;
    }

    @Override
    public long persistedCounter(DeviceId deviceId) {
        Credentials c = credentials.get(deviceId);
        return c == null ? 0 : c.counter();
    }

    @Override
    public void recordActivity(Collection<DeviceActivity> activity) {
        if (activity.isEmpty()) {
            return;
        }
        for (DeviceActivity a : activity) {
            credentials.computeIfPresent(
                    a.deviceId(),
                    (id, old) ->
                            new Credentials(old.key(), Math.max(old.counter(), a.highestCounter()), old.revoked()));
        }
        if (postgres) {
            // One statement for the whole batch (arrays unnested into rows), instead of one UPDATE per device.
            int n = activity.size();
            String[] ids = new String[n];
            Long[] counters = new Long[n];
            Timestamp[] seen = new Timestamp[n];
            Integer[] battery = new Integer[n];
            int i = 0;
            for (DeviceActivity a : activity) {
                ids[i] = a.deviceId().value();
                counters[i] = a.highestCounter();
                seen[i] = Timestamp.from(a.seenAt());
                battery[i] = a.batteryPercent();
                i++;
            }
            template.execute((ConnectionCallback<Integer>) connection -> {
                try (PreparedStatement update = connection.prepareStatement("""
                        UPDATE devices d SET last_counter = GREATEST(d.last_counter, a.counter), last_seen_at = a.seen,
                            battery_percent = COALESCE(a.battery, d.battery_percent)
                        FROM unnest(?::varchar[], ?::bigint[], ?::timestamptz[], ?::integer[])
                            AS a(device_id, counter, seen, battery)
                        WHERE d.device_id = a.device_id""")) {
                    update.setArray(1, connection.createArrayOf("varchar", ids));
                    update.setArray(2, connection.createArrayOf("bigint", counters));
                    update.setArray(3, connection.createArrayOf("timestamptz", seen));
                    update.setArray(4, connection.createArrayOf("integer", battery));
                    return update.executeUpdate();
                }
            });
            return;
        }
        List<Object[]> rows = new ArrayList<>(activity.size());
        for (DeviceActivity a : activity) {
            rows.add(new Object[] {
                a.highestCounter(),
                Timestamp.from(a.seenAt()),
                a.batteryPercent(),
                a.deviceId().value()
            });
        }
        template.batchUpdate("""
                UPDATE devices SET last_counter = GREATEST(last_counter, ?), last_seen_at = ?,
                    battery_percent = COALESCE(?, battery_percent) WHERE device_id = ?""", rows);
    }

    private byte[] newKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    private static String encode(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    private static Device device(ResultSet rs, int row) throws SQLException {
        Timestamp lastSeen = rs.getTimestamp("last_seen_at");
        long owner = rs.getLong("owner_organisation_id");
        Long ownerId = rs.wasNull() ? null : owner;
        int battery = rs.getInt("battery_percent");
        Integer batteryPercent = rs.wasNull() ? null : battery;
        return new Device(
                rs.getString("device_id"),
                DeviceKind.valueOf(rs.getString("kind")),
                rs.getString("protocol"),
                rs.getString("seal_class"),
                ownerId,
                Lifecycle.valueOf(rs.getString("lifecycle")),
                rs.getInt("key_version"),
                rs.getLong("last_counter"),
                lastSeen == null ? null : lastSeen.toInstant(),
                batteryPercent,
                rs.getString("firmware"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("revoked_at") == null
                        ? null
                        : rs.getTimestamp("revoked_at").toInstant());
    }
}
