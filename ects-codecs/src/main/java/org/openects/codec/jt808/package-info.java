/** JT/T 808 terminals (0x7e framing), with the Jointech JT709A / JT705A e-seal extensions 0x5501 and 0x5502. */
@NullMarked
package org.openects.codec.jt808;

import org.jspecify.annotations.NullMarked;
