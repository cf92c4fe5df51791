/**
 * Commands to devices (device protocol section 5): officers, operators and administrators ask a device to unlock,
 * change its reporting interval, answer a ping or take a new key in band, as far as its protocol takes commands (its
 * {@code ProtocolDescription}): native and Iridium devices take every command, signed under the device's key; JT/T 808
 * terminals take set-interval and ping, unsigned (the protocol has no signature); other protocols none. Each command
 * gets the device's next downlink counter, is sent through the ingress, and follows its status from the device's
 * acknowledgement or its timeout, every step in the audit log. No public types: the module is its HTTP API.
 */
@ApplicationModule(
        displayName = "Commands",
        allowedDependencies = {"audit", "devices", "identity", "ingress", "live", "movements", "shared"})
@NullMarked
package org.openects.server.commands;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
