/** Monitoring rules over a movement's state and the next report, and the route geometry they test against. No Spring. */
@NullMarked
package org.openects.rules;

import org.jspecify.annotations.NullMarked;
