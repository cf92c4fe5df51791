/** Audit log entries and their canonical byte form, the leaves of the Merkle tree. */
@NullMarked
package org.openects.evidence.entry;

import org.jspecify.annotations.NullMarked;
