/** The audit log itself: the single-writer sequencer that appends entries, and the full audit (fsck) of a stored log. */
@NullMarked
package org.openects.evidence.log;

import org.jspecify.annotations.NullMarked;
