/** The end-to-end load run: simulated devices over a real MQTT broker into the platform on PostgreSQL. */
@NullMarked
package org.openects.benchmarks.load;

import org.jspecify.annotations.NullMarked;
