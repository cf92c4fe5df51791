/**
 * Cross-cutting pieces every module may use: RFC 9457 problem details for API errors (stable problem types, the
 * exceptions that map to them, the advice that renders them).
 */
@ApplicationModule(
        displayName = "Shared",
        allowedDependencies = {},
        type = ApplicationModule.Type.OPEN)
@NullMarked
package org.openects.server.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
