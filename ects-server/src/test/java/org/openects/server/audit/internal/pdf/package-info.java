/** Unit tests of the movement report's PDF layout. */
@NullMarked
package org.openects.server.audit.internal.pdf;

import org.jspecify.annotations.NullMarked;
