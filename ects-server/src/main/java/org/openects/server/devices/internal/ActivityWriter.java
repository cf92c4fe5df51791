package org.openects.server.devices.internal;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.openects.server.devices.DeviceActivity;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the devices' latest activity (last counter, last seen, battery, replay window bitmap) in one statement per
 * ingest batch, in the caller's transaction: on PostgreSQL one UPDATE over the batch's arrays unnested into rows,
 * elsewhere (H2) a JDBC batch of UPDATEs. The registry's memory is updated by its caller.
 */
final class ActivityWriter {

    private final JdbcTemplate template;
    private final boolean postgres;

    ActivityWriter(JdbcTemplate template, boolean postgres) {
        this.template = template;
        this.postgres = postgres;
    }

    /** Persists the activity of several devices; each bitmap goes with the counter it is relative to. */
    void write(Collection<DeviceActivity> activity) {
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
                byte[] bitmap = DeviceRows.bytes(a.seenBelowHighest());
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
            byte[] bitmap = DeviceRows.bytes(a.seenBelowHighest());
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
}
