/**
 * The platform's side of the demo mode ({@code ./ects demo}): the guard that refuses it where real data may live, the
 * published demo accounts (disabled at every start without it), new keys for the demo seals and the ready file the
 * simulated fleet waits for. The fleet is the simulator's ({@code ects-simulator}, not in the server jar): {@code ./ects
 * demo} starts it in a JVM of its own, a client of the platform's API and MQTT broker like any other.
 */
@ApplicationModule(
        displayName = "Demo",
        allowedDependencies = {"devices", "identity", "ingress"})
@NullMarked
package org.openects.server.demo;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
