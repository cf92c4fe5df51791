package org.openects.server.ingress.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.devices.DeviceStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What administrators see of the ingress: counts by outcome and reason, rejected messages, unknown devices. */
@RestController
@RequestMapping("/api/v1/ingress")
@PreAuthorize("hasRole('ADMIN')")
class IngressController {

    /** The most unknown devices listed. */
    static final int UNKNOWN_DEVICES_LIMIT = 500;

    /** How many device ids each query of the archive reads while listing unknown devices. */
    static final int UNKNOWN_DEVICES_PAGE = 1_000;

    private final JdbcClient jdbc;
    private final DeviceDirectory devices;
    private volatile int unknownDevicesPage = UNKNOWN_DEVICES_PAGE;

    IngressController(JdbcClient jdbc, DeviceDirectory devices) {
        this.jdbc = jdbc;
        this.devices = devices;
    }

    /** How many messages ended how. */
    record OutcomeCount(String outcome, @Nullable String reason, long count) {}

    /**
     * A rejected message; {@code originalLength} is its full length when only its first bytes were archived (its
     * digest is still that of all its bytes), null when it was archived whole.
     */
    record Rejection(
            long id,
            Instant receivedAt,
            String transport,
            String source,
            @Nullable String claimedDeviceId,
            String reason,
            @Nullable String detail,
            String digest,
            @Nullable Integer originalLength) {}

    /** A device id seen on the wire but not registered. */
    record UnknownDevice(String deviceId, long seen, Instant firstSeen, Instant lastSeen) {}

    /** Counts by outcome and reason, for every device or, with {@code deviceId}, for the device that claimed it. */
    @GetMapping("/stats")
    List<OutcomeCount> stats(@RequestParam(required = false) @Nullable String deviceId) {
        if (deviceId != null) {
            return jdbc.sql("""
                            SELECT outcome, reason, COUNT(*) FROM raw_messages WHERE claimed_device_id = ?
                            GROUP BY outcome, reason ORDER BY outcome, reason""")
                    .param(deviceId)
                    .query((rs, n) -> new OutcomeCount(rs.getString(1), rs.getString(2), rs.getLong(3)))
                    .list();
        }
        // Running totals kept by the ingest partitions: no scan of the archive.
        return jdbc.sql("""
                        SELECT outcome, reason, SUM(messages) FROM ingress_counts
                        GROUP BY outcome, reason ORDER BY outcome, reason""")
                .query((rs, n) -> new OutcomeCount(
                        rs.getString(1), rs.getString(2).isEmpty() ? null : rs.getString(2), rs.getLong(3)))
                .list();
    }

    @GetMapping("/rejections")
    List<Rejection> rejections() {
        return jdbc.sql("""
                        SELECT id, received_at, transport, source, claimed_device_id, reason, detail, digest,
                            original_length
                        FROM raw_messages WHERE outcome = 'REJECTED' ORDER BY received_at DESC, id DESC LIMIT 200""")
                .query((rs, n) -> new Rejection(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        HexFormat.of().formatHex(rs.getBytes(8)),
                        rs.getObject(9) == null ? null : rs.getInt(9)))
                .list();
    }

    /**
     * The device ids that messages refused as {@code UNKNOWN_DEVICE} claimed and that are still not registered, the
     * most recently seen first. The archive gives the ids by page; the registry (from memory) says which are
     * registered by now.
     */
    @GetMapping("/unknown-devices")
    List<UnknownDevice> unknownDevices() {
        List<UnknownDevice> unknown = new ArrayList<>();
        int pageSize = unknownDevicesPage;
        for (int offset = 0; unknown.size() < UNKNOWN_DEVICES_LIMIT; offset += pageSize) {
            List<UnknownDevice> page = jdbc.sql("""
                            SELECT claimed_device_id, COUNT(*), MIN(received_at), MAX(received_at) FROM raw_messages
                            WHERE reason = 'UNKNOWN_DEVICE' AND claimed_device_id IS NOT NULL
                            GROUP BY claimed_device_id ORDER BY MAX(received_at) DESC, claimed_device_id
                            LIMIT ? OFFSET ?""")
                    .params(pageSize, offset)
                    .query((rs, n) -> new UnknownDevice(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant()))
                    .list();
            for (UnknownDevice device : page) {
                if (unknown.size() < UNKNOWN_DEVICES_LIMIT && !registered(device.deviceId())) {
                    unknown.add(device);
                }
            }
            if (page.size() < pageSize) {
                break;
            }
        }
        return unknown;
    }

    /** Sets how many device ids each query reads (tests read fewer, to see the list go on past a page). */
    void unknownDevicesPage(int size) {
        unknownDevicesPage = size;
    }

    private boolean registered(String deviceId) {
        return DeviceId.isValid(deviceId) && devices.statusOf(DeviceId.of(deviceId)) != DeviceStatus.UNKNOWN;
    }
}
