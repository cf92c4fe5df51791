/**
 * Commands to devices (device protocol section 5): officers, operators and administrators ask a device to unlock,
 * change its reporting interval, answer a ping or take a new key in band, as far as its protocol takes commands (its
 * {@code ProtocolDescription}): native and Iridium devices take every command, signed under the device's key; JT/T 808
 * terminals take set-interval, ping and unlock (the standard's door unlock), unsigned (the protocol has no signature);
 * other protocols none. Each command
 * gets the device's next downlink counter, is sent through the ingress, and follows its status from the device's
 * acknowledgement or its timeout, every step in the audit log. Unlock authorisations: an officer authorises the unlock
 * of a seal of a supervised movement at a place (a customs office of {@code reference}, or the route plan's origin or
 * destination), remote or at the truck, confirmed by a second officer where the office has the two-person option; a
 * remote one is sent as the device's unlock command and followed to its answer; unlocks the devices report (through
 * {@code ingress.UnlockReportListener}) are matched to an authorisation and recorded as a custody step ({@code
 * movements.UnlockCustody}) or kept as unauthorised. An {@code UNLOCK} of a seal under supervision needs an effective
 * remote authorisation. No public types: the module is its HTTP API.
 */
@ApplicationModule(
        displayName = "Commands",
        allowedDependencies = {"audit", "devices", "identity", "ingress", "live", "movements", "reference", "shared"})
@NullMarked
package org.openects.server.commands;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
