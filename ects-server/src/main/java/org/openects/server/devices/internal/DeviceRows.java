package org.openects.server.devices.internal;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.ReplayWindow;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceKind;
import org.openects.server.devices.DeviceProfile;
import org.openects.server.devices.Lifecycle;

/** How devices and their replay window bitmaps are stored in the {@code devices} table, and read back. */
final class DeviceRows {

    private DeviceRows() {}

    /** The bitmap as stored: its 64-bit words, big-endian. */
    static byte @Nullable [] bytes(long @Nullable [] words) {
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
    static long @Nullable [] bitmap(byte @Nullable [] stored) {
        if (stored == null || stored.length != ReplayWindow.SIZE / Byte.SIZE) {
            return null;
        }
        long[] words = new long[stored.length / Long.BYTES];
        ByteBuffer.wrap(stored).asLongBuffer().get(words);
        return words;
    }

    static Device device(ResultSet rs, int row) throws SQLException {
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
