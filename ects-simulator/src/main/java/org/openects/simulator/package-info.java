/** A fleet of virtual e-seals that drive along corridors and report over MQTT in the native protocol, with scripted incidents. */
@NullMarked
package org.openects.simulator;

import org.jspecify.annotations.NullMarked;
