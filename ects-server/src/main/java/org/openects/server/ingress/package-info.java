/**
 * Ingress: turns device bytes into accepted reports. Runs the embedded MQTT broker in single-box mode, subscribes to
 * the device topics, archives every received message raw with its digest and outcome, verifies it, and hands the
 * accepted reports to monitoring. Public: {@link org.openects.server.ingress.MqttProperties}.
 */
@NullMarked
package org.openects.server.ingress;

import org.jspecify.annotations.NullMarked;
