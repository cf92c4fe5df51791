/** Tests of identity internals: password policy, throttle, token secret, administrator bootstrap. */
@NullMarked
package org.openects.server.identity.internal;

import org.jspecify.annotations.NullMarked;
