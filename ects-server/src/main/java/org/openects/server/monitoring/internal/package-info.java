/** The partitioned monitoring engine, the batch writer, alert handling and the timeline and alert endpoints. */
@NullMarked
package org.openects.server.monitoring.internal;

import org.jspecify.annotations.NullMarked;
