/** Security tests across modules: the endpoint-by-role table, session login, API authentication failures. */
@NullMarked
package org.openects.server.security;

import org.jspecify.annotations.NullMarked;
