/**
 * The embedded broker, the MQTT subscription, the TCP listeners, the partitioned ingest pipeline, the raw archive and
 * its API, and the downlink: MQTT, native TCP connections and the Iridium DirectIP MT client.
 */
@NullMarked
package org.openects.server.ingress.internal;

import org.jspecify.annotations.NullMarked;
