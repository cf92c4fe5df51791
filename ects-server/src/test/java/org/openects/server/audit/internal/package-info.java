/** Unit tests of the audit log's storage on H2. */
@NullMarked
package org.openects.server.audit.internal;

import org.jspecify.annotations.NullMarked;
