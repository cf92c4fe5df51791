/** Integration tests of the audit log: entries, checkpoints, proofs, exports, guards and fsck. */
@NullMarked
package org.openects.server.audit;

import org.jspecify.annotations.NullMarked;
