/**
 * The transports (embedded broker, MQTT subscription, HTTP ingest, TCP listeners, the Iridium DirectIP gateway
 * filter), the partitioned ingest pipeline ({@code IngestPipeline} on the shared worker skeleton, {@code FrameJudge}
 * and the {@code AdmissionPolicies}), the raw archive and its API ({@code ArchivedFrames}), derivation recovery at
 * start, and the downlink: MQTT, native TCP connections, JT/T 808 connections and the Iridium DirectIP MT client.
 */
@NullMarked
package org.openects.server.ingress.internal;

import org.jspecify.annotations.NullMarked;
