/**
 * The demo mode ({@code ./ects demo}): demo accounts, a registered fleet of e-seals with movements on the
 * Mombasa-Malaba corridor, and the simulator driving them over real MQTT.
 */
@NullMarked
package org.openects.server.demo;

import org.jspecify.annotations.NullMarked;
