/**
 * Checkpoints of the log (C2SP tlog-checkpoint) in C2SP signed notes with Ed25519 keys: signing, verifying, key
 * formats, and the check that a newer checkpoint extends an older one.
 */
@NullMarked
package org.openects.evidence.checkpoint;

import org.jspecify.annotations.NullMarked;
