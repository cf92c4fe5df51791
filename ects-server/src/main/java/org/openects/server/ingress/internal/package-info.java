/** The embedded broker, the MQTT subscription, the partitioned ingest pipeline, the raw archive and its API. */
@NullMarked
package org.openects.server.ingress.internal;

import org.jspecify.annotations.NullMarked;
