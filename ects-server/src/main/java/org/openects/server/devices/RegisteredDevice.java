package org.openects.server.devices;

/**
 * The answer to a registration, a key rotation or a key provisioning: the device and, only when it goes to the
 * device's own seal provider, its new key, which is shown this once and never again.
 *
 * @param device the device
 * @param key the 32-byte HMAC-SHA256 key, base64, when the answer delivers it: to the owning seal provider (its own
 *     registration, or the provisioning claim). {@code null} for an administrator's registration or rotation (the key
 *     waits for the provider's claim, {@link Device#keyAwaitingProvider()}) and for legacy protocols, which sign
 *     nothing
 */
public record RegisteredDevice(
        Device device, @org.jspecify.annotations.Nullable String key) {}
