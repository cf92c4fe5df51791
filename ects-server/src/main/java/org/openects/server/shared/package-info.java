/**
 * Cross-cutting pieces every module may use: RFC 9457 problem details for API errors (stable problem types, the
 * exceptions that map to them, the advice that renders them), the worker skeleton ({@link
 * org.openects.server.shared.BatchWorker}), the batch writers' poison handling ({@link
 * org.openects.server.shared.PoisonSplitter}, {@link org.openects.server.shared.Quarantine}), queue alarms, bulk
 * inserts, work deferred until a commit ({@link org.openects.server.shared.AfterCommit}), time-ordered ids and
 * per-address token buckets.
 */
@ApplicationModule(
        displayName = "Shared",
        allowedDependencies = {},
        type = ApplicationModule.Type.OPEN)
@NullMarked
package org.openects.server.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
