/** Jointech JT600 / JT701-family e-locks: binary {@code $} frames and text {@code (…)} frames, one codec for both. */
@NullMarked
package org.openects.codec.jointech;

import org.jspecify.annotations.NullMarked;
