/**
 * The RFC 6962 / RFC 9162 Merkle tree of the audit log: tree state storage as perfect subtree hashes, roots,
 * inclusion and consistency proofs, and their verification.
 */
@NullMarked
package org.openects.evidence.merkle;

import org.jspecify.annotations.NullMarked;
