/**
 * Identity internals: account storage, password policy, lockout and login throttling, bearer tokens, the security
 * filter chains, bootstrap of the first administrator and the identity REST API.
 */
@NullMarked
package org.openects.server.identity.internal;

import org.jspecify.annotations.NullMarked;
