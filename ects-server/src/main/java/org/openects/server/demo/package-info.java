/**
 * The demo mode ({@code ./ects demo}): demo accounts, a registered fleet of e-seals with movements on the
 * Mombasa-Malaba corridor, and the simulator driving them over real MQTT.
 */
@ApplicationModule(
        displayName = "Demo",
        allowedDependencies = {"devices", "identity", "ingress", "movements"})
@NullMarked
package org.openects.server.demo;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
