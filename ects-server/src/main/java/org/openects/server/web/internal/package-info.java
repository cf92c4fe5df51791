/** Page controllers and view model helpers of the web UI. */
@NullMarked
package org.openects.server.web.internal;

import org.jspecify.annotations.NullMarked;
