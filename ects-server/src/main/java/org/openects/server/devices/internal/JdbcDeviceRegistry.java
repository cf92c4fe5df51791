package org.openects.server.devices.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
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
import org.openects.server.devices.DeviceProfile;
import org.openects.server.devices.DeviceRegistration;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.devices.DeviceStatus;
import org.openects.server.devices.Lifecycle;
import org.openects.server.devices.RegisteredDevice;
import org.openects.server.shared.AfterCommit;
import org.openects.server.shared.BulkRows;
import org.openects.server.shared.ConflictException;
import org.openects.server.shared.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry on the database, with every device's key (and pending key during an in-band rotation) and accepted
 * counter cached in memory ({@link DeviceCredentials}) so that the ingress never waits on the database per message.
 * Rows are read back by {@link DeviceRows}; each ingest batch's device activity is written by {@link ActivityWriter}.
 */
@Service
class JdbcDeviceRegistry implements DeviceRegistry, DeviceDirectory {

    private static final Logger log = LoggerFactory.getLogger(JdbcDeviceRegistry.class);

    private final JdbcClient jdbc;
    private final ActivityWriter writer;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();
    private final TransactionTemplate transactions;
    private final Map<DeviceId, DeviceCredentials> credentials = new ConcurrentHashMap<>();
    /** The persisted replay window bitmaps, each relative to the device's counter in {@link #credentials}. */
    private final Map<DeviceId, long[]> replayBitmaps = new ConcurrentHashMap<>();

    JdbcDeviceRegistry(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.writer = new ActivityWriter(template, BulkRows.isPostgres(template));
        jdbc.sql("""
                        SELECT device_id, key_secret, last_counter, revoked_at, pending_key, pending_key_command,
                            protocol, payload_format, replay_bitmap
                        FROM devices""")
                .query((rs, n) -> {
                    DeviceId deviceId = DeviceId.of(rs.getString(1));
                    long[] bitmap = DeviceRows.bitmap(rs.getBytes(9));
                    if (bitmap != null) {
                        replayBitmaps.put(deviceId, bitmap);
                    }
                    long pendingCommand = rs.getLong(6);
                    boolean noPendingCommand = rs.wasNull();
                    credentials.put(
                            deviceId,
                            new DeviceCredentials(
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
        credentials.put(DeviceId.of(registration.deviceId()), new DeviceCredentials(key, 0, false, null, -1, profile));
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
        DeviceCredentials current = credentials.get(id);
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
        AfterCommit.run(() -> credentials.computeIfPresent(id, (d, old) -> old.withPending(pending, commandCounter)));
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
        AfterCommit.run(() -> credentials.computeIfPresent(
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
        DeviceCredentials c = credentials.get(deviceId);
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

    @Override
    public Optional<Device> find(String deviceId) {
        return jdbc.sql("SELECT * FROM devices WHERE device_id = ?")
                .param(deviceId)
                .query(DeviceRows::device)
                .optional();
    }

    @Override
    public List<Device> list(@Nullable Long ownerOrganisationId) {
        if (ownerOrganisationId == null) {
            return jdbc.sql("SELECT * FROM devices ORDER BY device_id")
                    .query(DeviceRows::device)
                    .list();
        }
        return jdbc.sql("SELECT * FROM devices WHERE owner_organisation_id = ? ORDER BY device_id")
                .param(ownerOrganisationId)
                .query(DeviceRows::device)
                .list();
    }

    @Override
    public byte @Nullable [] keyOf(DeviceId deviceId) {
        DeviceCredentials c = credentials.get(deviceId);
        return c == null ? null : c.key();
    }

    @Override
    public DeviceStatus statusOf(DeviceId deviceId) {
        DeviceCredentials c = credentials.get(deviceId);
        return c == null ? DeviceStatus.UNKNOWN : c.revoked() ? DeviceStatus.REVOKED : DeviceStatus.ACTIVE;
    }

    @Override
    public @Nullable DeviceProfile profileOf(DeviceId deviceId) {
        DeviceCredentials c = credentials.get(deviceId);
        return c == null ? null : c.profile();
    }

    @Override
    public long persistedCounter(DeviceId deviceId) {
        DeviceCredentials c = credentials.get(deviceId);
        return c == null ? 0 : c.counter();
    }

    @Override
    public ReplayWindow replayWindow(DeviceId deviceId) {
        DeviceCredentials c = credentials.get(deviceId);
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
        writer.write(activity);
    }

    private byte[] newKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    private static String encode(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
