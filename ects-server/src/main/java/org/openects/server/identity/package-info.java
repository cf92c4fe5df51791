/**
 * Identity: organisations, local accounts, roles, login (session for the UI, bearer tokens for the API) and the
 * authorisation rules every other module relies on. Public: {@link org.openects.server.identity.Role},
 * {@link org.openects.server.identity.OrganisationType}, {@link org.openects.server.identity.CurrentUser}.
 */
@NullMarked
package org.openects.server.identity;

import org.jspecify.annotations.NullMarked;
