/** Evidence: the verifiable audit log (RFC 6962 Merkle tree), signed checkpoints, exports and the offline verifier. No Spring. */
@NullMarked
package org.openects.evidence;

import org.jspecify.annotations.NullMarked;
