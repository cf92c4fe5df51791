/**
 * Device registry: e-seals, e-locks and trackers, their keys, lifecycle and last activity. Public:
 * {@link org.openects.server.devices.DeviceDirectory} for the ingress, the device types and the registry API.
 */
@ApplicationModule(
        displayName = "Devices",
        allowedDependencies = {"audit", "identity", "shared"})
@NullMarked
package org.openects.server.devices;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
