/**
 * Monitoring, the hot path after ingress: each accepted report goes to its movement's partition, through the
 * monitoring rules, and out as stored reports, movement events, alerts and live updates, all written in batches.
 * Public: {@link org.openects.server.monitoring.ReportIntake}.
 */
@ApplicationModule(
        displayName = "Monitoring",
        allowedDependencies = {"audit", "identity", "live", "movements", "shared"})
@NullMarked
package org.openects.server.monitoring;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
