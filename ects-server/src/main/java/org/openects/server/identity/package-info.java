/**
 * Identity: organisations, local accounts, roles, login (session for the UI, bearer tokens for the API) and the
 * authorisation rules every other module relies on. Public: {@link org.openects.server.identity.Role},
 * {@link org.openects.server.identity.OrganisationType}, {@link org.openects.server.identity.CurrentUser} (a controller
 * parameter), {@link org.openects.server.identity.Organisations}, {@link org.openects.server.identity.Accounts},
 * {@link org.openects.server.identity.DemoAccounts} and the {@link org.openects.server.identity.AccountLocked} event.
 */
@NullMarked
package org.openects.server.identity;

import org.jspecify.annotations.NullMarked;
