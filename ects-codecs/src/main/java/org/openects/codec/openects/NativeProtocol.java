package org.openects.codec.openects;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import org.openects.domain.DeviceId;

/** Constants of the native protocol version 0 shared by devices, the simulator and the server. */
public final class NativeProtocol {

    /** The JWS {@code typ} header of a version 0 report. */
    public static final String REPORT_TYPE = "ects-report.v0";

    /** The only signature algorithm of version 0. */
    public static final String ALGORITHM = "HS256";

    /** Messages longer than this many bytes are rejected before any parsing. */
    public static final int MAX_MESSAGE_BYTES = 4096;

    /** Length of a device key in bytes. */
    public static final int KEY_BYTES = 32;

    /** The topic prefix when none is configured. */
    public static final String DEFAULT_TOPIC_PREFIX = "ects/v0";

    private NativeProtocol() {}

    /** The MQTT topic a device publishes its reports to: {@code {prefix}/devices/{deviceId}/reports}. */
    public static String reportTopic(String prefix, DeviceId deviceId) {
        return prefix + "/devices/" + deviceId.value() + "/reports";
    }

    /** The MQTT topic a device publishes its command acknowledgements to: {@code {prefix}/devices/{deviceId}/acks}. */
    public static String ackTopic(String prefix, DeviceId deviceId) {
        return prefix + "/devices/" + deviceId.value() + "/acks";
    }

    /**
     * The MQTT topic the platform publishes a device's commands and time responses to: {@code
     * {prefix}/devices/{deviceId}/commands}.
     */
    public static String commandTopic(String prefix, DeviceId deviceId) {
        return prefix + "/devices/" + deviceId.value() + "/commands";
    }

    /** The MQTT topic filter matching every device's acknowledgements under {@code prefix}. */
    public static String ackTopicFilter(String prefix) {
        return prefix + "/devices/+/acks";
    }

    /** The MQTT topic filter matching every device's commands under {@code prefix} (a simulator serving a fleet). */
    public static String commandTopicFilter(String prefix) {
        return prefix + "/devices/+/commands";
    }

    /** The MQTT topic filter matching every device's reports under {@code prefix}. */
    public static String reportTopicFilter(String prefix) {
        return prefix + "/devices/+/reports";
    }

    /** A fresh random device key from a cryptographically strong generator. */
    public static byte[] newKey() {
        return newKey(new SecureRandom());
    }

    /** A device key from the given generator; use a {@link SecureRandom} except in tests. */
    public static byte[] newKey(RandomGenerator random) {
        byte[] key = new byte[KEY_BYTES];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) random.nextInt(256);
        }
        return key;
    }
}
