/**
 * Monitoring, the hot path after ingress: each accepted report goes to its device's partition, through the monitoring
 * rules, and out as stored reports, movement events, alerts and live updates, all written in batches by one writer.
 * Implements the audit module's {@link org.openects.server.audit.MovementActivitySource}. Public: {@link
 * org.openects.server.monitoring.ReportIntake}, {@link org.openects.server.monitoring.AlertState} and {@link
 * org.openects.server.monitoring.MonitoringProperties}.
 */
@ApplicationModule(
        displayName = "Monitoring",
        allowedDependencies = {"audit", "identity", "live", "movements", "shared"})
@NullMarked
package org.openects.server.monitoring;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
