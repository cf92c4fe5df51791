package org.openects.domain;

/**
 * The identity a device reports under: an e-seal serial number, a tracker's IMEI, an Iridium modem's IMEI.
 * Letters, digits, dot, dash and underscore; 1 to 64 characters.
 */
public record DeviceId(String value) implements Comparable<DeviceId> {

    public DeviceId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("device id must be 1-64 characters of letters, digits, '.', '-' or '_'");
        }
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    /** Whether {@code value} is acceptable as a device id, without throwing. */
    public static boolean isValid(String value) {
        // A loop rather than a regular expression: every received message is checked, on the ingest path.
        if (value == null || value.isEmpty() || value.length() > 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
