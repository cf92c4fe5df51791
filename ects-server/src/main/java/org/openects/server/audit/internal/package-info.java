/** The audit log on the database: the single-writer sequencer, the tree store, the API, exports and fsck. */
@NullMarked
package org.openects.server.audit.internal;

import org.jspecify.annotations.NullMarked;
