/** Command-line tools of the evidence module: the offline bundle verifier for auditors. */
@NullMarked
package org.openects.evidence.cli;

import org.jspecify.annotations.NullMarked;
