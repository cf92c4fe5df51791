package org.openects.server.devices;

/**
 * The answer to a registration or a key rotation: the device and its new key, which is shown this once and never
 * again.
 *
 * @param device the device
 * @param key the 32-byte HMAC-SHA256 key, base64, for devices that sign their reports; {@code null} for legacy
 *     protocols, which sign nothing
 */
public record RegisteredDevice(
        Device device, @org.jspecify.annotations.Nullable String key) {}
