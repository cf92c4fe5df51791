package org.openects.domain;

import java.util.regex.Pattern;

/**
 * The identity a device reports under: an e-seal serial number, a tracker's IMEI, an Iridium modem's IMEI.
 * Letters, digits, dot, dash and underscore; 1 to 64 characters.
 */
public record DeviceId(String value) implements Comparable<DeviceId> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public DeviceId {
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("device id must be 1-64 characters of letters, digits, '.', '-' or '_'");
        }
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    /** Whether {@code value} is acceptable as a device id, without throwing. */
    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
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
