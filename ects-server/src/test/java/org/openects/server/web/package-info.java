/** Tests of the web UI: page rendering with MockMvc and the browser test against the whole platform. */
@NullMarked
package org.openects.server.web;

import org.jspecify.annotations.NullMarked;
