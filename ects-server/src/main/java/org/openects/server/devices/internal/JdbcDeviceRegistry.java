package org.openects.server.devices.internal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.KeyWrap;
import org.openects.codec.openects.ReplayWindow;
import org.openects.domain.DeviceId;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceActivity;
import org.openects.server.devices.DeviceAlreadyRegisteredException;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.devices.DeviceKind;
import org.openects.server.devices.DeviceProfile;
import org.openects.server.devices.DeviceRegistration;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.devices.DeviceStatus;
import org.openects.server.devices.Lifecycle;
import org.openects.server.devices.RegisteredDevice;
import org.openects.server.shared.BulkRows;
import org.openects.server.shared.ConflictException;
import org.openects.server.shared.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry on the database, with every device's key (and pending key during an in-band rotation) and accepted
 * counter cached in memory so that the ingress never waits on the database per message.
 */
@Service
class JdbcDeviceRegistry implements DeviceRegistry, DeviceDirectory {

    private static final Logger log = LoggerFactory.getLogger(JdbcDeviceRegistry.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final boolean postgres;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();
    private final TransactionTemplate transactions;
    private final Map<DeviceId, Credentials> credentials = new ConcurrentHashMap<>();
    /** The persisted replay window bitmaps, each relative to the device's counter in {@link #credentials}. */
    private final Map<DeviceId, long[]> replayBitmaps = new ConcurrentHashMap<>();

    /**
     * What verification and admission need of one device, replaced whole on every change.
     *
     * @param profile the protocol and payload format it is registered for
     * @param pendingKey the key an open in-band rotation will make current, or {@code null}
     * @param pendingCommand the counter of the rotate-key command carrying it, or {@code -1}
     */
    private record Credentials(
            byte[] key,
            long counter,
            boolean revoked,
            byte @Nullable [] pendingKey,
            long pendingCommand,
            DeviceProfile profile) {

        Credentials withCounter(long highest) {
            return new Credentials(key, highest, revoked, pendingKey, pendingCommand, profile);
        }

        Credentials asRevoked() {
            return new Credentials(key, counter, true, pendingKey, pendingCommand, profile);
        }

        Credentials withKey(byte[] newKey) {
            return new Credentials(newKey, counter, revoked, null, -1, profile);
        }

        Credentials withPending(byte @Nullable [] pending, long command) {
            return new Credentials(key, counter, revoked, pending, command, profile);
        }
    }

    JdbcDeviceRegistry(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
        this.postgres = BulkRows.isPostgres(template);
        jdbc.sql("""
                        SELECT device_id, key_secret, last_counter, revoked_at, pending_key, pending_key_command,
                            protocol, payload_format, replay_bitmap
                        FROM devices""")
                .query((rs, n) -> {
                    DeviceId deviceId = DeviceId.of(rs.getString(1));
                    long[] bitmap = bitmap(rs.getBytes(9));
                    if (bitmap != null) {
                        replayBitmaps.put(deviceId, bitmap);
                    }
                    long pendingCommand = rs.getLong(6);
                    boolean noPendingCommand = rs.wasNull();
                    credentials.put(
                            deviceId,
                            new Credentials(
                                    rs.getBytes(2),
                                    rs.getLong(3),
                                    rs.getTimestamp(4) != null,
                                    rs.getBytes(5),
                                    noPendingCommand ? -1 : pendingCommand,
                                    new DeviceProfile(rs.getString(7), rs.getString(8))));
                    return null;
                })
                .list();
        log.info("Device registry: {} devices with keys loaded", credentials.size());
    }

    @Override
    @Transactional
    public RegisteredDevice register(DeviceRegistration registration, String actor) {
        String formatProblem = registration.payloadFormatProblem();
        if (formatProblem != null) {
            throw new InvalidFieldException("payloadFormat", formatProblem);
        }
        byte[] key = newKey();
        Instant now = Instant.now();
        try {
            jdbc.sql("""
                            INSERT INTO devices (device_id, kind, protocol, seal_class, owner_organisation_id, lifecycle,
                                key_secret, key_version, key_rotated_at, last_counter, firmware, created_at, created_by,
                                payload_format)
                            VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 0, ?, ?, ?, ?)""")
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
                            actor,
                            registration.payloadFormatOrDefault())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DeviceAlreadyRegisteredException(registration.deviceId());
        }
        DeviceProfile profile =
                new DeviceProfile(registration.protocolOrDefault(), registration.payloadFormatOrDefault());
        credentials.put(DeviceId.of(registration.deviceId()), new Credentials(key, 0, false, null, -1, profile));
        log.info("Device {} registered by {}", registration.deviceId(), actor);
        audit.record(AuditEvent.now(
                AuditEvent.user(actor),
                "device.registered",
                "device",
                registration.deviceId(),
                profile.payloadFormat() == null
                        ? Map.of("kind", registration.kind().name(), "protocol", profile.protocol())
                        : Map.of(
                                "kind",
                                registration.kind().name(),
                                "protocol",
                                profile.protocol(),
                                "payloadFormat",
                                profile.payloadFormat())));
        // The key is not in the answer: it waits for the owning seal provider's claim (provisionKey).
        return new RegisteredDevice(find(registration.deviceId()).orElseThrow(), null);
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
            credentials.computeIfPresent(DeviceId.of(deviceId), (id, old) -> old.asRevoked());
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
        if (!replaceKey(deviceId, key, AuditEvent.user(actor), null)) {
            return Optional.empty();
        }
        credentials.computeIfPresent(DeviceId.of(deviceId), (id, old) -> old.withKey(key));
        log.info("Key of device {} rotated by {}", deviceId, actor);
        audit.record(AuditEvent.now(AuditEvent.user(actor), "device.key-rotated", "device", deviceId, Map.of()));
        // The new key waits for the owning seal provider's claim (provisionKey), as at registration.
        return find(deviceId).map(device -> new RegisteredDevice(device, null));
    }

    @Override
    @Transactional
    public Optional<RegisteredDevice> provisionKey(String deviceId, long providerOrganisationId, String actor) {
        Optional<Device> found = find(deviceId);
        if (found.isEmpty()
                || !Long.valueOf(providerOrganisationId).equals(found.get().ownerOrganisationId())) {
            return Optional.empty();
        }
        Device device = found.get();
        if (!DeviceProfile.signs(device.protocol(), device.payloadFormat())) {
            throw new ConflictException("device " + deviceId + " speaks " + device.protocol()
                    + ", which signs nothing: it has no key to provision");
        }
        if (device.revokedAt() != null) {
            throw new ConflictException("device " + deviceId + " is revoked: its key is not delivered");
        }
        int claimed = jdbc.sql("""
                        UPDATE devices SET key_provisioned_at = ?, key_provisioned_by = ?
                        WHERE device_id = ? AND owner_organisation_id = ? AND key_provisioned_at IS NULL
                            AND revoked_at IS NULL""")
                .params(Timestamp.from(Instant.now()), actor, deviceId, providerOrganisationId)
                .update();
        if (claimed == 0) {
            throw new ConflictException("the key of device " + deviceId + " (version " + device.keyVersion()
                    + ") was delivered already; an administrator's key rotation issues a new one to claim");
        }
        byte[] key = jdbc.sql("SELECT key_secret FROM devices WHERE device_id = ?")
                .param(deviceId)
                .query(byte[].class)
                .single();
        log.info("Key of device {} (version {}) delivered to {}", deviceId, device.keyVersion(), actor);
        audit.record(AuditEvent.now(
                AuditEvent.user(actor),
                "device.key-provisioned",
                "device",
                deviceId,
                Map.of("keyVersion", Integer.toString(device.keyVersion()))));
        return find(deviceId).map(d -> new RegisteredDevice(d, encode(key)));
    }

    /**
     * Makes {@code key} the device's key in the database, retiring the old one and closing any open in-band rotation.
     * {@code deliveredBy} names who already holds the new key (the device itself, after an in-band rotation), or is
     * {@code null} when the key waits for the seal provider's claim. False when there is no such device.
     */
    private boolean replaceKey(String deviceId, byte[] key, String retiredBy, @Nullable String deliveredBy) {
        Instant now = Instant.now();
        int retired =
                jdbc.sql("""
                        INSERT INTO device_retired_keys (device_id, key_version, key_secret, retired_at, retired_by)
                        SELECT device_id, key_version, key_secret, ?, ? FROM devices WHERE device_id = ?""").params(Timestamp.from(now), retiredBy, deviceId).update();
        if (retired == 0) {
            return false;
        }
        jdbc.sql("""
                        UPDATE devices SET key_secret = ?, key_version = key_version + 1, key_rotated_at = ?,
                            pending_key = NULL, pending_key_command = NULL, key_provisioned_at = ?,
                            key_provisioned_by = ?
                        WHERE device_id = ?""")
                .params(
                        key,
                        Timestamp.from(now),
                        deliveredBy == null ? null : Timestamp.from(now),
                        deliveredBy,
                        deviceId)
                .update();
        return true;
    }

    @Override
    @Transactional
    public Optional<byte[]> openKeyRotation(String deviceId, long commandCounter, String actor) {
        DeviceId id = DeviceId.of(deviceId);
        Credentials current = credentials.get(id);
        if (current == null) {
            return Optional.empty();
        }
        if (current.pendingKey() != null) {
            throw new ConflictException("device " + deviceId + " has a key rotation open (command "
                    + current.pendingCommand() + "); wait for its answer or its timeout");
        }
        byte[] pending = newKey();
        int updated = jdbc.sql("""
                        UPDATE devices SET pending_key = ?, pending_key_command = ?
                        WHERE device_id = ? AND pending_key IS NULL""").params(pending, commandCounter, deviceId).update();
        if (updated == 0) {
            throw new ConflictException("device " + deviceId + " has a key rotation open");
        }
        afterCommit(() -> credentials.computeIfPresent(id, (d, old) -> old.withPending(pending, commandCounter)));
        log.info("In-band key rotation of device {} opened by {} (command {})", deviceId, actor, commandCounter);
        return Optional.of(KeyWrap.wrap(current.key(), commandCounter, pending));
    }

    @Override
    @Transactional
    public void abandonKeyRotation(String deviceId, long commandCounter, String reason) {
        int updated = jdbc.sql("""
                        UPDATE devices SET pending_key = NULL, pending_key_command = NULL
                        WHERE device_id = ? AND pending_key_command = ?""").params(deviceId, commandCounter).update();
        if (updated == 0) {
            return;
        }
        afterCommit(() -> credentials.computeIfPresent(
                DeviceId.of(deviceId),
                (d, old) -> old.pendingCommand() == commandCounter ? old.withPending(null, -1) : old));
        log.warn("In-band key rotation of device {} (command {}) abandoned: {}", deviceId, commandCounter, reason);
        audit.record(AuditEvent.now(
                AuditEvent.system("commands"),
                "device.key-rotation-abandoned",
                "device",
                deviceId,
                Map.of("command", Long.toString(commandCounter), "reason", reason)));
    }

    @Override
    public byte @Nullable [] pendingKeyOf(DeviceId deviceId) {
        Credentials c = credentials.get(deviceId);
        return c == null ? null : c.pendingKey();
    }

    @Override
    public void pendingKeyProven(DeviceId deviceId, byte[] key) {
        long[] command = {-1};
        credentials.computeIfPresent(deviceId, (id, old) -> {
            if (old.pendingKey() == null || !Arrays.equals(old.pendingKey(), key)) {
                return old;
            }
            command[0] = old.pendingCommand();
            return old.withKey(key);
        });
        if (command[0] < 0) {
            return;
        }
        // In memory the key is switched; the database follows in the background. Should that fail or the platform
        // stop first, the key is still pending in the database, and the device's next message switches it again.
        Thread.ofVirtual()
                .name("key-rotation-" + deviceId.value())
                .start(() -> persistProvenKey(deviceId, key, command[0]));
    }

    private void persistProvenKey(DeviceId deviceId, byte[] key, long command) {
        try {
            Boolean switched = transactions.execute(status -> {
                byte[] pending = jdbc.sql("SELECT pending_key FROM devices WHERE device_id = ?")
                        .param(deviceId.value())
                        .query(byte[].class)
                        .optional()
                        .orElse(null);
                return pending != null
                        && Arrays.equals(pending, key)
                        && replaceKey(
                                deviceId.value(), key, "device:" + deviceId.value(), "device:" + deviceId.value());
            });
            if (Boolean.TRUE.equals(switched)) {
                log.info("Device {} proved its new key: in-band key rotation (command {}) done", deviceId, command);
                audit.record(AuditEvent.now(
                        "device:" + deviceId.value(),
                        "device.key-rotated",
                        "device",
                        deviceId.value(),
                        Map.of("method", "in-band", "command", Long.toString(command))));
            }
        } catch (RuntimeException e) {
            log.error("Could not persist the new key of device {}; its next message switches it again", deviceId, e);
        }
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
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
    public @Nullable DeviceProfile profileOf(DeviceId deviceId) {
        Credentials c = credentials.get(deviceId);
        return c == null ? null : c.profile();
    }

    @Override
    public long persistedCounter(DeviceId deviceId) {
        Credentials c = credentials.get(deviceId);
        return c == null ? 0 : c.counter();
    }

    @Override
    public ReplayWindow replayWindow(DeviceId deviceId) {
        Credentials c = credentials.get(deviceId);
        long counter = c == null ? 0 : c.counter();
        long[] bitmap = replayBitmaps.get(deviceId);
        return bitmap == null ? new ReplayWindow(counter) : new ReplayWindow(counter, bitmap);
    }

    @Override
    public void recordActivity(Collection<DeviceActivity> activity) {
        if (activity.isEmpty()) {
            return;
        }
        for (DeviceActivity a : activity) {
            long[] window = a.seenBelowHighest();
            credentials.computeIfPresent(a.deviceId(), (id, old) -> {
                // The bitmap goes with the counter it is relative to, as in the UPDATE below.
                if (window != null && a.highestCounter() >= old.counter()) {
                    replayBitmaps.put(id, window.clone());
                }
                return old.withCounter(Math.max(old.counter(), a.highestCounter()));
            });
        }
        if (postgres) {
            // One statement for the whole batch (arrays unnested into rows), instead of one UPDATE per device.
            int n = activity.size();
            String[] ids = new String[n];
            Long[] counters = new Long[n];
            Timestamp[] seen = new Timestamp[n];
            Integer[] battery = new Integer[n];
            String[] bitmaps = new String[n];
            int i = 0;
            for (DeviceActivity a : activity) {
                ids[i] = a.deviceId().value();
                counters[i] = a.highestCounter();
                seen[i] = Timestamp.from(a.seenAt());
                battery[i] = a.batteryPercent();
                byte[] bitmap = bytes(a.seenBelowHighest());
                bitmaps[i] = bitmap == null ? null : HexFormat.of().formatHex(bitmap);
                i++;
            }
            template.execute((ConnectionCallback<Integer>) connection -> {
                try (PreparedStatement update = connection.prepareStatement("""
                        UPDATE devices d SET last_counter = GREATEST(d.last_counter, a.counter), last_seen_at = a.seen,
                            battery_percent = COALESCE(a.battery, d.battery_percent),
                            replay_bitmap = CASE WHEN a.bitmap IS NOT NULL AND a.counter >= d.last_counter
                                THEN decode(a.bitmap, 'hex') ELSE d.replay_bitmap END
                        FROM unnest(?::varchar[], ?::bigint[], ?::timestamptz[], ?::integer[], ?::text[])
                            AS a(device_id, counter, seen, battery, bitmap)
                        WHERE d.device_id = a.device_id""")) {
                    update.setArray(1, connection.createArrayOf("varchar", ids));
                    update.setArray(2, connection.createArrayOf("bigint", counters));
                    update.setArray(3, connection.createArrayOf("timestamptz", seen));
                    update.setArray(4, connection.createArrayOf("integer", battery));
                    update.setArray(5, connection.createArrayOf("text", bitmaps));
                    return update.executeUpdate();
                }
            });
            return;
        }
        List<Object[]> rows = new ArrayList<>(activity.size());
        for (DeviceActivity a : activity) {
            byte[] bitmap = bytes(a.seenBelowHighest());
            rows.add(new Object[] {
                bitmap != null && a.highestCounter() >= 0 ? a.highestCounter() : Long.MAX_VALUE,
                bitmap,
                a.highestCounter(),
                Timestamp.from(a.seenAt()),
                a.batteryPercent(),
                a.deviceId().value()
            });
        }
        // The bitmap first: its condition must see the counter before this update raises it.
        template.batchUpdate("""
                UPDATE devices SET replay_bitmap = CASE WHEN CAST(? AS BIGINT) >= last_counter
                        THEN CAST(? AS BYTEA) ELSE replay_bitmap END,
                    last_counter = GREATEST(last_counter, ?), last_seen_at = ?,
                    battery_percent = COALESCE(?, battery_percent) WHERE device_id = ?""", rows);
    }

    /** The bitmap as stored: its 64-bit words, big-endian. */
    private static byte @Nullable [] bytes(long @Nullable [] words) {
        if (words == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(words.length * Long.BYTES);
        for (long word : words) {
            buffer.putLong(word);
        }
        return buffer.array();
    }

    /** The bitmap as stored, back in words; null when none was stored or it is not a window's size. */
    private static long @Nullable [] bitmap(byte @Nullable [] stored) {
        if (stored == null || stored.length != ReplayWindow.SIZE / Byte.SIZE) {
            return null;
        }
        long[] words = new long[stored.length / Long.BYTES];
        ByteBuffer.wrap(stored).asLongBuffer().get(words);
        return words;
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
                        : rs.getTimestamp("revoked_at").toInstant(),
                rs.getString("payload_format"),
                DeviceProfile.signs(rs.getString("protocol"), rs.getString("payload_format"))
                        && rs.getTimestamp("key_provisioned_at") == null
                        && rs.getTimestamp("revoked_at") == null);
    }
}
