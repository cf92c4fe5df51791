/** Command-line tools over the codecs: {@code ./ects decode}. */
@NullMarked
package org.openects.codec.cli;

import org.jspecify.annotations.NullMarked;
