/**
 * Ingress: turns device bytes into accepted reports, and carries the platform's messages back to devices. Runs the
 * embedded MQTT broker in single-box mode, subscribes to the device topics, archives every received message raw with
 * its digest and outcome, verifies it, hands the accepted reports to monitoring and the accepted command
 * acknowledgements to {@link org.openects.server.ingress.CommandAckListener}s, answers time requests, and sends
 * commands ({@link org.openects.server.ingress.DeviceDownlink}): over MQTT or a device's TCP connection, and to
 * Iridium devices as mobile-terminated messages through the Iridium gateway's DirectIP MT port, and set-interval and
 * ping to JT/T 808 terminals on their connection (whose answers go to the same listeners, and whose new connections to
 * {@link org.openects.server.ingress.DownlinkReadyListener}s). Answers the audit module's reads of the archive through
 * {@link org.openects.server.audit.FrameArchive}. Public: those three, {@link
 * org.openects.server.ingress.MqttProperties}, {@link org.openects.server.ingress.IngressProperties} and {@link
 * org.openects.server.ingress.IngressOutcome}.
 */
@ApplicationModule(
        displayName = "Ingress",
        allowedDependencies = {"audit", "devices", "identity", "monitoring", "shared"})
@NullMarked
package org.openects.server.ingress;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
