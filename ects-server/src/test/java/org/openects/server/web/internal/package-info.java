/** Tests of the page controllers. */
@NullMarked
package org.openects.server.web.internal;

import org.jspecify.annotations.NullMarked;
