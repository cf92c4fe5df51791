/** Tests of the simulated fleet against the whole platform: {@code ./ects simulate}'s platform mode. */
@NullMarked
package org.openects.server.demo;

import org.jspecify.annotations.NullMarked;
