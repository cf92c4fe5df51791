package org.openects.server.devices.internal;

import org.jspecify.annotations.Nullable;
import org.openects.server.devices.DeviceProfile;

/**
 * What verification and admission need of one device, kept in the registry's memory and replaced whole on every
 * change.
 *
 * @param profile the protocol and payload format it is registered for
 * @param pendingKey the key an open in-band rotation will make current, or {@code null}
 * @param pendingCommand the counter of the rotate-key command carrying it, or {@code -1}
 */
record DeviceCredentials(
        byte[] key,
        long counter,
        boolean revoked,
        byte @Nullable [] pendingKey,
        long pendingCommand,
        DeviceProfile profile) {

    DeviceCredentials withCounter(long highest) {
        return new DeviceCredentials(key, highest, revoked, pendingKey, pendingCommand, profile);
    }

    DeviceCredentials asRevoked() {
        return new DeviceCredentials(key, counter, true, pendingKey, pendingCommand, profile);
    }

    DeviceCredentials withKey(byte[] newKey) {
        return new DeviceCredentials(newKey, counter, revoked, null, -1, profile);
    }

    DeviceCredentials withPending(byte @Nullable [] pending, long command) {
        return new DeviceCredentials(key, counter, revoked, pending, command, profile);
    }
}
