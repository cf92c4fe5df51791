/** Tests of the identity module: login, lockout, tokens, administration API, demo accounts. */
@NullMarked
package org.openects.server.identity;

import org.jspecify.annotations.NullMarked;
