package org.openects.server.ingress;

import org.openects.domain.DeviceId;

/**
 * Told when a device that can only be reached on its own connection — a JT/T 808 terminal, which takes commands on
 * its TCP connection and nowhere else — is known on a new connection (its first accepted message there), so that the
 * commands waiting for it can go now. Called on an ingest thread: implementations return at once and do their work
 * elsewhere.
 */
@FunctionalInterface
public interface DownlinkReadyListener {

    void connected(DeviceId device);
}
