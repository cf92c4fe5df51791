/** Value types shared by the codecs, the monitoring rules, the simulator and the server: the normalised device report and its parts. */
@NullMarked
package org.openects.domain;

import org.jspecify.annotations.NullMarked;
