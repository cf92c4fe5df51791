/**
 * Ingress: turns device bytes into accepted reports, and carries the platform's messages back to devices. Runs the
 * embedded MQTT broker in single-box mode, subscribes to the device topics, takes native messages over HTTP and every
 * protocol over its TCP listener (Iridium DirectIP from the gateway's addresses only), decodes each message with its
 * protocol's codec (which verifies the signature of native messages), screens it through the admission policies,
 * archives it raw with its digest and outcome, and only then answers the sender, hands the accepted reports to
 * monitoring, the accepted command acknowledgements to {@link org.openects.server.ingress.CommandAckListener}s and
 * the reports that say something about a lock to {@link org.openects.server.ingress.UnlockReportListener}s.
 * Answers time requests, and sends commands ({@link org.openects.server.ingress.DeviceDownlink}): signed, to native
 * devices over MQTT or their TCP connection and to Iridium devices as mobile-terminated messages through the Iridium
 * gateway's DirectIP MT port; unsigned set-interval, ping and unlock to JT/T 808 terminals on their connection (whose answers
 * go to the same listeners, and whose new connections to {@link org.openects.server.ingress.DownlinkReadyListener}s).
 * Answers the audit module's reads of the archive through {@link org.openects.server.audit.FrameArchive}. Public:
 * those four, {@link org.openects.server.ingress.MqttProperties}, {@link
 * org.openects.server.ingress.IngressProperties}, {@link org.openects.server.ingress.DeviceTimeProperties} and {@link
 * org.openects.server.ingress.IngressOutcome}.
 */
@ApplicationModule(
        displayName = "Ingress",
        allowedDependencies = {"audit", "devices", "identity", "monitoring", "shared"})
@NullMarked
package org.openects.server.ingress;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
