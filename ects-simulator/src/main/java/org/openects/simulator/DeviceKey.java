package org.openects.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.openects.domain.DeviceId;

/**
 * A device id with its native protocol key, as exchanged with an administrator in a CSV of {@code deviceId,base64key}
 * lines (standard base64 with padding).
 */
public record DeviceKey(DeviceId deviceId, byte[] key) {

    public DeviceKey {
        Objects.requireNonNull(deviceId);
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key for " + deviceId);
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The CSV form: a comment line, then one {@code deviceId,base64key} line per device. */
    public static String toCsv(List<DeviceKey> keys) {
        StringBuilder csv = new StringBuilder("# deviceId,base64key (HMAC-SHA256 keys of the native protocol v0)\n");
        for (DeviceKey key : keys) {
            csv.append(key.deviceId().value())
                    .append(',')
                    .append(Base64.getEncoder().encodeToString(key.key))
                    .append('\n');
        }
        return csv.toString();
    }

    /**
     * Parses the CSV form; blank lines and lines starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the line when one is not {@code deviceId,base64key}
     */
    public static List<DeviceKey> parseCsv(String csv) {
        List<DeviceKey> keys = new ArrayList<>();
        String[] lines = csv.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(",", -1);
            if (parts.length != 2 || !DeviceId.isValid(parts[0].strip())) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected deviceId,base64key");
            }
            try {
                keys.add(new DeviceKey(
                        DeviceId.of(parts[0].strip()), Base64.getDecoder().decode(parts[1].strip())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": key is not base64 or empty", e);
            }
        }
        return List.copyOf(keys);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceKey that && deviceId.equals(that.deviceId) && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return 31 * deviceId.hashCode() + Arrays.hashCode(key);
    }

    /** Without the key. */
    @Override
    public String toString() {
        return "DeviceKey[" + deviceId + "]";
    }
}
