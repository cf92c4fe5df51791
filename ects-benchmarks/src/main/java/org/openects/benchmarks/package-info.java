/** JMH benchmarks of the report hot path. */
@NullMarked
package org.openects.benchmarks;

import org.jspecify.annotations.NullMarked;
